package cn.zhibu.meeting;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Meetings as records (issue 19): correcting, recording and cancelling a meeting. */
class EventRecordsTest {
  static School school;
  static Api.Session secretary;

  @BeforeAll
  static void setUp() {
    school = School.create();
    secretary = school.secretaryOf(school.branchA);
  }

  @AfterEach
  void putClockBack() {
    TestServer.get().clock.reset();
  }

  private static JsonObject create(String type, long startsInSeconds) {
    return create(school.branchA, secretary, type, startsInSeconds);
  }

  private static JsonObject create(String branch, Api.Session secretary, String type, long startsInSeconds) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return post("/api/v1/events", new JsonObject().put("orgId", branch).put("type", type).put("title", "党课")
        .put("startsAt", now.plusSeconds(startsInSeconds).toString())
        // three hours: long enough for the 4 study hours the tests give (at most one 学时 per 45 minutes)
        .put("endsAt", now.plusSeconds(startsInSeconds + 3 * 3_600).toString()), secretary.accessToken()).expect(201).json();
  }

  private static Api.Res patch(String id, JsonObject body, Api.Session who) {
    return Api.send("PATCH", "/api/v1/events/" + id, body, who.accessToken(), Map.of());
  }

  private static Api.Res checkIn(String id, Api.Session who) {
    return checkIn(id, secretary, who);
  }

  private static Api.Res checkIn(String id, Api.Session secretary, Api.Session who) {
    String code = get("/api/v1/events/" + id + "/checkin-code", secretary.accessToken()).expect(200).json()
        .getString("code");
    return post("/api/v1/events/" + id + "/checkins", new JsonObject().put("code", code), who.accessToken());
  }

  @Test
  @DisplayName("before it starts a meeting can be moved; afterwards only its record is written, for 30 days")
  void correctAndRecord() {
    JsonObject event = create("party_lesson", 3_600);
    String id = event.getString("id");
    Instant later = Instant.parse(event.getString("startsAt")).plus(Duration.ofHours(1));
    JsonObject moved = patch(id, new JsonObject().put("title", "专题党课：学习党章").put("startsAt", later.toString())
        .put("endsAt", later.plus(Duration.ofHours(2)).toString()), secretary).expect(200).json();
    assertEquals("专题党课：学习党章", moved.getString("title"));
    assertEquals(later.minus(Duration.ofMinutes(30)), Instant.parse(moved.getString("checkinOpensAt")),
        "the check-in window moves with the meeting");
    patch(id, new JsonObject().put("title", "x"), school.memberOf(school.branchA)).problem(403, "auth.forbidden");

    TestServer.get().clock.advance(Duration.ofHours(5));
    patch(id, new JsonObject().put("title", "改名"), secretary).problem(422, "event.already_started");
    JsonObject recorded = patch(id, new JsonObject().put("agenda", "1. 学习党章\n2. 讨论").put("lecturer", "王书记")
        .put("minutes", "会议由王书记主讲……").put("studyHours", 2), secretary).expect(200).json();
    assertEquals("王书记", recorded.getString("lecturer"));
    assertEquals(2.0, recorded.getDouble("studyHours"), 1e-9);
    assertEquals("scheduled", recorded.getString("status"));
    assertEquals(2, TestServer.get().count("SELECT count(*) FROM audit_log WHERE action = 'event.update' AND target = 'event:"
        + id + "'"), "every change audited");

    TestServer.get().clock.advance(Duration.ofDays(31));
    patch(id, new JsonObject().put("minutes", "补充"), secretary).problem(422, "event.record_closed");
    patch(id, new JsonObject(), secretary).problem(400, "request.invalid");
  }

  @Test
  @DisplayName("a cancelled meeting is kept and shown, refuses check-ins and leave, and counts for nothing")
  void cancel() {
    // A branch of its own, so that no other test's meetings enter its attendance rate.
    School own = School.create();
    Api.Session secretary = own.secretaryOf(own.branchA);
    Api.Session member = own.memberOf(own.branchA);
    JsonObject held = create(own.branchA, secretary, "party_day", 600);
    String cancelledId = create(own.branchA, secretary, "party_day", 900).getString("id");
    JsonObject heldNow = get("/api/v1/events/" + held.getString("id"), secretary.accessToken()).json();
    // The member checks in to the first; the second is warmed in every cache, then cancelled.
    checkIn(held.getString("id"), secretary, member).expect(201);
    checkIn(held.getString("id"), secretary, secretary).expect(201);
    checkIn(cancelledId, secretary, secretary).expect(201);

    post("/api/v1/events/" + cancelledId + "/cancel", new JsonObject().put("reason", "与校运会冲突"),
        member.accessToken()).problem(403, "auth.forbidden");
    JsonObject cancelled = post("/api/v1/events/" + cancelledId + "/cancel", new JsonObject().put("reason", "与校运会冲突"),
        secretary.accessToken()).expect(200).json();
    assertEquals("cancelled", cancelled.getString("status"));
    assertEquals("与校运会冲突", cancelled.getString("cancelReason"));
    assertEquals("cancelled", get("/api/v1/events/" + cancelledId, member.accessToken()).expect(200).json()
        .getString("status"), "kept and shown as cancelled");
    checkIn(cancelledId, secretary, member).problem(409, "event.cancelled");
    post("/api/v1/events/" + cancelledId + "/leaves", new JsonObject().put("reason", "出差"), member.accessToken())
        .problem(409, "event.cancelled");
    post("/api/v1/events/" + cancelledId + "/cancel", new JsonObject().put("reason", "again"), secretary.accessToken())
        .problem(409, "event.not_editable");
    patch(cancelledId, new JsonObject().put("minutes", "x"), secretary).problem(409, "event.not_editable");

    String month = YearMonth.from(Instant.parse(heldNow.getString("startsAt")).atZone(ZoneId.of("Asia/Shanghai")))
        .toString();
    // The rate counts meetings that have ended: the held one (three hours long) ends 190 minutes from now.
    TestServer.get().clock.advance(Duration.ofMinutes(191));
    JsonObject branch = get("/api/v1/orgs/" + own.branchA + "/compliance?period=" + month, secretary.accessToken())
        .expect(200).json().getJsonArray("branches").getJsonObject(0);
    TestServer.get().clock.reset();
    long expected = heldNow.getInteger("expected");
    assertEquals(Math.round(2 * 10_000.0 / expected) / 10_000.0, branch.getDouble("attendanceRate"), 1e-9,
        "only the held meeting's attendees count: " + branch.encode());

    JsonObject started = create(own.branchA, secretary, "party_day", 60);
    TestServer.get().clock.advance(Duration.ofMinutes(2));
    post("/api/v1/events/" + started.getString("id") + "/cancel", new JsonObject().put("reason", "late"),
        secretary.accessToken()).problem(422, "event.already_started");
    assertTrue(TestServer.get().count("SELECT count(*) FROM audit_log WHERE action = 'event.cancel' AND target = 'event:"
        + cancelledId + "'") == 1);
    assertFalse(branch.getJsonArray("missing").contains("party_day"), "the held party day still counts");
  }

  private static Api.Res mark(String eventId, String personId, String status, String reason, Api.Session who) {
    return Api.put("/api/v1/events/" + eventId + "/attendance/" + personId, new JsonObject().put("status", status)
        .put("reason", reason), who.accessToken());
  }

  @Test
  @DisplayName("补签: an organiser marks attendance by hand with a reason, audited and shown as marked; never their own")
  void markByHand() {
    School own = School.create();
    Api.Session secretary = own.secretaryOf(own.branchA);
    Api.Session committee = own.bound(own.branchA, "full", "committee");
    Api.Session phoneDied = own.memberOf(own.branchA);
    Api.Session left = own.memberOf(own.branchA);
    String id = create(own.branchA, secretary, "party_day", 600).getString("id");
    checkIn(id, secretary, left).expect(201);

    JsonObject entry = mark(id, phoneDied.id(), "present", "手机没电，现场签到表为证", secretary).expect(200).json();
    assertEquals("checked_in", entry.getString("status"));
    assertTrue(entry.getBoolean("marked"));
    assertEquals("absent", mark(id, left.id(), "absent", "签到后离开", secretary).expect(200).json().getString("status"),
        "a mark decides over a scan");
    mark(id, secretary.id(), "present", "我自己", secretary).problem(422, "attendance.own_record");
    mark(id, secretary.id(), "present", "书记主持", committee).expect(200);
    mark(id, phoneDied.id(), "present", "x", phoneDied).problem(403, "auth.forbidden");
    mark(id, school.memberOf(school.branchB).id(), "present", "外支部", secretary).problem(404, "not_found");
    mark(id, phoneDied.id(), "present", "", secretary).problem(400, "request.invalid");

    JsonObject attendance = get("/api/v1/events/" + id + "/attendance", secretary.accessToken()).expect(200).json();
    assertEquals(2, attendance.getInteger("checkedIn"), "the marked-present and the secretary; not the one marked absent");
    assertEquals(3, TestServer.get().count("SELECT count(*) FROM audit_log WHERE action = 'attendance.mark' AND target = 'event:"
        + id + "'"));
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM points_ledger WHERE category = 'attendance' AND person_id = '"
        + phoneDied.id() + "' AND source_id = '" + id + "'"), "marked present earns the attendance points once");
  }

  @Test
  @DisplayName("a 党课 with 2 study hours credits 2 hours to each attendee and none to absentees; training is flagged")
  void collectiveStudy() {
    School own = School.create();
    Api.Session secretary = own.secretaryOf(own.branchA);
    Api.Session attended = own.memberOf(own.branchA);
    Api.Session absent = own.memberOf(own.branchA);
    Api.Session marked = own.memberOf(own.branchA);
    String lesson = create(own.branchA, secretary, "party_lesson", 600).getString("id");
    String training = create(own.branchA, secretary, "training", 600).getString("id");
    String cancelled = create(own.branchA, secretary, "study_session", 900).getString("id");
    patch(lesson, new JsonObject().put("studyHours", 2), secretary).expect(200);
    patch(training, new JsonObject().put("studyHours", 3), secretary).expect(200);
    patch(cancelled, new JsonObject().put("studyHours", 4), secretary).expect(200);
    checkIn(lesson, secretary, attended).expect(201);
    checkIn(training, secretary, attended).expect(201);
    checkIn(cancelled, secretary, attended).expect(201);
    mark(lesson, marked.id(), "present", "现场签到表", secretary).expect(200);
    post("/api/v1/events/" + cancelled + "/cancel", new JsonObject().put("reason", "改期"), secretary.accessToken())
        .expect(200);

    JsonObject mine = get("/api/v1/me/study", attended.accessToken()).expect(200).json();
    assertEquals(5.0, mine.getDouble("collectiveHours"), 1e-9, "2 h 党课 + 3 h 培训; the cancelled one counts nothing");
    assertEquals(0.0, mine.getDouble("onlineHours"), 1e-9);
    assertEquals(5.0, mine.getDouble("creditedHours"), 1e-9);
    assertTrue(mine.getBoolean("trainingAttended"));
    assertEquals(2, mine.getJsonArray("collective").size());
    assertEquals(5.0, get("/api/v1/me", attended.accessToken()).json().getJsonObject("study").getDouble("creditedHours"),
        1e-9, "/me judges the requirement on the same sum");

    JsonObject byHand = get("/api/v1/me/study", marked.accessToken()).expect(200).json();
    assertEquals(2.0, byHand.getDouble("collectiveHours"), 1e-9, "marked present counts as attending");
    assertFalse(byHand.getBoolean("trainingAttended"));
    assertEquals(0.0, get("/api/v1/me/study", absent.accessToken()).json().getDouble("creditedHours"), 1e-9);

    io.vertx.core.json.JsonArray report = get("/api/v1/orgs/" + own.branchA + "/study-report", secretary.accessToken())
        .expect(200).json().getJsonArray("members");
    assertEquals(5.0, report.stream().map(JsonObject.class::cast).filter(m -> attended.id().equals(m.getString("personId")))
        .findFirst().orElseThrow().getDouble("hours"), 1e-9, "the branch report counts collective study too");
  }

  private static Api.Res backfill(School own, Api.Session by, String type, Instant starts) {
    return post("/api/v1/events", new JsonObject().put("orgId", own.branchA).put("type", type).put("title", "补录的党课")
        .put("startsAt", starts.toString()).put("endsAt", starts.plus(Duration.ofHours(3)).toString())
        .put("backfill", new JsonObject().put("reason", "停电，会议在阶梯教室手工签到")), by.accessToken());
  }

  @Test
  @DisplayName("补录 counts only after the level above approves it, never by its creator; refused, it counts for nothing")
  void backfillNeedsTheLevelAbove() {
    School own = School.create();
    Api.Session secretary = own.secretaryOf(own.branchA);
    Api.Session member = own.memberOf(own.branchA);
    Api.Session collegeAdmin = own.adminOf(own.collegeId);
    // A branch secretary who is also an admin of the college: may approve others' 补录, never their own.
    Api.Session both = own.secretaryOf(own.branchA);
    Api.put("/api/v1/orgs/" + own.collegeId + "/roles/" + both.id(), new JsonObject().put("roles",
        new io.vertx.core.json.JsonArray().add("admin")), own.rootAdmin.accessToken()).expect(200);
    Instant tenDaysAgo = Instant.now().minus(Duration.ofDays(10)).truncatedTo(ChronoUnit.MINUTES);

    backfill(own, secretary, "party_lesson", Instant.now().minus(Duration.ofMinutes(30)))
        .problem(422, "event.backfill_time");
    JsonObject recorded = backfill(own, both, "party_lesson", tenDaysAgo).expect(201).json();
    String id = recorded.getString("id");
    assertEquals("pending_approval", recorded.getString("status"));
    assertTrue(recorded.getBoolean("backfilled"));
    patch(id, new JsonObject().put("studyHours", 2).put("minutes", "手工签到表已拍照留存"), secretary).expect(200);
    mark(id, member.id(), "present", "手工签到表", secretary).expect(200);
    checkIn(id, secretary, member).problem(409, "event.not_approved");
    assertEquals(0.0, get("/api/v1/me/study", member.accessToken()).json().getDouble("collectiveHours"), 1e-9,
        "nothing counts while it waits");
    assertEquals(0, TestServer.get().count("SELECT count(*) FROM points_ledger WHERE source_id = '" + id + "'"));

    java.util.List<String> waiting = get("/api/v1/orgs/" + own.collegeId + "/backfills", collegeAdmin.accessToken())
        .expect(200).json().getJsonArray("items").stream().map(e -> ((JsonObject) e).getString("id")).toList();
    assertEquals(java.util.List.of(id), waiting, "the college sees the branch's 补录 waiting for it");
    get("/api/v1/orgs/" + own.collegeId + "/backfills", member.accessToken()).problem(403, "auth.forbidden");
    String decide = "/api/v1/events/" + id + "/backfill-decision";
    post(decide, new JsonObject().put("approve", true), secretary.accessToken()).problem(403, "auth.forbidden");
    post(decide, new JsonObject().put("approve", true), both.accessToken()).problem(422, "event.own_backfill");
    JsonObject approved = post(decide, new JsonObject().put("approve", true).put("note", "材料齐全"),
        collegeAdmin.accessToken()).expect(200).json();
    assertEquals("scheduled", approved.getString("status"));
    assertTrue(approved.getBoolean("backfilled"), "always shown as 补录");
    post(decide, new JsonObject().put("approve", false), collegeAdmin.accessToken()).problem(409, "event.not_pending");
    assertEquals(2.0, get("/api/v1/me/study", member.accessToken()).json().getDouble("collectiveHours"), 1e-9);
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM points_ledger WHERE source_id = '" + id + "'"),
        "the attendee recorded present earns the attendance points on approval");

    String refusedId = backfill(own, secretary, "study_session", tenDaysAgo.plus(Duration.ofDays(1))).expect(201).json()
        .getString("id");
    patch(refusedId, new JsonObject().put("studyHours", 3), secretary).expect(200);
    mark(refusedId, member.id(), "present", "签到表", secretary).expect(200);
    assertEquals("refused", post("/api/v1/events/" + refusedId + "/backfill-decision", new JsonObject().put("approve", false)
        .put("note", "无会议记录"), both.accessToken()).expect(200).json().getString("status"));
    mark(refusedId, member.id(), "absent", "x", secretary).problem(409, "event.not_editable");
    assertEquals(2.0, get("/api/v1/me/study", member.accessToken()).json().getDouble("collectiveHours"), 1e-9,
        "a refused 补录 counts for nothing");
    assertEquals(2, TestServer.get().count("SELECT count(*) FROM audit_log WHERE action = 'event.backfill_decision' "
        + "AND target IN ('event:" + id + "', 'event:" + refusedId + "')"));
  }

  @Test
  @DisplayName("a 党小组's 补录 is approved above its branch: the branch's own secretary is not the level above its groups")
  void groupBackfillApprovedAboveTheBranch() {
    School own = School.create();
    Api.Session secretary = own.secretaryOf(own.branchA);
    Api.Session committee = own.bound(own.branchA, "full", "committee");
    Api.Session collegeAdmin = own.adminOf(own.collegeId);
    String group = School.org(own.rootAdmin, own.branchA, "第一党小组", "group");
    Instant tenDaysAgo = Instant.now().minus(Duration.ofDays(10)).truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    String id = post("/api/v1/events", new JsonObject().put("orgId", group).put("type", "group_meeting")
        .put("title", "党小组会（补录）").put("startsAt", tenDaysAgo.toString())
        .put("endsAt", tenDaysAgo.plus(Duration.ofHours(1)).toString())
        .put("backfill", new JsonObject().put("reason", "会议在宿舍楼开，未用小程序")), committee.accessToken())
        .expect(201).json().getString("id");
    String decide = "/api/v1/events/" + id + "/backfill-decision";
    post(decide, new JsonObject().put("approve", true), secretary.accessToken()).problem(403, "auth.forbidden");
    assertEquals("scheduled", post(decide, new JsonObject().put("approve", true), collegeAdmin.accessToken()).expect(200)
        .json().getString("status"));
  }

  @Test
  @DisplayName("a meeting names the year it reviews: its own, or the year before only when held January to March")
  void reviewsYear() {
    JsonObject event = create("life_meeting", 60);
    java.time.LocalDate held = Instant.now().plusSeconds(60).atZone(java.time.ZoneId.of("Asia/Shanghai")).toLocalDate();
    Api.Res lastYear = patch(event.getString("id"), new JsonObject().put("reviewsYear", held.getYear() - 1), secretary);
    if (held.getMonthValue() <= 3) {
      assertEquals(held.getYear() - 1, lastYear.expect(200).json().getInteger("reviewsYear"));
    } else {
      lastYear.problem(422, "event.invalid_review_year");
    }
    patch(event.getString("id"), new JsonObject().put("reviewsYear", held.getYear() + 1), secretary)
        .problem(422, "event.invalid_review_year");
    assertEquals(held.getYear(), patch(event.getString("id"), new JsonObject().put("reviewsYear", held.getYear()), secretary)
        .expect(200).json().getInteger("reviewsYear"));
  }
}
