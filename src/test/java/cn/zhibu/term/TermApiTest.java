package cn.zhibu.term;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** 按期换届: an org's term, the terms due with their reminders, and an election handed over by the org above. */
class TermApiTest {

  @AfterEach
  void putClockBack() {
    TestServer.get().clock.reset();
  }

  private static LocalDate today() {
    return LocalDate.now(TestServer.get().clock.withZone(ZoneId.of("Asia/Shanghai")));
  }

  private static Api.Res patch(String orgId, JsonObject body, Api.Session who) {
    return Api.send("PATCH", "/api/v1/orgs/" + orgId, body, who.accessToken(), Map.of());
  }

  @Test
  @DisplayName("an admin sets a branch's category and term: 3 years unless set, the end shown; not for a 党小组, not ahead")
  void settingATerm() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    String start = today().minusYears(1).toString();
    JsonObject org = patch(school.branchA, new JsonObject().put("category", "teacher").put("termStartedOn", start),
        school.adminOf(school.collegeId)).expect(200).json();
    assertEquals("teacher", org.getString("category"));
    assertEquals(3, org.getInteger("termYears"), "a branch's term is 3 years unless set (支部工作条例)");
    assertEquals(today().minusYears(1).plusYears(3).toString(), org.getString("termEndsOn"));
    assertEquals(org.getString("termEndsOn"), get("/api/v1/orgs/" + school.branchA, secretary.accessToken()).expect(200)
        .json().getString("termEndsOn"), "the branch reads its own term");
    assertEquals(5, get("/api/v1/orgs/" + school.collegeId, school.rootAdmin.accessToken()).expect(200).json()
        .getInteger("termYears"), "5 above the branch");
    assertEquals(2, patch(school.branchA, new JsonObject().put("termYears", 2), school.rootAdmin).expect(200).json()
        .getInteger("termYears"));

    patch(school.branchA, new JsonObject().put("termYears", 4), secretary).problem(403, "auth.forbidden");
    patch(school.branchA, new JsonObject().put("termStartedOn", today().plusDays(1).toString()), school.rootAdmin)
        .problem(422, "org.term_in_future");
    String group = School.org(school.rootAdmin, school.branchA, "第一党小组", "group");
    patch(group, new JsonObject().put("termYears", 3), school.rootAdmin).problem(422, "org.group_has_no_term");
    patch(school.branchA, new JsonObject().put("category", "alien"), school.rootAdmin).problem(400, "request.invalid");
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM audit_log WHERE action = 'org.update' AND target = 'org:"
        + school.branchA + "' AND detail->'after'->>'termYears' = '2' AND detail->'before'->>'termYears' IS NULL"));
  }

  @Test
  @DisplayName("terms due: overdue first, then ending soon, then the unknown; reminded at 30 days and when over, once each, to the branch and the org above")
  void termsDueAndReminders() {
    School school = School.create();
    Api.Session secretaryA = school.secretaryOf(school.branchA);
    Api.Session secretaryB = school.secretaryOf(school.branchB);
    Api.Session collegeAdmin = school.adminOf(school.collegeId);
    patch(school.branchA, new JsonObject().put("termStartedOn", today().minusYears(3).plusDays(20).toString()),
        school.rootAdmin).expect(200);
    patch(school.branchB, new JsonObject().put("termStartedOn", today().minusYears(4).toString()), school.rootAdmin)
        .expect(200);
    JsonObject due = get("/api/v1/orgs/" + school.collegeId + "/terms-due", secretaryA.accessToken()).problem(403,
        "auth.forbidden").json();
    due = get("/api/v1/orgs/" + school.collegeId + "/terms-due", collegeAdmin.accessToken()).expect(200).json();
    JsonArray items = due.getJsonArray("items");
    assertEquals(2, items.size());
    assertEquals(school.branchB, items.getJsonObject(0).getString("orgId"), "the overdue one first");
    assertTrue(items.getJsonObject(0).getBoolean("overdue"));
    assertEquals(20, items.getJsonObject(1).getInteger("daysLeft"));
    assertEquals(List.of(secretaryA.user().getString("name")), items.getJsonObject(1).getJsonArray("secretaries").getList());
    assertEquals(school.collegeId, due.getJsonArray("unknown").getJsonObject(0).getString("orgId"),
        "the college's own term is not recorded");
    assertEquals(1, get("/api/v1/orgs/" + school.collegeId + "/terms-due?withinDays=0", collegeAdmin.accessToken())
        .expect(200).json().getJsonArray("items").size(), "within 0 days: only the overdue");

    TestServer.get().runReminders();
    TestServer.get().runReminders();
    String termNotes = "SELECT count(*) FROM push_outbox WHERE topic = 'term' AND org_id = '%s' AND person_id = '%s'";
    assertEquals(1, TestServer.get().count(termNotes.formatted(school.branchA, secretaryA.id())), "once, however often");
    assertEquals(1, TestServer.get().count(termNotes.formatted(school.branchA, collegeAdmin.id())), "the org above hears too");
    assertEquals(1, TestServer.get().count(termNotes.formatted(school.branchB, secretaryB.id())));
    assertEquals(0, TestServer.get().count(termNotes.formatted(school.branchB, secretaryA.id())), "not another branch's");
    assertTrue(TestServer.get().text("SELECT note FROM push_outbox WHERE topic = 'term' AND person_id = '" + secretaryA.id()
        + "'").contains("还有20天"));

    TestServer.get().clock.advance(Duration.ofDays(21));
    TestServer.get().runReminders();
    assertEquals(2, TestServer.get().count(termNotes.formatted(school.branchA, secretaryA.id())), "and once it is over");
    assertEquals(1, TestServer.get().count(termNotes.formatted(school.branchB, secretaryB.id())), "overdue is said once");
  }

  private static JsonObject election(LocalDate heldOn, int eligible, int present, int seats, List<Api.Session> people,
      List<Integer> votes, Api.Session secretary) {
    JsonArray candidates = new JsonArray();
    for (int i = 0; i < people.size(); i++) {
      candidates.add(new JsonObject().put("personId", people.get(i).id()).put("votes", votes.get(i)));
    }
    return new JsonObject().put("heldOn", heldOn.toString()).put("eligible", eligible).put("present", present)
        .put("seats", seats).put("candidates", candidates).put("secretaryId", secretary.id());
  }

  @Test
  @DisplayName("an election: quorum, 差额, full members only, chosen from the elected; the org above approves, the roles change hands and a new term starts")
  void election() {
    School school = School.create();
    Api.Session oldSecretary = school.secretaryOf(school.branchA);
    Api.Session oldCommittee = school.bound(school.branchA, "full", "committee");
    Api.Session a = school.memberOf(school.branchA);
    Api.Session b = school.memberOf(school.branchA);
    Api.Session c = school.memberOf(school.branchA);
    Api.Session d = school.memberOf(school.branchA);
    Api.Session probationary = school.bound(school.branchA, "probationary", "member");
    Api.Session elsewhere = school.memberOf(school.branchB);
    String path = "/api/v1/orgs/" + school.branchA + "/elections";
    LocalDate heldOn = today().minusDays(2);
    List<Api.Session> four = List.of(a, b, c, d);
    List<Integer> votes = List.of(9, 8, 6, 3);
    String token = oldSecretary.accessToken();

    post(path, election(heldOn, 12, 6, 3, four, votes, a), token).problem(422, "election.no_quorum");
    post(path, election(heldOn, 12, 10, 4, four, votes, a), token).problem(422, "election.no_competition");
    post(path, election(heldOn, 12, 10, 3, List.of(a, b, c, probationary), votes, a), token)
        .problem(422, "election.invalid_candidates");
    post(path, election(heldOn, 12, 10, 3, List.of(a, b, c, elsewhere), votes, a), token)
        .problem(422, "election.invalid_candidates");
    post(path, election(heldOn, 12, 10, 3, four, votes, d), token).problem(422, "election.not_elected");
    post(path, election(heldOn, 12, 10, 3, four, votes, a), a.accessToken()).problem(403, "auth.forbidden");
    post(path, election(today().plusDays(1), 12, 10, 3, four, votes, a), token).problem(422, "org.term_in_future");
    assertEquals(0, TestServer.get().count("SELECT count(*) FROM elections WHERE org_id = '" + school.branchA + "'"),
        "nothing refused was kept");

    // 12 entitled, 10 present; 6 of 10 votes elects, 3 does not: two elected for three seats, one vacancy
    JsonObject body = election(heldOn, 12, 10, 3, four, votes, a)
        .put("posts", new JsonArray().add(new JsonObject().put("personId", b.id()).put("post", "组织委员")));
    JsonObject recorded = post(path, body, token).expect(201).json();
    assertEquals("pending", recorded.getString("state"));
    assertEquals(List.of(true, true, true, false), recorded.getJsonArray("candidates").stream()
        .map(x -> ((JsonObject) x).getBoolean("elected")).toList());
    assertEquals(0, recorded.getInteger("vacancies"));
    post(path, body, token).problem(409, "election.pending");

    String decision = "/api/v1/elections/" + recorded.getString("id") + "/decision";
    post(decision, new JsonObject().put("approve", true), token).problem(403, "auth.forbidden");
    Api.Session collegeAdmin = school.adminOf(school.collegeId);
    JsonObject approved = post(decision, new JsonObject().put("approve", true).put("note", "同意"),
        collegeAdmin.accessToken()).expect(200).json();
    assertEquals("approved", approved.getString("state"));
    post(decision, new JsonObject().put("approve", false), collegeAdmin.accessToken())
        .problem(409, "election.already_decided");

    assertEquals(heldOn.toString(), get("/api/v1/orgs/" + school.branchA, collegeAdmin.accessToken()).expect(200).json()
        .getString("termStartedOn"), "the new term starts on the day of the election");
    String roles = "SELECT string_agg(role || coalesce(':' || post, ''), ',' ORDER BY role) FROM org_roles WHERE org_id = '"
        + school.branchA + "' AND person_id = '%s'";
    assertEquals("member,secretary", TestServer.get().text(roles.formatted(a.id())));
    assertEquals("committee:组织委员,member", TestServer.get().text(roles.formatted(b.id())));
    assertEquals("committee,member", TestServer.get().text(roles.formatted(c.id())));
    assertEquals("member", TestServer.get().text(roles.formatted(oldSecretary.id())), "the old secretary stays a member");
    assertEquals("member", TestServer.get().text(roles.formatted(oldCommittee.id())));
    get("/api/v1/orgs/" + school.branchA + "/talks", a.accessToken()).expect(200);
    get("/api/v1/orgs/" + school.branchA + "/talks", oldSecretary.accessToken()).problem(403, "auth.forbidden");
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM audit_log WHERE action = 'election.decide' AND target = "
        + "'election:" + recorded.getString("id") + "' AND jsonb_array_length(detail->'before') = 2"));
    JsonArray listed = get(path, a.accessToken()).expect(200).json().getJsonArray("items");
    assertEquals(recorded.getString("id"), listed.getJsonObject(0).getString("id"));
    assertFalse(get("/api/v1/orgs/" + school.collegeId + "/terms-due?withinDays=3650", collegeAdmin.accessToken())
        .expect(200).json().getJsonArray("unknown").stream().anyMatch(o -> school.branchA.equals(((JsonObject) o)
            .getString("orgId"))), "the branch's term is now known");
  }

  @Test
  @DisplayName("whoever recorded an election, or stood in it, does not decide it; a refusal changes no role")
  void ownDecision() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchB);
    Api.Session a = school.memberOf(school.branchB);
    Api.Session b = school.memberOf(school.branchB);
    JsonObject recorded = post("/api/v1/orgs/" + school.branchB + "/elections",
        election(today(), 5, 5, 1, List.of(a, b), List.of(4, 1), a), school.rootAdmin.accessToken()).expect(201).json();
    String decision = "/api/v1/elections/" + recorded.getString("id") + "/decision";
    post(decision, new JsonObject().put("approve", true), school.rootAdmin.accessToken())
        .problem(422, "election.own_decision");
    JsonObject refused = post(decision, new JsonObject().put("approve", false).put("note", "候选人提名程序不规范"),
        school.adminOf(school.collegeId).accessToken()).expect(200).json();
    assertEquals("rejected", refused.getString("state"));
    assertEquals("候选人提名程序不规范", refused.getString("note"));
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM org_roles WHERE org_id = '" + school.branchB
        + "' AND person_id = '" + secretary.id() + "' AND role = 'secretary'"), "a refused election changes nothing");
    assertNull(get("/api/v1/orgs/" + school.branchB, school.rootAdmin.accessToken()).expect(200).json()
        .getString("termStartedOn"));
  }
}
