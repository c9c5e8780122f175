package cn.zhibu.development;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** 发展党员 through the API: order, intervals, the stage following, scopes, and what is due. */
class DevelopmentApiTest {
  static School school;
  static Api.Session secretary;
  static Api.Session collegeAdmin;

  @BeforeAll
  static void setUp() {
    school = School.create();
    secretary = school.secretaryOf(school.branchA);
    collegeAdmin = school.adminOf(school.collegeId);
  }

  /** Someone on branch A's roster as an applicant, not yet bound; answers their person id. */
  static String applicant(String name) {
    String number = School.uniqueNumber();
    post("/api/v1/orgs/" + school.branchA + "/roster", new JsonObject().put("entries", new JsonArray().add(new JsonObject()
        .put("number", number).put("name", name).put("stage", "入党申请人"))), school.rootAdmin.accessToken()).expect(200);
    return TestServer.get().text("SELECT id::text FROM persons WHERE number = '" + number + "'");
  }

  static Api.Res record(Api.Session who, String person, String key, String date) {
    return post("/api/v1/people/" + person + "/development/milestones", new JsonObject().put("key", key).put("date", date),
        who.accessToken());
  }

  static JsonObject vote(int eligible, int present, int votesFor, int against, int abstain) {
    return new JsonObject().put("eligible", eligible).put("present", present).put("for", votesFor).put("against", against)
        .put("abstain", abstain);
  }

  static Api.Res vote(Api.Session who, String person, String date, JsonObject counts) {
    return post("/api/v1/people/" + person + "/development/milestones", new JsonObject().put("key", "branch_vote")
        .put("date", date).put("vote", counts), who.accessToken());
  }

  static LocalDate today() {
    return LocalDate.now(ZoneId.of("Asia/Shanghai"));
  }

  @Test
  @DisplayName("the whole procedure, step by step: too early and out of order refused, the stage following to full member")
  void wholeProcedure() {
    String person = applicant("王发展");
    record(secretary, person, "activist", "2024-02-01").problem(422, "development.out_of_order");
    JsonObject after = record(secretary, person, "application", "2024-01-10").expect(201).json();
    assertEquals("applicant", after.getString("stage"));
    assertEquals("first_talk", after.getJsonObject("next").getString("key"));
    assertEquals("2024-02-10", after.getJsonObject("next").getString("dueBy"), "one month to the first talk");
    record(secretary, person, "first_talk", "2024-01-20").expect(201);
    assertEquals("activist", record(secretary, person, "activist", "2024-02-01").expect(201).json().getString("stage"));
    // 积极分子培训结业 comes before 发展对象; the year of cultivation still runs from becoming an activist
    record(secretary, person, "candidate", "2025-02-10").problem(422, "development.out_of_order");
    record(secretary, person, "activist_training", "2024-09-20").expect(201);
    record(secretary, person, "candidate", "2025-01-31").problem(422, "development.too_early");
    assertEquals("candidate", record(secretary, person, "candidate", "2025-02-10").expect(201).json().getString("stage"));
    record(secretary, person, "political_review", "2025-03-01").expect(201);
    record(secretary, person, "public_notice", "2025-03-03").expect(201); // a Monday
    JsonObject passed = vote(20, 15, 12, 2, 1);
    vote(secretary, person, "2025-03-08", passed).problem(422, "development.too_early"); // Saturday: 4 working days
    // the 支部大会's vote is recorded with its counts; one that did not pass, or none, is refused and nothing kept
    record(secretary, person, "branch_vote", "2025-03-10").problem(422, "development.vote_missing");
    vote(secretary, person, "2025-03-10", vote(20, 10, 10, 0, 0)).problem(422, "development.vote_failed"); // half is not more
    vote(secretary, person, "2025-03-10", vote(20, 18, 10, 6, 2)).problem(422, "development.vote_failed"); // 10 of 20 for
    Api.Res failed = vote(secretary, person, "2025-03-10", vote(20, 12, 11, 2, 0)); // 13 votes from 12 present
    failed.problem(422, "development.vote_failed");
    assertTrue(failed.json().getString("detail").contains("半数"), failed.body());
    post("/api/v1/people/" + person + "/development/milestones", new JsonObject().put("key", "oath").put("date", "2025-03-10")
        .put("vote", passed), secretary.accessToken()).problem(422, "development.vote_missing");
    JsonObject voted = vote(secretary, person, "2025-03-10", passed).expect(201).json();
    JsonObject kept = voted.getJsonArray("milestones").stream().map(JsonObject.class::cast)
        .filter(m -> "branch_vote".equals(m.getString("key"))).findFirst().orElseThrow();
    assertEquals(passed, kept.getJsonObject("vote"));
    // 上级批准 is the committee above's: the branch that proposed cannot record it (发展党员工作细则).
    record(secretary, person, "admitted", "2025-03-20").problem(403, "auth.forbidden");
    JsonObject admitted = record(collegeAdmin, person, "admitted", "2025-03-20").expect(201).json();
    assertEquals("probationary", admitted.getString("stage"));
    assertTrue(TestServer.get().count("SELECT count(*) FROM org_roles WHERE role = 'member' AND person_id = '" + person
        + "'") == 1, "a probationary member is a member of the branch");
    record(secretary, person, "oath", "2025-04-01").expect(201);
    // the 预备期 is a year from the 支部大会 that passed them (党章 第七条), not from the oath (2025-04-01): the old
    // test asserted a year from the oath, which is the wrong date
    JsonObject waiting = get("/api/v1/people/" + person + "/development", secretary.accessToken()).expect(200).json();
    assertEquals("2026-03-10", waiting.getJsonObject("next").getString("earliest"));
    record(secretary, person, "full_member", "2026-03-09").problem(422, "development.too_early");
    JsonObject full = record(secretary, person, "full_member", "2026-03-10").expect(201).json();
    assertEquals("full", full.getString("stage"));
    assertNull(full.getValue("next"));
    assertEquals(11, full.getJsonArray("milestones").size());
    assertEquals(secretary.user().getString("name"), full.getJsonArray("milestones").getJsonObject(0).getString("recordedBy"));
    record(secretary, person, "full_member", "2026-04-02").problem(422, "development.out_of_order");
    assertEquals(11, TestServer.get().count("SELECT count(*) FROM audit_log WHERE action = 'development.record' AND target = 'person:"
        + person + "'"));
  }

  @Test
  @DisplayName("团组织推优 may come between the first talk and becoming an activist, or not at all")
  void leagueRecommendation() {
    String person = applicant("周推优");
    record(secretary, person, "application", "2024-03-01").expect(201);
    record(secretary, person, "league_recommendation", "2024-03-05").problem(422, "development.out_of_order");
    record(secretary, person, "first_talk", "2024-03-10").expect(201);
    JsonObject recommended = record(secretary, person, "league_recommendation", "2024-04-01").expect(201).json();
    assertEquals("activist", recommended.getJsonObject("next").getString("key"), "the next required step");
    assertEquals("applicant", recommended.getString("stage"));
    record(secretary, person, "league_recommendation", "2024-04-02").problem(422, "development.out_of_order");
    assertEquals("activist", record(secretary, person, "activist", "2024-05-01").expect(201).json().getString("stage"));
    JsonObject next = get("/api/v1/people/" + person + "/development", secretary.accessToken()).expect(200).json()
        .getJsonObject("next");
    assertEquals("activist_training", next.getString("key"));
  }

  @Test
  @DisplayName("a 发展 公示 is shown to the branch and the college above for its five working days, not to another branch")
  void publicNotice() {
    LocalDate today = LocalDate.now(TestServer.get().clock.withZone(ZoneId.of("Asia/Shanghai")));
    String person = applicant("吴公示");
    String older = applicant("郑旧公示");
    for (String p : java.util.List.of(person, older)) {
      LocalDate start = today.minusYears(2);
      record(secretary, p, "application", start.toString()).expect(201);
      record(secretary, p, "first_talk", start.plusDays(10).toString()).expect(201);
      record(secretary, p, "activist", start.plusDays(20).toString()).expect(201);
      record(secretary, p, "activist_training", start.plusDays(60).toString()).expect(201);
      record(secretary, p, "candidate", start.plusDays(20).plusMonths(13).toString()).expect(201);
      record(secretary, p, "political_review", start.plusDays(20).plusMonths(14).toString()).expect(201);
    }
    record(secretary, older, "public_notice", today.minusDays(14).toString()).expect(201);
    post("/api/v1/people/" + person + "/development/milestones", new JsonObject().put("key", "public_notice")
        .put("date", today.toString()).put("note", "拟接收为中共预备党员，公示期内如有意见请向学院党委反映"),
        secretary.accessToken()).expect(201);
    Api.Session member = school.memberOf(school.branchA);
    JsonArray shown = get("/api/v1/orgs/" + school.branchA + "/public-notices", member.accessToken()).expect(200).json()
        .getJsonArray("items");
    java.util.List<JsonObject> admissions = shown.stream().map(JsonObject.class::cast)
        .filter(n -> "development".equals(n.getString("source"))).toList();
    assertEquals(1, admissions.size(), "the one running, not the one of two weeks ago: " + shown);
    JsonObject notice = admissions.get(0);
    assertEquals("吴公示", notice.getString("nominee"));
    assertEquals("admission", notice.getString("kind"));
    assertEquals(today.toString(), notice.getString("from"));
    LocalDate until = LocalDate.parse(notice.getString("until"));
    assertTrue(until.getDayOfWeek().getValue() <= 5, "the last day is a working day");
    int working = 0;
    for (LocalDate d = today; !d.isAfter(until); d = d.plusDays(1)) {
      working += d.getDayOfWeek().getValue() <= 5 ? 1 : 0;
    }
    assertTrue(working == 5 || working == 4 && today.getDayOfWeek().getValue() > 5,
        "five working days from the day it went up (" + today + " to " + until + ")");
    assertTrue(get("/api/v1/orgs/" + school.collegeId + "/public-notices", collegeAdmin.accessToken()).expect(200).json()
        .getJsonArray("items").stream().map(JsonObject.class::cast).anyMatch(n -> "吴公示".equals(n.getString("nominee"))),
        "the college above sees its branches' 公示");
    Api.Session other = school.memberOf(school.branchB);
    assertTrue(get("/api/v1/orgs/" + school.branchB + "/public-notices", other.accessToken()).expect(200).json()
        .getJsonArray("items").stream().map(JsonObject.class::cast).noneMatch(n -> "development".equals(n.getString("source"))),
        "another branch does not see it");
  }

  @Test
  @DisplayName("nothing in the future, nothing of one's own, nothing outside one's branch; a plain member may not record")
  void scopes() {
    String person = applicant("李范围");
    record(secretary, person, "application", today().plusDays(1).toString()).problem(422, "development.future_date");
    record(school.memberOf(school.branchA), person, "application", "2026-01-05").problem(403, "auth.forbidden");
    record(school.secretaryOf(school.branchB), person, "application", "2026-01-05").problem(404, "not_found");
    get("/api/v1/people/" + person + "/development", school.memberOf(school.branchB).accessToken()).problem(404, "not_found");
    record(secretary, secretary.id(), "application", "2026-01-05").problem(422, "development.own_record");
    record(secretary, person, "application", "2026-01-05").expect(201);
    Api.Session member = school.memberOf(school.branchA);
    get("/api/v1/people/" + member.id() + "/development", member.accessToken()).expect(200);
    record(secretary, member.id(), "application", "2026-01-05").expect(201);
    assertEquals("application", get("/api/v1/me/data", member.accessToken()).expect(200).json().getJsonArray("development")
        .getJsonObject(0).getString("key"), "PIPL: a person's data includes their development");
    assertEquals("full", get("/api/v1/people/" + member.id() + "/development", secretary.accessToken()).expect(200).json()
        .getString("stage"), "entering the history of someone who joined long ago never moves their stage back");
  }

  @Test
  @DisplayName("the branch's list: an overdue first talk comes first; a person with nothing due soon is not listed")
  void dueList() {
    String late = applicant("赵逾期");
    String fresh = applicant("钱刚入");
    record(secretary, late, "application", today().minusDays(40).toString()).expect(201);
    record(secretary, fresh, "application", today().minusDays(1).toString()).expect(201);
    record(secretary, fresh, "first_talk", today().toString()).expect(201);
    record(secretary, fresh, "activist", today().toString()).expect(201);
    JsonArray items = get("/api/v1/orgs/" + school.branchA + "/development?dueWithinDays=30", secretary.accessToken())
        .expect(200).json().getJsonArray("items");
    java.util.List<JsonObject> listed = items.stream().map(JsonObject.class::cast).toList();
    JsonObject mine = listed.stream().filter(i -> late.equals(i.getString("personId"))).findFirst().orElseThrow();
    assertEquals("first_talk", mine.getJsonObject("next").getString("key"));
    assertTrue(mine.getJsonObject("next").getBoolean("overdue"));
    java.util.List<Boolean> overdue = listed.stream().map(i -> i.getJsonObject("next").getBoolean("overdue")).toList();
    assertEquals(overdue.stream().sorted(java.util.Comparator.reverseOrder()).toList(), overdue, "overdue first");
    assertEquals("activist_training", listed.stream().filter(i -> fresh.equals(i.getString("personId"))).findFirst()
        .orElseThrow().getJsonObject("next").getString("key"), "a new activist's training may be recorded now");
    record(secretary, fresh, "activist_training", today().toString()).expect(201);
    assertTrue(get("/api/v1/orgs/" + school.branchA + "/development?dueWithinDays=30", secretary.accessToken()).expect(200)
        .json().getJsonArray("items").stream().noneMatch(i -> fresh.equals(((JsonObject) i).getString("personId"))),
        "trained: the next step (candidate) is a year from becoming an activist");
    String imported = applicant("孙未记录");
    JsonObject unrecorded = get("/api/v1/orgs/" + school.branchA + "/development?dueWithinDays=30",
        secretary.accessToken()).expect(200).json().getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(i -> imported.equals(i.getString("personId"))).findFirst().orElseThrow(
            () -> new AssertionError("someone imported as 入党申请人 with nothing recorded is listed"));
    assertEquals("application", unrecorded.getJsonObject("next").getString("key"), "their first step is to record");
    assertEquals(false, unrecorded.getJsonObject("next").getBoolean("backfill"), "an applicant's application is theirs");
    Api.Session probationary = school.bound(school.branchA, "probationary", "member");
    JsonObject file = get("/api/v1/orgs/" + school.branchA + "/development?dueWithinDays=30", secretary.accessToken())
        .expect(200).json().getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(i -> probationary.id().equals(i.getString("personId"))).findFirst().orElseThrow();
    assertEquals("application", file.getJsonObject("next").getString("key"));
    assertEquals(true, file.getJsonObject("next").getBoolean("backfill"),
        "imported as 预备党员 with nothing recorded: completed from the file, not a step ahead of them");
    get("/api/v1/orgs/" + school.branchA + "/development", school.memberOf(school.branchA).accessToken())
        .problem(403, "auth.forbidden");
    Api.Res sheet = get("/api/v1/orgs/" + school.branchA + "/development?format=xlsx", secretary.accessToken()).expect(200);
    assertTrue(sheet.bytes()[0] == 'P' && sheet.bytes()[1] == 'K', "the development roster as xlsx");
    assertEquals(1, TestServer.get().countSoon("SELECT count(*) FROM audit_log WHERE action LIKE 'export%' AND target LIKE '%"
        + school.branchA + "/development%'", 1), "exports are audited (written just after the answer)");
  }
}
