package cn.zhibu.meeting;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static cn.zhibu.support.Api.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Events above the branch, for an audience (api-outline round 3): who is expected, frozen at creation and kept so. */
class AudienceTest {

  private static JsonObject training(String orgId, String title, JsonObject audience) {
    Instant now = Instant.now();
    JsonObject body = new JsonObject().put("orgId", orgId).put("type", "training").put("title", title)
        .put("startsAt", now.plusSeconds(600).toString()).put("endsAt", now.plusSeconds(600 + 3 * 3600).toString());
    return audience == null ? body : body.put("audience", audience);
  }

  private static long expected(String eventId, String personId) {
    return TestServer.get().count("SELECT count(*) FROM event_attendees WHERE event_id = '" + eventId
        + "' AND person_id = '" + personId + "'");
  }

  @Test
  @DisplayName("the 组织部 trains the secretaries of a college: only they are expected, they check in and ask leave as at any meeting")
  void secretariesTraining() {
    School school = School.create();
    Api.Session secA = school.secretaryOf(school.branchA);
    Api.Session secB = school.secretaryOf(school.branchB);
    Api.Session member = school.memberOf(school.branchA);
    Api.Session collegeAdmin = school.adminOf(school.collegeId);
    JsonObject event = post("/api/v1/events", training(school.collegeId, "支部书记培训班",
        new JsonObject().put("kind", "secretaries")), collegeAdmin.accessToken()).expect(201).json();
    String id = event.getString("id");
    assertEquals(2, event.getInteger("expected"), "the two branch secretaries, nobody else");
    assertEquals(1, expected(id, secA.id()));
    assertEquals(0, expected(id, member.id()));
    // an admin of the college may hold the college's own events, not a branch's for it
    post("/api/v1/events", training(school.branchA, "代开的党课", null), collegeAdmin.accessToken())
        .problem(403, "auth.forbidden");
    post("/api/v1/events/" + id + "/leaves", new JsonObject().put("reason", "带学生外出实习"), secB.accessToken()).expect(201);
    int refused = post("/api/v1/events/" + id + "/leaves", new JsonObject().put("reason", "想请假"), member.accessToken()).status();
    assertTrue(refused == 404 || refused == 422, "not expected there: " + refused);
    get("/api/v1/events/" + id, secA.accessToken()).expect(200);
    // on the phone, the training is among the secretary's meetings, not among the member's
    assertTrue(get("/api/v1/me/events", secA.accessToken()).expect(200).json().getJsonArray("items").stream()
        .map(JsonObject.class::cast).anyMatch(e -> id.equals(e.getString("id"))));
    assertTrue(get("/api/v1/me/events", member.accessToken()).expect(200).json().getJsonArray("items").stream()
        .map(JsonObject.class::cast).noneMatch(e -> id.equals(e.getString("id"))));
  }

  @Test
  @DisplayName("a college's members are every party member below it; its 积极分子培训班 its people in development; named people only if below it; a 支委会 takes no audience")
  void audiences() {
    School school = School.create();
    Api.Session team = school.memberOf(school.branchA);
    put("/api/v1/orgs/" + school.collegeId + "/roles/" + team.id(), new JsonObject().put("roles", new JsonArray().add("committee")),
        school.rootAdmin.accessToken()).expect(200);
    Api.Session a = school.memberOf(school.branchA);
    Api.Session b = school.memberOf(school.branchB);
    Api.Session applicant = school.bound(school.branchB, "activist", "member");
    long partyMembers = TestServer.get().count("SELECT count(*) FROM persons p JOIN orgs o ON o.id = p.org_id WHERE '"
        + school.collegeId + "' = ANY(o.ancestry) AND p.stage IN ('probationary', 'full') AND p.anonymised_at IS NULL");
    JsonObject all = post("/api/v1/events", training(school.collegeId, "学院党课", null), team.accessToken()).expect(201).json();
    assertEquals(partyMembers, all.getInteger("expected").longValue());
    assertEquals(1, expected(all.getString("id"), b.id()));
    assertEquals(0, expected(all.getString("id"), applicant.id()));
    JsonObject activists = post("/api/v1/events", training(school.collegeId, "入党积极分子培训班",
        new JsonObject().put("kind", "activists")), team.accessToken()).expect(201).json();
    assertEquals(1, expected(activists.getString("id"), applicant.id()));
    assertEquals(0, expected(activists.getString("id"), a.id()));
    JsonObject named = post("/api/v1/events", training(school.collegeId, "专题研讨",
        new JsonObject().put("kind", "people").put("personIds", new JsonArray().add(a.id()).add(b.id()))), team.accessToken())
        .expect(201).json();
    assertEquals(2, named.getInteger("expected"));
    School other = School.create();
    Api.Session outsider = other.memberOf(other.branchA);
    JsonObject stranger = post("/api/v1/events", training(school.collegeId, "专题研讨（外校）",
        new JsonObject().put("kind", "people").put("personIds", new JsonArray().add(outsider.id()))), team.accessToken())
        .expect(201).json();
    assertEquals(0, stranger.getInteger("expected"), "someone not below the college is never expected there");
    post("/api/v1/events", training(school.collegeId, "无名单", new JsonObject().put("kind", "people")), team.accessToken())
        .problem(422, "event.invalid_audience");
    JsonObject committee = training(school.branchA, "支委会", new JsonObject().put("kind", "leaders")).put("type", "committee_meeting");
    post("/api/v1/events", committee, school.secretaryOf(school.branchA).accessToken()).problem(422, "event.invalid_audience");
  }

  @Test
  @DisplayName("attendees stay while they still belong to the audience: a role changed elsewhere keeps a secretary at the college's training; no longer a secretary, no longer expected")
  void leaving() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    JsonObject event = post("/api/v1/events", training(school.collegeId, "书记轮训", new JsonObject().put("kind", "secretaries")),
        school.adminOf(school.collegeId).accessToken()).expect(201).json();
    String id = event.getString("id");
    assertEquals(1, expected(id, secretary.id()));
    // the branch's roles rewritten with the secretary still secretary (a post added): they stay
    put("/api/v1/orgs/" + school.branchA + "/roles/" + secretary.id(), new JsonObject().put("roles",
        new JsonArray().add("member").add("secretary").add("committee")).put("post", "组织委员"), school.rootAdmin.accessToken())
        .expect(200);
    assertEquals(1, expected(id, secretary.id()), "still a secretary below the college");
    put("/api/v1/orgs/" + school.branchA + "/roles/" + secretary.id(), new JsonObject().put("roles", new JsonArray().add("member")),
        school.rootAdmin.accessToken()).expect(200);
    assertEquals(0, expected(id, secretary.id()), "no longer a secretary: no longer expected at the secretaries' training");
    assertEquals(0, get("/api/v1/events/" + id, school.rootAdmin.accessToken()).expect(200).json().getInteger("expected"));
  }

  @Test
  @DisplayName("a meeting's study hours are at most its length at 45 minutes a 学时")
  void studyHoursWithinLength() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Instant now = Instant.now();
    String id = post("/api/v1/events", new JsonObject().put("orgId", school.branchA).put("type", "party_lesson").put("title", "党课")
        .put("startsAt", now.plusSeconds(600).toString()).put("endsAt", now.plusSeconds(600 + 7200).toString()),
        secretary.accessToken()).expect(201).json().getString("id");
    Api.send("PATCH", "/api/v1/events/" + id, new JsonObject().put("studyHours", 2.5), secretary.accessToken(), java.util.Map.of())
        .expect(200);
    Api.Res tooMany = Api.send("PATCH", "/api/v1/events/" + id, new JsonObject().put("studyHours", 2.75), secretary.accessToken(),
        java.util.Map.of()).problem(422, "event.study_hours_exceed_length");
    assertTrue(tooMany.json().getString("detail").contains("45 分钟"), tooMany.body());
    // shortening the meeting below the hours already given is refused too
    Api.send("PATCH", "/api/v1/events/" + id, new JsonObject().put("endsAt", now.plusSeconds(600 + 3600).toString()),
        secretary.accessToken(), java.util.Map.of()).problem(422, "event.study_hours_exceed_length");
  }
}
