package cn.zhibu.security;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static cn.zhibu.support.Api.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * OWASP API Top 10: broken object- and function-level authorisation, mass assignment, injection. Branch A's
 * objects are attacked by a member of branch B, a secretary of another college, and a resident, guessing ids.
 */
class ObjectAccessTest {
  static School school;
  static School other;
  static Api.Session secretaryA;
  static Api.Session memberA;
  static Api.Session memberB;
  static Api.Session foreignSecretary;
  static Api.Session resident;

  @BeforeAll
  static void setUp() {
    school = School.create();
    other = School.create();
    secretaryA = school.secretaryOf(school.branchA);
    memberA = school.memberOf(school.branchA);
    memberB = school.memberOf(school.branchB);
    foreignSecretary = other.secretaryOf(other.branchA);
    resident = Api.newcomer();
  }

  private static void eachOutsider(java.util.function.Function<Api.Session, Api.Res> call, int status) {
    for (Api.Session outsider : new Api.Session[] {memberB, foreignSecretary, resident}) {
      Api.Res res = call.apply(outsider);
      assertEquals(status, res.status(), () -> "outsider got " + res.status() + ": " + res.body());
      assertEquals("application/problem+json", res.contentType());
    }
  }

  @Test
  @DisplayName("events, check-ins and leave of branch A are not found by outsiders")
  void events() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String event = post("/api/v1/events", new JsonObject().put("orgId", school.branchA).put("type", "party_day")
        .put("title", "A").put("startsAt", now.toString()).put("endsAt", now.plusSeconds(3_600).toString()),
        secretaryA.accessToken()).expect(201).json().getString("id");
    String leave = post("/api/v1/events/" + event + "/leaves", new JsonObject().put("reason", "出差"), memberA.accessToken())
        .expect(201).json().getString("id");
    eachOutsider(o -> get("/api/v1/events/" + event, o.accessToken()), 404);
    eachOutsider(o -> post("/api/v1/events/" + event + "/checkins", new JsonObject().put("code", "x.y"), o.accessToken()), 404);
    eachOutsider(o -> get("/api/v1/events/" + event + "/attendance", o.accessToken()), 404);
    eachOutsider(o -> post("/api/v1/leaves/" + leave + "/decision", new JsonObject().put("approve", true), o.accessToken()), 404);
    get("/api/v1/events/" + event + "/checkin-code", memberA.accessToken()).problem(403, "auth.forbidden");
  }

  @Test
  @DisplayName("courses, study sessions, requests, notices, receipts and volunteer records are not found by outsiders")
  void otherObjects() {
    String course = post("/api/v1/courses", new JsonObject().put("orgId", school.branchA).put("title", "A课").put("creditHours", 0.02)
        .put("lessons", new JsonArray().add(new JsonObject().put("title", "1").put("durationSeconds", 60)
            .put("mediaUrl", "https://m.example.cn/1.mp4"))), secretaryA.accessToken()).expect(201).json().getString("id");
    String session = post("/api/v1/lessons/" + get("/api/v1/courses/" + course, memberA.accessToken()).json()
        .getJsonArray("lessons").getJsonObject(0).getString("id") + "/study-sessions", null, memberA.accessToken())
        .expect(201).json().getString("sessionId");
    String request = post("/api/v1/requests", new JsonObject().put("category", "生活").put("title", "私事").put("content", "内容"),
        memberA.accessToken()).expect(201).json().getString("id");
    String notice = post("/api/v1/notices", new JsonObject().put("title", "A通知").put("body", "x")
        .put("targetOrgIds", new JsonArray().add(school.branchA)), secretaryA.accessToken()).expect(201).json().getString("id");
    Instant t = School.daysAgoAtTen(2);
    String record = post("/api/v1/volunteer/records", new JsonObject().put("startedAt", t.toString())
        .put("endedAt", t.plusSeconds(3_600).toString()).put("description", "服务"), memberA.accessToken()).expect(201).json()
        .getString("id");

    eachOutsider(o -> get("/api/v1/courses/" + course, o.accessToken()), 404);
    eachOutsider(o -> post("/api/v1/study-sessions/" + session + "/heartbeats", new JsonObject().put("positionSeconds", 5),
        o.accessToken()), 404);
    eachOutsider(o -> get("/api/v1/requests/" + request, o.accessToken()), 404);
    eachOutsider(o -> get("/api/v1/notices/" + notice, o.accessToken()), 404);
    eachOutsider(o -> get("/api/v1/notices/" + notice + "/receipts", o.accessToken()), 404);
    eachOutsider(o -> post("/api/v1/volunteer/records/" + record + "/review", new JsonObject().put("approve", true),
        o.accessToken()), 404);
    get("/api/v1/notices/" + notice + "/receipts", memberA.accessToken()).problem(404, "not_found");
  }

  @Test
  @DisplayName("members, rosters and roles: a member cannot call secretary or admin operations; a secretary stays in the branch")
  void functionLevel() {
    get("/api/v1/orgs/" + school.branchA + "/members", memberA.accessToken()).problem(403, "auth.forbidden");
    post("/api/v1/orgs/" + school.branchA + "/roster", new JsonObject().put("entries", new JsonArray().add(
        new JsonObject().put("number", School.uniqueNumber()).put("name", "x").put("stage", "full"))), memberA.accessToken())
        .problem(403, "auth.forbidden");
    put("/api/v1/orgs/" + school.branchA + "/roles/" + memberA.id(), new JsonObject().put("roles", new JsonArray().add("secretary")),
        memberA.accessToken()).problem(403, "auth.forbidden");
    put("/api/v1/orgs/" + school.branchA + "/roles/" + memberA.id(), new JsonObject().put("roles", new JsonArray().add("secretary")),
        secretaryA.accessToken()).problem(403, "auth.forbidden");
    post("/api/v1/orgs", new JsonObject().put("parentId", school.collegeId).put("name", "x").put("kind", "branch"),
        secretaryA.accessToken()).problem(403, "auth.forbidden");
    get("/api/v1/orgs/" + school.collegeId + "/compliance?period=2026-11", secretaryA.accessToken()).problem(403, "auth.forbidden");
    post("/api/v1/leaderboards/rebuild", null, secretaryA.accessToken()).problem(403, "auth.forbidden");
    post("/api/v1/notices", new JsonObject().put("title", "x").put("body", "x").put("targetOrgIds", new JsonArray()
        .add(school.branchA)), memberA.accessToken()).problem(403, "auth.forbidden");
  }

  @Test
  @DisplayName("mass assignment: fields the contract does not list (status, roles, points, orgId...) are refused")
  void massAssignment() {
    post("/api/v1/requests", new JsonObject().put("category", "生活").put("title", "t").put("content", "c")
        .put("status", "closed"), memberA.accessToken()).problem(400, "request.invalid");
    post("/api/v1/auth/bind", new JsonObject().put("number", "x").put("name", "y").put("activationCode", "ABCDEFGH")
        .put("roles", new JsonArray().add("admin")), resident.accessToken()).problem(400, "request.invalid");
    post("/api/v1/volunteer/records", new JsonObject().put("startedAt", "2026-11-01T01:00:00Z")
        .put("endedAt", "2026-11-01T02:00:00Z").put("description", "d").put("status", "approved"), memberA.accessToken())
        .problem(400, "request.invalid");
    post("/api/v1/points/awards", new JsonObject().put("personId", memberA.id()).put("amount", 5).put("reason", "ok")
        .put("grantedBy", memberA.id()), secretaryA.accessToken()).problem(400, "request.invalid");
    post("/api/v1/orgs/" + school.branchA + "/roster", new JsonObject().put("entries", new JsonArray().add(
        new JsonObject().put("number", "N1").put("name", "x").put("stage", "full").put("orgId", other.branchA))),
        secretaryA.accessToken()).problem(400, "request.invalid");
  }

  @Test
  @DisplayName("injection: SQL, script and markdown payloads are stored and returned as inert data")
  void injection() {
    String sqlName = "Robert'); DROP TABLE persons;--";
    String number = School.uniqueNumber();
    post("/api/v1/orgs/" + school.branchA + "/roster", new JsonObject().put("entries", new JsonArray().add(
        new JsonObject().put("number", number).put("name", sqlName).put("stage", "full"))), secretaryA.accessToken())
        .expect(200);
    String members = get("/api/v1/orgs/" + school.branchA + "/members?limit=100", secretaryA.accessToken()).expect(200).body();
    assertTrue(new JsonObject(members).getJsonArray("items").stream().map(JsonObject.class::cast)
        .anyMatch(m -> sqlName.equals(m.getString("name"))));
    String script = "<script>alert('x')</script>";
    String id = post("/api/v1/requests", new JsonObject().put("category", "其他").put("title", script).put("content", script),
        memberA.accessToken()).expect(201).json().getString("id");
    Api.Res seen = get("/api/v1/requests/" + id, memberA.accessToken()).expect(200);
    assertEquals(script, seen.json().getString("title"));
    assertTrue(seen.contentType().startsWith("application/json"));
    String notice = post("/api/v1/notices", new JsonObject().put("title", script).put("body", script + " [x](javascript:alert(1))")
        .put("targetOrgIds", new JsonArray().add(school.branchA)), secretaryA.accessToken()).expect(201).json().getString("id");
    String html = get("/api/v1/notices/" + notice, memberA.accessToken()).expect(200).json().getString("html");
    assertFalse(html.contains("<script") || html.contains("href=\"javascript"), html);
  }

  @Test
  @DisplayName("a 429 tells the client when to retry")
  void retryAfter() {
    Api.Session login = Api.newcomer();
    Api.Res last = null;
    for (int i = 0; i < 6; i++) {
      last = post("/api/v1/auth/bind", new JsonObject().put("number", "N" + i).put("name", "x").put("activationCode", "ABCDEFGH"),
          login.accessToken());
    }
    last.problem(429, "rate_limited");
    long retryAfter = Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow());
    assertTrue(retryAfter > 0 && retryAfter <= 900, "Retry-After " + retryAfter);
  }
}
