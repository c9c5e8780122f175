package cn.zhibu.assessment;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import cn.zhibu.platform.Times;
import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** 评选表彰: nominated with evidence by secretaries, shortlisted into a 公示, confirmed only after it, onto the record. */
class HonourApiTest {

  @AfterEach
  void putClockBack() {
    TestServer.get().clock.reset();
  }

  private static LocalDate today() {
    return LocalDate.now(TestServer.get().clock.withZone(ZoneId.of("Asia/Shanghai")));
  }

  private static JsonObject nomination(String kind, String personId, String orgId) {
    JsonObject n = new JsonObject().put("kind", kind).put("reason", "带头落实三会一课，志愿服务时长全支部第一");
    return personId != null ? n.put("personId", personId) : n.put("orgId", orgId);
  }

  @Test
  @DisplayName("nominations with evidence, never oneself, a secretary for their own; the 公示 shown to the subtree for its working days; confirmed only after it, once, onto the record")
  void honours() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session a = school.memberOf(school.branchA);
    Api.Session b = school.memberOf(school.branchA);
    Api.Session other = school.memberOf(school.branchB);
    Api.Session collegeAdmin = school.adminOf(school.collegeId);
    Instant now = TestServer.get().clock.instant();
    JsonObject round = post("/api/v1/orgs/" + school.collegeId + "/honours", new JsonObject().put("year", today().getYear())
        .put("kinds", new JsonArray().add("excellent_member").add("excellent_worker").add("advanced_org"))
        .put("nominationsCloseAt", now.plusSeconds(3600).toString()).put("noticeWorkingDays", 5), collegeAdmin.accessToken())
        .expect(201).json();
    String id = round.getString("id");
    assertEquals("nominating", round.getString("state"));
    String nominate = "/api/v1/honours/" + id + "/nominations";

    JsonObject ofA = post(nominate, nomination("excellent_member", a.id(), null), secretary.accessToken()).expect(201).json();
    JsonObject evidence = ofA.getJsonObject("evidence");
    assertNotNull(evidence.getValue("points"), "points of the year, from the ledger");
    assertEquals(0.0, evidence.getDouble("studyHours"));
    assertEquals(0.0, evidence.getDouble("volunteerHours"));
    post(nominate, nomination("excellent_member", a.id(), null), secretary.accessToken()).problem(409, "honour.duplicate");
    post(nominate, nomination("excellent_member", secretary.id(), null), secretary.accessToken())
        .problem(422, "honour.own_nomination");
    post(nominate, nomination("excellent_member", other.id(), null), secretary.accessToken())
        .problem(422, "honour.invalid_nominee");
    post(nominate, nomination("excellent_member", b.id(), null), a.accessToken()).problem(422, "honour.invalid_nominee");
    post(nominate, nomination("advanced_org", null, school.branchB), secretary.accessToken())
        .problem(422, "honour.invalid_nominee");
    post(nominate, nomination("advanced_org", a.id(), null), secretary.accessToken()).problem(422, "honour.invalid_nominee");
    JsonObject ofBranch = post(nominate, nomination("advanced_org", null, school.branchA), secretary.accessToken())
        .expect(201).json();
    JsonObject ofB = post(nominate, nomination("excellent_worker", b.id(), null), secretary.accessToken()).expect(201).json();
    assertEquals(3, get("/api/v1/honours/" + id, secretary.accessToken()).expect(200).json().getJsonArray("nominations").size());
    assertEquals(0, get("/api/v1/honours/" + id, other.accessToken()).expect(200).json().getJsonArray("nominations").size(),
        "a member sees no one's nominations");
    String shortlist = "/api/v1/honours/" + id + "/shortlist";
    JsonObject two = new JsonObject().put("nominationIds", new JsonArray().add(ofA.getString("id")).add(ofBranch.getString("id")));
    post(shortlist, two, collegeAdmin.accessToken()).problem(409, "honour.nominations_open");

    TestServer.get().clock.advance(Duration.ofHours(2));
    post(nominate, nomination("excellent_member", b.id(), null), secretary.accessToken()).problem(409, "honour.nominations_closed");
    post(shortlist, two, secretary.accessToken()).problem(403, "auth.forbidden");
    JsonObject noticed = post(shortlist, two, collegeAdmin.accessToken()).expect(200).json();
    assertEquals("notice", noticed.getString("state"));
    assertEquals(Times.plusWorkingDays(today(), 5).toString(), noticed.getString("noticeEndsOn"));
    post(shortlist, two, collegeAdmin.accessToken()).problem(409, "honour.already_shortlisted");
    JsonArray shown = get("/api/v1/orgs/" + school.branchB + "/public-notices", other.accessToken()).expect(200).json()
        .getJsonArray("items");
    assertEquals(2, shown.size(), "everyone in the college sees the 公示");
    assertEquals(List.of(a.user().getString("name")), shown.stream().map(JsonObject.class::cast)
        .filter(n -> "excellent_member".equals(n.getString("kind"))).map(n -> n.getString("nominee")).toList());
    School elsewhere = School.create();
    Api.Session outsider = elsewhere.memberOf(elsewhere.branchA);
    assertEquals(0, get("/api/v1/orgs/" + elsewhere.branchA + "/public-notices", outsider.accessToken()).expect(200).json()
        .getJsonArray("items").stream().filter(n -> id.equals(((JsonObject) n).getString("honourId"))).count(),
        "another college does not see it");
    String confirm = "/api/v1/honours/" + id + "/confirm";
    post(confirm, two, collegeAdmin.accessToken()).problem(409, "honour.notice_running");

    TestServer.get().clock.advance(Duration.ofDays(10));
    assertEquals(0, get("/api/v1/orgs/" + school.branchB + "/public-notices", other.accessToken()).expect(200).json()
        .getJsonArray("items").size(), "the 公示 is over");
    post(confirm, new JsonObject().put("nominationIds", new JsonArray().add(ofB.getString("id"))), collegeAdmin.accessToken())
        .problem(422, "honour.not_shortlisted");
    assertEquals("confirmed", post(confirm, two, collegeAdmin.accessToken()).expect(200).json().getString("state"));
    post(confirm, two, collegeAdmin.accessToken()).problem(409, "honour.already_confirmed");
    JsonArray mine = get("/api/v1/people/" + a.id() + "/honours", a.accessToken()).expect(200).json().getJsonArray("items");
    assertEquals("excellent_member", mine.getJsonObject(0).getString("kind"));
    assertEquals(1, get("/api/v1/people/" + a.id() + "/honours", secretary.accessToken()).expect(200).json()
        .getJsonArray("items").size());
    get("/api/v1/people/" + a.id() + "/honours", b.accessToken()).problem(403, "auth.forbidden");
    assertEquals(0, get("/api/v1/people/" + b.id() + "/honours", b.accessToken()).expect(200).json().getJsonArray("items").size(),
        "not shortlisted, not honoured");
    Api.Res sheet = get("/api/v1/honours/" + id + "?format=xlsx", collegeAdmin.accessToken()).expect(200);
    assertEquals('P', (char) sheet.bytes()[0], "the honours list as xlsx");
    assertEquals("advanced_org", get("/api/v1/orgs/" + school.branchA + "/honours-received", a.accessToken()).expect(200)
        .json().getJsonArray("items").getJsonObject(0).getString("kind"));
  }
}
