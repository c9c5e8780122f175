package cn.zhibu.security;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static cn.zhibu.support.Api.put;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Whoever leaves — the school, a branch, the party membership — leaves their powers and expectations behind. */
class LeavingTest {

  @Test
  @DisplayName("an admin who leaves the school by an external transfer loses every role, the admin post included")
  void adminLeavesTheSchool() {
    School school = School.create();
    Api.Session secretaryA = school.secretaryOf(school.branchA);
    Api.Session leaving = school.memberOf(school.branchA);
    put("/api/v1/orgs/" + school.collegeId + "/roles/" + leaving.id(), new JsonObject().put("roles",
        new JsonArray().add("admin")), school.rootAdmin.accessToken()).expect(200);
    get("/api/v1/orgs/" + school.collegeId + "/members?limit=1", leaving.accessToken()).expect(200);
    String id = post("/api/v1/transfers", new JsonObject().put("personId", leaving.id()).put("reason", "调离学校")
        .put("toExternal", new JsonObject().put("organisation", "中共某市某区委组织部")), secretaryA.accessToken())
        .expect(201).json().getString("id");
    post("/api/v1/transfers/" + id + "/decision", new JsonObject().put("approve", true), school.rootAdmin.accessToken())
        .expect(200);
    get("/api/v1/orgs/" + school.collegeId + "/members?limit=1", leaving.accessToken()).problem(403, "auth.forbidden");
    assertEquals(0, TestServer.get().count("SELECT count(*) FROM org_roles WHERE person_id = '" + leaving.id() + "'"));
  }

  @Test
  @DisplayName("people who leave a branch other than by transfer — roles taken away, moved by an import, taken below party membership — are no longer expected at its coming meeting and cannot check in")
  void leavingABranchEndsExpectations() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session stays = school.memberOf(school.branchA);
    Api.Session rolesRemoved = school.memberOf(school.branchA);
    Api.Session moved = school.memberOf(school.branchA);
    Api.Session demoted = school.memberOf(school.branchA);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String event = post("/api/v1/events", new JsonObject().put("orgId", school.branchA).put("type", "party_day")
        .put("title", "主题党日").put("startsAt", now.plusSeconds(600).toString()).put("endsAt", now.plusSeconds(7200).toString()),
        secretary.accessToken()).expect(201).json().getString("id");
    assertEquals(5, get("/api/v1/events/" + event + "/attendance", secretary.accessToken()).expect(200).json()
        .getInteger("expected"));

    put("/api/v1/orgs/" + school.branchA + "/roles/" + rolesRemoved.id(), new JsonObject().put("roles", new JsonArray()),
        school.rootAdmin.accessToken()).expect(200);
    post("/api/v1/orgs/" + school.branchB + "/roster", new JsonObject().put("entries", new JsonArray().add(entry(moved, "full"))),
        school.rootAdmin.accessToken()).expect(200);
    post("/api/v1/orgs/" + school.branchA + "/roster", new JsonObject().put("entries", new JsonArray().add(entry(demoted,
        "activist"))), school.rootAdmin.accessToken()).expect(200);

    JsonObject attendance = get("/api/v1/events/" + event + "/attendance", secretary.accessToken()).expect(200).json();
    assertEquals(2, attendance.getInteger("expected"));
    assertEquals(Set.of(secretary.id(), stays.id()), attendance.getJsonArray("members").stream().map(JsonObject.class::cast)
        .map(m -> m.getString("personId")).collect(Collectors.toSet()));
    String code = get("/api/v1/events/" + event + "/checkin-code", secretary.accessToken()).expect(200).json().getString("code");
    for (Api.Session gone : new Api.Session[] {rolesRemoved, moved, demoted}) {
      // 422 checkin.not_expected, or 404 for whoever no longer sees the branch's meetings at all.
      int status = post("/api/v1/events/" + event + "/checkins", new JsonObject().put("code", code), gone.accessToken())
          .status();
      assertEquals(true, status == 422 || status == 404, "refused: " + status);
    }
    assertEquals(0, TestServer.get().count("SELECT count(*) FROM checkins WHERE event_id = '" + event + "'"));
    post("/api/v1/events/" + event + "/checkins", new JsonObject().put("code", code), stays.accessToken()).expect(201);
  }

  private static JsonObject entry(Api.Session who, String stage) {
    TestServer db = TestServer.get();
    return new JsonObject().put("number", db.text("SELECT number FROM persons WHERE id = '" + who.id() + "'"))
        .put("name", db.text("SELECT name FROM persons WHERE id = '" + who.id() + "'")).put("stage", stage).put("role", "member");
  }
}
