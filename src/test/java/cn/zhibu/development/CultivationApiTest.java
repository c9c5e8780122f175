package cn.zhibu.development;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static cn.zhibu.support.Api.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** 培养联系人, 入党介绍人 and 思想汇报 through the API. */
class CultivationApiTest {

  private static LocalDate today() {
    return LocalDate.now(TestServer.get().clock.withZone(ZoneId.of("Asia/Shanghai")));
  }

  private static String quarter(LocalDate day) {
    return day.getYear() + "-Q" + ((day.getMonthValue() - 1) / 3 + 1);
  }

  private static Api.Res contacts(Api.Session who, String person, JsonArray contactIds, JsonArray introducerIds) {
    JsonObject body = new JsonObject().put("contactIds", contactIds);
    if (introducerIds != null) {
      body.put("introducerIds", introducerIds);
    }
    return put("/api/v1/people/" + person + "/development/contacts", body, who.accessToken());
  }

  private static Api.Res report(Api.Session who, String period, String text) {
    return post("/api/v1/me/thought-reports", new JsonObject().put("period", period).put("text", text), who.accessToken());
  }

  @Test
  @DisplayName("contacts are full members the secretary manages; introducers only from 发展对象 on; the person sees both")
  void contactsAndIntroducers() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session activist = school.bound(school.branchA, "activist", "member");
    Api.Session mentor = school.memberOf(school.branchA);
    Api.Session second = school.memberOf(school.branchA);
    Api.Session probationary = school.bound(school.branchA, "probationary", "member");
    Api.Session outsider = school.memberOf(school.branchB);

    contacts(secretary, activist.id(), new JsonArray().add(probationary.id()), null)
        .problem(422, "development.contact_not_full_member");
    contacts(secretary, activist.id(), new JsonArray().add(activist.id()), null)
        .problem(422, "development.contact_not_full_member");
    contacts(secretary, activist.id(), new JsonArray().add(outsider.id()), null)
        .problem(422, "development.contact_not_full_member");
    contacts(secretary, activist.id(), new JsonArray().add(mentor.id()), new JsonArray().add(mentor.id()).add(second.id()))
        .problem(422, "development.introducers_too_early");
    contacts(secretary, mentor.id(), new JsonArray().add(second.id()), null).problem(422, "development.not_in_development");
    contacts(mentor, activist.id(), new JsonArray().add(second.id()), null).problem(403, "auth.forbidden");
    contacts(school.secretaryOf(school.branchB), activist.id(), new JsonArray().add(second.id()), null)
        .problem(404, "not_found");
    contacts(secretary, activist.id(), new JsonArray().add(mentor.id()).add(second.id()).add(secretary.id()), null)
        .expect(400);

    JsonObject named = contacts(secretary, activist.id(), new JsonArray().add(mentor.id()).add(second.id()), null)
        .expect(200).json();
    assertEquals(2, named.getJsonArray("contacts").size());
    assertEquals(0, named.getJsonArray("introducers").size());
    JsonObject seen = get("/api/v1/people/" + activist.id() + "/development", activist.accessToken()).expect(200).json();
    assertEquals(java.util.Set.of(mentor.id(), second.id()), seen.getJsonArray("contacts").stream()
        .map(c -> ((JsonObject) c).getString("personId")).collect(java.util.stream.Collectors.toSet()),
        "the person sees who cultivates them");

    TestServer.get().execute("UPDATE persons SET stage = 'candidate' WHERE id = '" + activist.id() + "'");
    JsonObject introduced = contacts(secretary, activist.id(), new JsonArray().add(mentor.id()),
        new JsonArray().add(second.id()).add(secretary.id())).expect(200).json();
    assertEquals(1, introduced.getJsonArray("contacts").size());
    assertEquals(2, introduced.getJsonArray("introducers").size());
    JsonObject kept = contacts(secretary, activist.id(), new JsonArray().add(second.id()), null).expect(200).json();
    assertEquals(2, kept.getJsonArray("introducers").size(), "introducers omitted: left as they are");
    assertEquals(second.id(), kept.getJsonArray("contacts").getJsonObject(0).getString("personId"));
    assertEquals(3, TestServer.get().count("SELECT count(*) FROM audit_log WHERE action = 'development.contacts'"
        + " AND target = 'person:" + activist.id() + "'"));
  }

  @Test
  @DisplayName("思想汇报: written by people in development, read and acknowledged once by a contact or the secretary, behind listed first")
  void thoughtReports() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session writer = school.bound(school.branchA, "activist", "member");
    Api.Session silent = school.bound(school.branchA, "candidate", "member");
    Api.Session mentor = school.memberOf(school.branchA);
    Api.Session member = school.memberOf(school.branchA);
    String now = quarter(today());
    String previous = quarter(today().minusMonths(3));

    report(writer, quarter(today().plusMonths(3)), "下季度的汇报").problem(422, "thought_report.future_period");
    report(member, now, "正式党员不交思想汇报").problem(422, "thought_report.not_expected");
    report(writer, "2026-Q5", "坏季度").expect(400);
    JsonObject handed = report(writer, previous, "学习党章的体会……").expect(201).json();
    assertEquals(previous, handed.getString("period"));
    assertNull(handed.getValue("ackedBy"));
    String id = handed.getString("id");

    contacts(secretary, writer.id(), new JsonArray().add(mentor.id()), null).expect(200);
    JsonObject waiting = get("/api/v1/me/thought-reports", mentor.accessToken()).expect(200).json();
    assertFalse(waiting.getBoolean("required"), "a full member does not write them");
    assertEquals(id, waiting.getJsonArray("toAcknowledge").getJsonObject(0).getString("id"), "the contact sees it waiting");
    post("/api/v1/thought-reports/" + id + "/ack", new JsonObject(), writer.accessToken()).problem(422, "thought_report.own");
    post("/api/v1/thought-reports/" + id + "/ack", new JsonObject(), member.accessToken()).problem(404, "not_found");
    post("/api/v1/thought-reports/" + id + "/ack", new JsonObject(), school.secretaryOf(school.branchB).accessToken())
        .problem(404, "not_found");
    List<CompletableFuture<Integer>> racing = List.of(
        CompletableFuture.supplyAsync(() -> post("/api/v1/thought-reports/" + id + "/ack",
            new JsonObject().put("comment", "认识深刻，继续努力"), mentor.accessToken()).status()),
        CompletableFuture.supplyAsync(() -> post("/api/v1/thought-reports/" + id + "/ack",
            new JsonObject().put("comment", "已阅"), secretary.accessToken()).status()));
    assertEquals(List.of(200, 409), racing.stream().map(CompletableFuture::join).sorted().toList(), "acknowledged once");
    JsonObject mine = get("/api/v1/me/thought-reports", writer.accessToken()).expect(200).json();
    assertTrue(mine.getBoolean("required"));
    assertEquals(now, mine.getString("currentPeriod"));
    assertTrue(mine.getJsonArray("items").getJsonObject(0).getJsonObject("ackedBy") != null, "the writer sees who read it");
    assertEquals(0, get("/api/v1/me/thought-reports", mentor.accessToken()).expect(200).json()
        .getJsonArray("toAcknowledge").size());

    JsonObject follow = get("/api/v1/orgs/" + school.branchA + "/thought-reports", secretary.accessToken()).expect(200).json();
    JsonArray people = follow.getJsonArray("people");
    assertEquals(silent.id(), people.getJsonObject(0).getString("personId"), "the one behind first");
    assertTrue(people.getJsonObject(0).getBoolean("behind"));
    JsonObject written = people.stream().map(JsonObject.class::cast).filter(p -> writer.id().equals(p.getString("personId")))
        .findFirst().orElseThrow();
    assertFalse(written.getBoolean("behind"), "a report for the last quarter keeps them up to date");
    assertEquals(0, written.getInteger("unacknowledged"));
    assertTrue(follow.getJsonArray("reports").stream().map(JsonObject.class::cast)
        .anyMatch(r -> id.equals(r.getString("id"))) == (LocalDate.parse(handed.getString("submittedAt").substring(0, 10))
        .getYear() == follow.getInteger("year")));
    get("/api/v1/orgs/" + school.branchA + "/thought-reports", member.accessToken()).problem(403, "auth.forbidden");
    assertEquals(1, get("/api/v1/me/data", writer.accessToken()).expect(200).json().getJsonArray("thoughtReports").size(),
        "PIPL: the writer's data holds their reports");
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM audit_log WHERE action = 'thought_report.ack'"
        + " AND target = 'thought_report:" + id + "'"));
  }
}
