package cn.zhibu.assessment;

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
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The year's judgement, worked through: a branch that held one 党员大会 this year and whose members barely paid their
 * dues gets its indicator values with the evidence, a score, a 后进 level and a 整改 item, which is then worked
 * through to verification by the org above.
 */
class AssessmentApiTest {
  private static final ZoneId BEIJING = ZoneId.of("Asia/Shanghai");

  @AfterEach
  void putClockBack() {
    TestServer.get().clock.reset();
  }

  private static LocalDate today() {
    return LocalDate.now(TestServer.get().clock.withZone(BEIJING));
  }

  private static JsonObject value(JsonObject row, String key) {
    return row.getJsonArray("values").stream().map(JsonObject.class::cast).filter(v -> key.equals(v.getString("key")))
        .findFirst().orElseThrow();
  }

  private static JsonObject row(JsonObject assessment, String orgId) {
    return assessment.getJsonArray("orgs").stream().map(JsonObject.class::cast)
        .filter(r -> orgId.equals(r.getString("orgId"))).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("a branch with three quarters without a 党员大会 and unpaid dues: values with evidence, frozen at closing, 后进, and a 整改 item verified by the college")
  void workedExample() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session paid = school.memberOf(school.branchA);
    Api.Session unpaid = school.memberOf(school.branchA);
    Api.Session collegeAdmin = school.adminOf(school.collegeId);
    int year = today().getYear();

    // one 党员大会 this quarter, everyone there
    Instant now = TestServer.get().clock.instant();
    String assembly = post("/api/v1/events", new JsonObject().put("orgId", school.branchA).put("type", "branch_assembly")
        .put("title", "党员大会").put("startsAt", now.toString()).put("endsAt", now.plusSeconds(3600).toString()),
        secretary.accessToken()).expect(201).json().getString("id");
    for (Api.Session who : List.of(secretary, paid, unpaid)) {
      String code = get("/api/v1/events/" + assembly + "/checkin-code", secretary.accessToken()).expect(200).json()
          .getString("code");
      post("/api/v1/events/" + assembly + "/checkins", new JsonObject().put("code", code), who.accessToken()).expect(201);
    }
    // dues: two members at 20 fen a month; one pays this month, on time; the other nothing
    Api.put("/api/v1/orgs/" + school.branchA + "/dues/bases", new JsonObject().put("year", year).put("entries", new JsonArray()
        .add(new JsonObject().put("personId", paid.id()).put("category", "student"))
        .add(new JsonObject().put("personId", unpaid.id()).put("category", "student"))), secretary.accessToken()).expect(200);
    post("/api/v1/orgs/" + school.branchA + "/dues/payments", new JsonObject().put("personId", paid.id())
        .put("months", new JsonArray().add(YearMonth.from(today()).toString())).put("amountFen", 20), secretary.accessToken())
        .expect(201);

    String closes = LocalDate.of(year + 1, 1, 1).atStartOfDay(BEIJING).toInstant().toString();
    JsonObject draft = new JsonObject().put("year", year).put("level", "branch")
        .put("opensAt", now.minusSeconds(86_400).toString()).put("closesAt", closes)
        .put("indicators", new JsonArray().add(new JsonObject().put("key", "compliance").put("weight", 40))
            .add(new JsonObject().put("key", "dues").put("weight", 30)).add(new JsonObject().put("key", "review").put("weight", 30)));
    post("/api/v1/orgs/" + school.collegeId + "/assessments", draft, secretary.accessToken()).problem(403, "auth.forbidden");
    post("/api/v1/orgs/" + school.collegeId + "/assessments", draft.copy().put("indicators", new JsonArray()
        .add(new JsonObject().put("key", "dues").put("weight", 1)).add(new JsonObject().put("key", "dues").put("weight", 2))),
        collegeAdmin.accessToken()).problem(422, "assessment.invalid_indicators");
    JsonObject open = post("/api/v1/orgs/" + school.collegeId + "/assessments", draft, collegeAdmin.accessToken())
        .expect(201).json();
    String id = open.getString("id");
    assertEquals("open", open.getString("state"));
    assertFalse(open.getBoolean("frozen"));
    assertEquals(2, open.getJsonArray("orgs").size(), "every branch of the college");
    post("/api/v1/orgs/" + school.collegeId + "/assessments", draft, collegeAdmin.accessToken())
        .problem(409, "assessment.duplicate");
    post("/api/v1/assessments/" + id + "/levels", new JsonObject().put("levels", new JsonArray().add(new JsonObject()
        .put("orgId", school.branchA).put("level", "lagging"))), collegeAdmin.accessToken())
        .problem(409, "assessment.not_closed");

    // the year is over: the first read freezes the values as of the closing
    TestServer.get().clock.advance(Duration.between(now, Instant.parse(closes)).plusDays(2));
    JsonObject closed = get("/api/v1/assessments/" + id, collegeAdmin.accessToken()).expect(200).json();
    assertEquals("closed", closed.getString("state"));
    assertTrue(closed.getBoolean("frozen"));
    JsonObject a = row(closed, school.branchA);
    JsonObject compliance = value(a, "compliance");
    assertEquals(3, compliance.getJsonArray("evidence").stream().filter(e -> ((String) e).contains("支部党员大会 未开")).count(),
        "three quarters without a 党员大会: " + compliance.getJsonArray("evidence"));
    assertTrue(compliance.getDouble("value") < 0.2, "almost nothing else was held either");
    JsonObject dues = value(a, "dues");
    assertEquals(Math.round(1000.0 / 24) / 1000.0, dues.getDouble("value"), 0.0005, "1 of 24 months paid on time");
    assertTrue(dues.getJsonArray("evidence").stream().anyMatch(e -> ((String) e).startsWith(unpaid.user().getString("name")
        + "：欠交 12 个月")), dues.getJsonArray("evidence").toString());
    assertEquals(0.0, value(a, "review").getDouble("value"));
    assertEquals(Math.round((compliance.getDouble("points") + dues.getDouble("points")) * 100) / 100.0, a.getDouble("score"), 0.011);
    assertEquals(TestServer.get().count("SELECT count(*) FROM assessment_values WHERE assessment_id = '" + id + "'"),
        2L * Indicators.COMPUTED.size(), "frozen once: every org, every indicator computed from the records");
    String frozen = "SELECT coalesce(value::text, 'null') || ' ' || evidence::text FROM assessment_values WHERE assessment_id = '"
        + id + "' AND org_id = '" + school.branchA + "' AND key = '%s'";
    assertTrue(TestServer.get().text(frozen.formatted("study")).startsWith("0 ["), "nobody met the 学时 requirement: "
        + TestServer.get().text(frozen.formatted("study")));
    assertTrue(TestServer.get().text(frozen.formatted("study")).contains("/32 学时"));
    assertEquals("null [\"本年未收到诉求\"]", TestServer.get().text(frozen.formatted("requests")));
    get("/api/v1/assessments/" + id, collegeAdmin.accessToken()).expect(200);
    assertEquals(2L * Indicators.COMPUTED.size(), TestServer.get().count("SELECT count(*) FROM assessment_values WHERE assessment_id = '"
        + id + "'"), "a second read writes nothing more");

    // the branch's secretary finds the round on their desk and sees their own row and why, not another branch's
    JsonArray rounds = get("/api/v1/orgs/" + school.branchA + "/assessments", secretary.accessToken()).expect(200).json()
        .getJsonArray("items");
    assertEquals(List.of(id), rounds.stream().map(r -> ((JsonObject) r).getString("id")).toList());
    assertFalse(rounds.getJsonObject(0).getBoolean("mine"));
    assertTrue(get("/api/v1/orgs/" + school.collegeId + "/assessments", collegeAdmin.accessToken()).expect(200).json()
        .getJsonArray("items").getJsonObject(0).getBoolean("mine"));
    JsonObject own = get("/api/v1/assessments/" + id + "/orgs/" + school.branchA, secretary.accessToken()).expect(200).json();
    assertEquals(a.getDouble("score"), own.getDouble("score"));
    get("/api/v1/assessments/" + id + "/orgs/" + school.branchB, secretary.accessToken()).problem(403, "auth.forbidden");
    get("/api/v1/assessments/" + id, secretary.accessToken()).problem(403, "auth.forbidden");

    // levels: 后进 gets a 整改 item for the secretary, listing what fell short
    JsonObject leveled = post("/api/v1/assessments/" + id + "/levels", new JsonObject().put("levels", new JsonArray()
        .add(new JsonObject().put("orgId", school.branchA).put("level", "lagging").put("note", "三会一课和党费落实差"))
        .add(new JsonObject().put("orgId", school.branchB).put("level", "average"))), collegeAdmin.accessToken())
        .expect(200).json();
    assertEquals("lagging", row(leveled, school.branchA).getString("level"));
    JsonArray items = get("/api/v1/orgs/" + school.branchA + "/rectifications", secretary.accessToken()).expect(200).json()
        .getJsonArray("items");
    assertEquals(1, items.size());
    JsonObject item = items.getJsonObject(0);
    assertEquals(secretary.id(), item.getString("ownerId"));
    assertEquals(id, item.getString("assessmentId"));
    assertTrue(item.getString("detail").contains("支部党员大会 未开"), item.getString("detail"));
    post("/api/v1/assessments/" + id + "/levels", new JsonObject().put("levels", new JsonArray().add(new JsonObject()
        .put("orgId", school.branchA).put("level", "lagging"))), collegeAdmin.accessToken()).expect(200);
    assertEquals(1, get("/api/v1/orgs/" + school.branchA + "/rectifications", secretary.accessToken()).expect(200).json()
        .getJsonArray("items").size(), "one automatic item per round, however often levels are given");

    // the 整改: submitted by its owner, refused with a reason, submitted again, verified by the college
    String path = "/api/v1/rectifications/" + item.getString("id");
    post(path + "/verification", new JsonObject().put("accept", true), collegeAdmin.accessToken())
        .problem(409, "rectification.invalid_state");
    assertEquals("submitted", post(path + "/progress", new JsonObject().put("note", "已补开党员大会，党费已收齐").put("done", true),
        secretary.accessToken()).expect(200).json().getString("state"));
    post(path + "/verification", new JsonObject().put("accept", true), secretary.accessToken()).problem(403, "auth.forbidden");
    post(path + "/verification", new JsonObject().put("accept", false), collegeAdmin.accessToken())
        .problem(422, "rectification.note_required");
    assertEquals("reopened", post(path + "/verification", new JsonObject().put("accept", false).put("note", "缺会议记录"),
        collegeAdmin.accessToken()).expect(200).json().getString("state"));
    post(path + "/progress", new JsonObject().put("note", "会议记录已补齐").put("done", true), secretary.accessToken()).expect(200);
    JsonObject verified = post(path + "/verification", new JsonObject().put("accept", true).put("note", "同意"),
        collegeAdmin.accessToken()).expect(200).json();
    assertEquals("verified", verified.getString("state"));
    assertEquals(List.of("submitted", "reopened", "submitted", "verified"), verified.getJsonArray("steps").stream()
        .map(s -> ((JsonObject) s).getString("kind")).toList());
    post(path + "/progress", new JsonObject().put("note", "再补充").put("done", false), secretary.accessToken())
        .problem(409, "rectification.invalid_state");

    Api.Res xlsx = get("/api/v1/assessments/" + id + "/results?format=xlsx", collegeAdmin.accessToken()).expect(200);
    assertTrue(xlsx.bytes()[0] == 'P' && xlsx.bytes()[1] == 'K');
  }

  @Test
  @DisplayName("整改 set by the org above with an owner below and a deadline; reminded once at the deadline; overdue listed first")
  void rectifications() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchB);
    Api.Session owner = school.memberOf(school.branchB);
    Api.Session collegeAdmin = school.adminOf(school.collegeId);
    String path = "/api/v1/orgs/" + school.branchB + "/rectifications";
    JsonObject body = new JsonObject().put("title", "组织生活会会议记录不全").put("ownerId", owner.id())
        .put("dueOn", today().toString());
    post(path, body, owner.accessToken()).problem(403, "auth.forbidden");
    post(path, body.copy().put("ownerId", school.memberOf(school.branchA).id()), collegeAdmin.accessToken())
        .problem(422, "rectification.invalid_owner");
    post(path, body.copy().put("dueOn", today().minusDays(1).toString()), collegeAdmin.accessToken())
        .problem(422, "rectification.past_due");
    JsonObject first = post(path, body, collegeAdmin.accessToken()).expect(201).json();
    JsonObject second = post(path, body.copy().put("title", "发展党员材料补齐").put("dueOn", today().plusDays(30).toString()),
        secretary.accessToken()).expect(201).json();
    assertNull(first.getString("assessmentId"));
    TestServer.get().runReminders();
    TestServer.get().runReminders();
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM push_outbox WHERE topic = 'rectification' AND person_id = '"
        + owner.id() + "'"), "reminded once, on the deadline, not the one due later");
    TestServer.get().clock.advance(Duration.ofDays(2));
    JsonArray listed = get(path, secretary.accessToken()).expect(200).json().getJsonArray("items");
    assertEquals(first.getString("id"), listed.getJsonObject(0).getString("id"));
    assertTrue(listed.getJsonObject(0).getBoolean("overdue"));
    assertFalse(listed.getJsonObject(1).getBoolean("overdue"));
    assertEquals(second.getString("id"), listed.getJsonObject(1).getString("id"));
  }

  @Test
  @DisplayName("述职: the secretary reports; the members as at opening and the leaders above rate once each, secretly, counts shown only after closing; nobody rates their own report")
  void reportsAndRatings() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session a = school.memberOf(school.branchA);
    Api.Session b = school.memberOf(school.branchA);
    Api.Session c = school.memberOf(school.branchA);
    Api.Session elsewhere = school.memberOf(school.branchB);
    Api.Session collegeLeader = school.memberOf(school.branchB);
    Api.put("/api/v1/orgs/" + school.collegeId + "/roles/" + collegeLeader.id(), new JsonObject().put("roles",
        new JsonArray().add("committee")).put("post", "组织委员"), school.rootAdmin.accessToken()).expect(200);
    Api.Session collegeAdmin = school.adminOf(school.collegeId);
    Instant now = TestServer.get().clock.instant();
    String id = post("/api/v1/orgs/" + school.collegeId + "/assessments", new JsonObject().put("year", today().getYear())
        .put("level", "branch").put("opensAt", now.minusSeconds(300).toString()).put("closesAt", now.plusSeconds(3600).toString())
        .put("indicators", new JsonArray().add(new JsonObject().put("key", "talks").put("weight", 10))), collegeAdmin.accessToken())
        .expect(201).json().getString("id");
    Api.Session puppet = school.memberOf(school.branchA);
    String rate = "/api/v1/assessments/" + id + "/ratings";
    JsonObject good = new JsonObject().put("orgId", school.branchA).put("grade", "good");
    post(rate, good, a.accessToken()).problem(409, "assessment.no_report");
    post("/api/v1/assessments/" + id + "/reports", new JsonObject().put("orgId", school.branchA).put("text", "一年来抓党建工作情况……"),
        a.accessToken()).problem(403, "auth.forbidden");
    post("/api/v1/assessments/" + id + "/reports", new JsonObject().put("orgId", school.branchA).put("text", "一年来抓党建工作情况……"),
        secretary.accessToken()).expect(204);
    JsonArray mine = get("/api/v1/me/assessment-ratings", c.accessToken()).expect(200).json().getJsonArray("items");
    assertEquals("一年来抓党建工作情况……", mine.getJsonObject(0).getString("report"));
    assertFalse(mine.getJsonObject(0).getBoolean("rated"));

    post(rate, good, secretary.accessToken()).problem(422, "assessment.own_report");
    post(rate, good, a.accessToken()).expect(204);
    post(rate, good.copy().put("grade", "poor"), a.accessToken()).problem(409, "assessment.already_rated");
    post(rate, good.copy().put("grade", "fair"), b.accessToken()).expect(204);
    post(rate, good, collegeLeader.accessToken()).expect(204);
    post(rate, good, elsewhere.accessToken()).problem(403, "auth.forbidden");
    post(rate, good, puppet.accessToken()).problem(403, "auth.forbidden");
    assertTrue(get("/api/v1/me/assessment-ratings", a.accessToken()).expect(200).json().getJsonArray("items")
        .getJsonObject(0).getBoolean("rated"));
    assertNull(row(get("/api/v1/assessments/" + id, collegeLeader.accessToken()).expect(200).json(), school.branchA)
        .getValue("ratings"), "no live counts to read around one rating (a college leader reads the round to rate)");

    TestServer db = TestServer.get();
    assertEquals(0, db.count("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public'"
        + " AND table_name LIKE 'assessment%' AND (column_name LIKE '%grade%' OR column_name LIKE '%rating%')"), "no grade column anywhere");
    assertEquals(1, db.count("SELECT count(*) FROM assessment_raters r JOIN assessment_rating_tallies t ON t.xmin = r.xmin"
        + " WHERE r.assessment_id = '" + id + "'"), "the xmin join finds only the latest rating");
    assertEquals(3, db.count("SELECT (v->>'good')::int + (v->>'fair')::int + (v->>'poor')::int FROM assessment_rating_tallies t,"
        + " jsonb_each(t.tallies) AS e(k, v) WHERE t.assessment_id = '" + id + "'"), "and the row it finds holds all three together");
    assertEquals(3, db.count("SELECT count(*) FROM audit_log WHERE action = 'assessment.rating' AND target = 'assessment:" + id
        + "' AND detail = '{}'::jsonb"), "audited, with nothing of the grade");

    TestServer.get().clock.advance(Duration.ofHours(2));
    post(rate, good, c.accessToken()).problem(409, "assessment.not_open");
    JsonObject ratings = row(get("/api/v1/assessments/" + id, collegeAdmin.accessToken()).expect(200).json(), school.branchA)
        .getJsonObject("ratings");
    assertEquals(new JsonObject().put("good", 2).put("fair", 1).put("poor", 0).put("raters", 3), ratings);
    assertEquals("一年来抓党建工作情况……", get("/api/v1/assessments/" + id + "/orgs/" + school.branchA, secretary.accessToken())
        .expect(200).json().getJsonObject("report").getString("text"));
  }

  @Test
  @DisplayName("the manual indicator is the assessor's (an admin over the round), read as given, also after closing; development counts those with a step overdue")
  void manualAndDevelopment() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session collegeAdmin = school.adminOf(school.collegeId);
    String number = School.uniqueNumber();
    post("/api/v1/orgs/" + school.branchA + "/roster", new JsonObject().put("entries", new JsonArray().add(new JsonObject()
        .put("number", number).put("name", "孙申请").put("stage", "applicant"))), school.rootAdmin.accessToken()).expect(200);
    String applicant = TestServer.get().text("SELECT id::text FROM persons WHERE number = '" + number + "'");
    post("/api/v1/people/" + applicant + "/development/milestones", new JsonObject().put("key", "application")
        .put("date", today().minusDays(45).toString()), secretary.accessToken()).expect(201);
    Instant now = TestServer.get().clock.instant();
    String id = post("/api/v1/orgs/" + school.collegeId + "/assessments", new JsonObject().put("year", today().getYear())
        .put("level", "branch").put("opensAt", now.minusSeconds(300).toString()).put("closesAt", now.plusSeconds(3600).toString())
        .put("indicators", new JsonArray().add(new JsonObject().put("key", "development").put("weight", 50))
            .add(new JsonObject().put("key", "manual").put("weight", 50))), collegeAdmin.accessToken()).expect(201).json()
        .getString("id");
    JsonObject development = value(row(get("/api/v1/assessments/" + id, collegeAdmin.accessToken()).expect(200).json(),
        school.branchA), "development");
    assertEquals(0.0, development.getDouble("value"), "the one person in development is overdue for the first talk");
    assertTrue(development.getJsonArray("evidence").getString(0).startsWith("孙申请：党组织派人谈话逾期"));
    String manual = "/api/v1/assessments/" + id + "/orgs/" + school.branchA + "/manual";
    post(manual, new JsonObject().put("value", 0.8), secretary.accessToken()).problem(403, "auth.forbidden");
    JsonObject scored = post(manual, new JsonObject().put("value", 0.8).put("note", "台账规范"), collegeAdmin.accessToken())
        .expect(200).json();
    assertEquals(0.8, value(scored, "manual").getDouble("value"));
    assertEquals(40.0, value(scored, "manual").getDouble("points"));
    // an admin of the college who is also the branch's secretary scores and levels it not
    Api.put("/api/v1/orgs/" + school.collegeId + "/roles/" + secretary.id(), new JsonObject().put("roles",
        new JsonArray().add("admin")), school.rootAdmin.accessToken()).expect(200);
    post(manual, new JsonObject().put("value", 1.0), secretary.accessToken()).problem(422, "assessment.own_org");
    TestServer.get().clock.advance(Duration.ofHours(2));
    JsonObject after = post(manual, new JsonObject().put("value", 0.9), collegeAdmin.accessToken()).expect(200).json();
    assertEquals(45.0, value(after, "manual").getDouble("points"), "scored again after closing, read as given");
    post("/api/v1/assessments/" + id + "/levels", new JsonObject().put("levels", new JsonArray().add(new JsonObject()
        .put("orgId", school.branchA).put("level", "advanced"))), secretary.accessToken()).problem(422, "assessment.own_org");
  }

  @Test
  @DisplayName("整改 is never verified by its owner, even one who also leads the org above")
  void ownerNeverVerifies() {
    School school = School.create();
    Api.Session owner = school.secretaryOf(school.branchB);
    Api.put("/api/v1/orgs/" + school.collegeId + "/roles/" + owner.id(), new JsonObject().put("roles",
        new JsonArray().add("committee")), school.rootAdmin.accessToken()).expect(200);
    JsonObject item = post("/api/v1/orgs/" + school.branchB + "/rectifications", new JsonObject().put("title", "党费收缴不及时")
        .put("ownerId", owner.id()).put("dueOn", today().plusDays(10).toString()), school.adminOf(school.collegeId).accessToken())
        .expect(201).json();
    String path = "/api/v1/rectifications/" + item.getString("id");
    post(path + "/progress", new JsonObject().put("note", "已补收").put("done", true), owner.accessToken()).expect(200);
    post(path + "/verification", new JsonObject().put("accept", true), owner.accessToken())
        .problem(422, "rectification.own_verification");
  }
}
