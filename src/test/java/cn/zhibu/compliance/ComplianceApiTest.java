package cn.zhibu.compliance;

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
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ComplianceApiTest {

  @AfterEach
  void resetClock() {
    TestServer.get().clock.reset();
  }

  private static String createEvent(Api.Session secretary, String orgId, String type) {
    Instant now = Instant.now();
    return post("/api/v1/events", new JsonObject().put("orgId", orgId).put("type", type).put("title", type)
        .put("startsAt", now.toString()).put("endsAt", now.plusSeconds(3_600).toString()), secretary.accessToken())
        .expect(201).json().getString("id");
  }

  private static void checkIn(String eventId, Api.Session secretary, Api.Session who) {
    String code = get("/api/v1/events/" + eventId + "/checkin-code", secretary.accessToken()).expect(200).json()
        .getString("code");
    post("/api/v1/events/" + eventId + "/checkins", new JsonObject().put("code", code), who.accessToken()).expect(201);
  }

  private static JsonObject requirement(JsonObject branch, String type) {
    return branch.getJsonArray("requirements").stream().map(JsonObject.class::cast)
        .filter(r -> type.equals(r.getString("type"))).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("a branch that held a 支委会 but too small a 主题党日 shows the first held and the second missing")
  void heldAndMissing() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session committee = school.bound(school.branchA, "full", "committee");
    Api.Session member = school.memberOf(school.branchA);
    school.memberOf(school.branchA);
    school.memberOf(school.branchA);

    String committeeMeeting = createEvent(secretary, school.branchA, "committee_meeting");
    JsonObject event = get("/api/v1/events/" + committeeMeeting, secretary.accessToken()).expect(200).json();
    assertEquals(2, event.getInteger("expected"), "a 支委会 expects the committee and the secretary only");
    checkIn(committeeMeeting, secretary, committee);

    String partyDay = createEvent(secretary, school.branchA, "party_day");
    checkIn(partyDay, secretary, member);
    String month = YearMonth.now(ZoneId.of("Asia/Shanghai")).toString();
    // Both meetings end within the hour; the rate counts meetings that have ended.
    TestServer.get().clock.advance(java.time.Duration.ofMinutes(61));

    JsonObject report = get("/api/v1/orgs/" + school.collegeId + "/compliance?period=" + month,
        school.adminOf(school.collegeId).accessToken()).expect(200).json();
    JsonArray branches = report.getJsonArray("branches");
    assertEquals(2, branches.size(), "both branches of the college are listed");
    JsonObject a = branches.stream().map(JsonObject.class::cast)
        .filter(b -> school.branchA.equals(b.getString("orgId"))).findFirst().orElseThrow();
    assertTrue(requirement(a, "committee_meeting").getBoolean("held"));
    assertFalse(requirement(a, "group_meeting").getBoolean("required"), "a branch without 党小组 owes no 党小组会");
    assertFalse(requirement(a, "party_day").getBoolean("held"), "1 of 5 members is less than half");
    assertFalse(a.getJsonArray("missing").contains("group_meeting"));
    assertTrue(a.getJsonArray("missing").contains("party_day"));
    assertFalse(a.getJsonArray("missing").contains("committee_meeting"));
    boolean december = YearMonth.parse(month).getMonthValue() == 12;
    assertEquals(december, a.getJsonArray("missing").contains("life_meeting"), "yearly meetings are due in December");
    assertEquals(Math.round(2 * 10_000.0 / 7) / 10_000.0, a.getDouble("attendanceRate"), 1e-9,
        "2 check-ins over 2 + 5 expected this month");
    JsonObject b = branches.stream().map(JsonObject.class::cast)
        .filter(x -> school.branchB.equals(x.getString("orgId"))).findFirst().orElseThrow();
    assertNull(b.getDouble("attendanceRate"), "no events, no rate");

    get("/api/v1/orgs/" + school.branchA + "/compliance?period=" + month, secretary.accessToken()).expect(200);
    get("/api/v1/orgs/" + school.collegeId + "/compliance?period=" + month, secretary.accessToken())
        .problem(403, "auth.forbidden");
    get("/api/v1/orgs/" + school.branchA + "/compliance?period=2026-13", secretary.accessToken())
        .problem(400, "request.invalid");
  }

  @Test
  @DisplayName("approved leave is not a failure: 10 expected, 6 on approved leave, 2 present counts as held")
  void leaveDoesNotFailAMeeting() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    java.util.List<Api.Session> members = new java.util.ArrayList<>();
    for (int i = 0; i < 9; i++) {
      members.add(school.memberOf(school.branchA));
    }
    String partyDay = createEvent(secretary, school.branchA, "party_day");
    assertEquals(10, get("/api/v1/events/" + partyDay, secretary.accessToken()).json().getInteger("expected"));
    for (Api.Session away : members.subList(0, 6)) {
      String leave = post("/api/v1/events/" + partyDay + "/leaves", new JsonObject().put("reason", "实习"),
          away.accessToken()).expect(201).json().getString("id");
      post("/api/v1/leaves/" + leave + "/decision", new JsonObject().put("approve", true), secretary.accessToken())
          .expect(200);
    }
    checkIn(partyDay, secretary, members.get(6));
    checkIn(partyDay, secretary, members.get(7));

    String month = YearMonth.now(ZoneId.of("Asia/Shanghai")).toString();
    JsonObject a = get("/api/v1/orgs/" + school.branchA + "/compliance?period=" + month, secretary.accessToken())
        .expect(200).json().getJsonArray("branches").getJsonObject(0);
    assertTrue(requirement(a, "party_day").getBoolean("held"), "2 of the 4 not on leave came: " + a.encode());
    assertFalse(a.getJsonArray("missing").contains("party_day"));
  }

  @Test
  @DisplayName("a roster member who binds after an event was created is still expected there and can check in")
  void bindKeepsExpectations() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    String number = School.uniqueNumber();
    String code = post("/api/v1/orgs/" + school.branchA + "/roster", new JsonObject().put("entries", new JsonArray()
            .add(new JsonObject().put("number", number).put("name", "后绑定").put("stage", "full"))),
        secretary.accessToken()).expect(200).json().getJsonArray("activationCodes").getJsonObject(0).getString("code");
    String eventId = createEvent(secretary, school.branchA, "party_day");
    Api.Session late = Api.newcomer();
    post("/api/v1/auth/bind", new JsonObject().put("number", number).put("name", "后绑定").put("activationCode", code),
        late.accessToken()).expect(200);
    checkIn(eventId, secretary, late);
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM event_attendees WHERE event_id = '" + eventId
        + "' AND person_id = '" + late.id() + "'"));
  }

  @Test
  @DisplayName("党小组: the branch secretary fills its groups; a 党小组会 is owed by each group, judged on its members")
  void groups() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session first = school.memberOf(school.branchA);
    Api.Session second = school.memberOf(school.branchA);
    String groupOne = School.org(school.rootAdmin, school.branchA, "第一党小组", "group");
    String groupTwo = School.org(school.rootAdmin, school.branchA, "第二党小组", "group");
    Api.put("/api/v1/orgs/" + groupOne + "/roles/" + first.id(), new JsonObject().put("roles",
        new JsonArray().add("member")), secretary.accessToken()).expect(200);
    Api.put("/api/v1/orgs/" + groupTwo + "/roles/" + second.id(), new JsonObject().put("roles",
        new JsonArray().add("member")), secretary.accessToken()).expect(200);
    Api.put("/api/v1/orgs/" + groupOne + "/roles/" + first.id(), new JsonObject().put("roles",
        new JsonArray().add("secretary")), secretary.accessToken()).problem(422, "roles.group_member_only");
    Api.put("/api/v1/orgs/" + groupOne + "/roles/" + school.memberOf(school.branchB).id(), new JsonObject().put("roles",
        new JsonArray().add("member")), school.rootAdmin.accessToken()).problem(422, "roles.not_on_roster");

    String meeting = createEvent(secretary, groupOne, "group_meeting");
    assertEquals(1, get("/api/v1/events/" + meeting, secretary.accessToken()).json().getInteger("expected"),
        "a group's meeting expects the group's members");
    checkIn(meeting, secretary, first);

    String month = YearMonth.now(ZoneId.of("Asia/Shanghai")).toString();
    JsonObject a = get("/api/v1/orgs/" + school.branchA + "/compliance?period=" + month, secretary.accessToken())
        .expect(200).json().getJsonArray("branches").getJsonObject(0);
    JsonObject groupMeetings = requirement(a, "group_meeting");
    assertTrue(groupMeetings.getBoolean("required"));
    assertEquals(1, groupMeetings.getInteger("count"), groupMeetings.encode());
    assertFalse(groupMeetings.getBoolean("held"), "the second group has not met");
    assertTrue(a.getJsonArray("missing").contains("group_meeting"));
  }

  @Test
  @DisplayName("the cadences are a table a school admin changes; a type taken out is no longer required")
  void rulesTable() {
    Api.Session rootAdmin = Api.rootAdmin();
    JsonObject defaults = get("/api/v1/compliance-rules", Api.newcomer().accessToken()).expect(200).json();
    assertEquals(7, defaults.getJsonArray("rules").size());
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.put("/api/v1/compliance-rules", defaults, secretary.accessToken()).problem(403, "auth.forbidden");
    JsonArray fewer = new JsonArray();
    defaults.getJsonArray("rules").stream().map(JsonObject.class::cast)
        .filter(r -> !"party_day".equals(r.getString("type"))).forEach(fewer::add);
    try {
      JsonObject changed = Api.put("/api/v1/compliance-rules", new JsonObject().put("rules", fewer),
          rootAdmin.accessToken()).expect(200).json();
      assertEquals(6, changed.getJsonArray("rules").size());
      String month = YearMonth.now(ZoneId.of("Asia/Shanghai")).toString();
      JsonObject a = get("/api/v1/orgs/" + school.branchA + "/compliance?period=" + month, secretary.accessToken())
          .expect(200).json().getJsonArray("branches").getJsonObject(0);
      assertFalse(a.getJsonArray("missing").contains("party_day"), "no longer required");
      JsonArray twice = fewer.copy().add(fewer.getJsonObject(0));
      Api.put("/api/v1/compliance-rules", new JsonObject().put("rules", twice), rootAdmin.accessToken())
          .problem(422, "compliance.duplicate_type");
    } finally {
      Api.put("/api/v1/compliance-rules", defaults, rootAdmin.accessToken()).expect(200);
    }
  }

  @Test
  @DisplayName("本月出勤率 counts only meetings that have ended: a 大会 later today is nobody's absence yet, and the 台账 says 未开始")
  void futureMeetingsDoNotCount() throws Exception {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session member = school.memberOf(school.branchA);
    school.memberOf(school.branchA);
    Instant now = Instant.now();
    String held = createEvent(secretary, school.branchA, "party_day");
    checkIn(held, secretary, member);
    post("/api/v1/events", new JsonObject().put("orgId", school.branchA).put("type", "branch_assembly")
        .put("title", "晚些时候的支部大会").put("startsAt", now.plusSeconds(7_200).toString())
        .put("endsAt", now.plusSeconds(10_800).toString()), secretary.accessToken()).expect(201);
    YearMonth month = YearMonth.from(now.atZone(ZoneId.of("Asia/Shanghai")));
    boolean sameMonth = YearMonth.from(now.plusSeconds(7_200).atZone(ZoneId.of("Asia/Shanghai"))).equals(month);
    String path = "/api/v1/orgs/" + school.branchA + "/compliance?period=" + month;

    assertNull(branchOf(get(path, secretary.accessToken()).expect(200).json(), school.branchA)
        .getDouble("attendanceRate"), "nothing has ended yet: no rate, not 0 %");
    TestServer.get().clock.advance(java.time.Duration.ofMinutes(61));
    // The 主题党日 has ended (1 of its 3 checked in); the 大会 starts in an hour: it is not counted.
    assertEquals(Math.round(10_000.0 / 3) / 10_000.0, branchOf(get(path, secretary.accessToken()).expect(200).json(),
        school.branchA).getDouble("attendanceRate"), 1e-9, sameMonth ? "the 大会 later this month is not counted" : "");

    byte[] pack = get("/api/v1/orgs/" + school.branchA + "/ledger-pack?from=" + month + "&to="
        + YearMonth.from(now.plusSeconds(7_200).atZone(ZoneId.of("Asia/Shanghai"))), secretary.accessToken())
        .expect(200).bytes();
    try (var book = new org.dhatim.fastexcel.reader.ReadableWorkbook(new java.io.ByteArrayInputStream(pack));
        var rows = book.getSheets().filter(sh -> sh.getName().equals("出勤")).findFirst().orElseThrow().openStream()) {
      java.util.List<String> later = rows.map(r -> r.getCellText(1) + "|" + r.getCellText(5))
          .filter(r -> r.startsWith("晚些时候的支部大会")).toList();
      assertEquals(3, later.size(), "everyone expected at the 大会 is listed");
      assertTrue(later.stream().allMatch(r -> r.endsWith("|未开始")), later.toString());
    }
  }

  private static JsonObject branchOf(JsonObject report, String orgId) {
    return report.getJsonArray("branches").stream().map(JsonObject.class::cast)
        .filter(b -> orgId.equals(b.getString("orgId"))).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("a closed 民主评议 round is the year's 民主评议 (no meeting of that type needed); with the biennial cadence (seed 003 §8) last year's round still covers this December")
  void reviewRoundsCount() {
    Api.Session rootAdmin = Api.rootAdmin();
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    int last = YearMonth.now(ZoneId.of("Asia/Shanghai")).getYear() - 1;
    post("/api/v1/orgs/" + school.branchA + "/reviews", new JsonObject().put("year", last)
        .put("opensAt", last + "-12-01T00:00:00+08:00").put("closesAt", last + "-12-15T23:59:59+08:00"),
        secretary.accessToken()).expect(201);
    JsonArray december = get("/api/v1/orgs/" + school.collegeId + "/compliance?period=" + last + "-12",
        school.rootAdmin.accessToken()).expect(200).json().getJsonArray("branches");
    JsonObject a = branch(december, school.branchA);
    assertFalse(a.getJsonArray("missing").contains("democratic_review"), a.encode());
    JsonObject reviewed = a.getJsonArray("requirements").stream().map(JsonObject.class::cast)
        .filter(r -> "democratic_review".equals(r.getString("type"))).findFirst().orElseThrow();
    assertEquals(1, reviewed.getInteger("count"));
    assertTrue(branch(december, school.branchB).getJsonArray("missing").contains("democratic_review"), "no round, no review");
    assertEquals(null, a.getValue("attendanceRate"), "a round is not a meeting: no attendance comes of it");

    JsonObject defaults = get("/api/v1/compliance-rules", rootAdmin.accessToken()).expect(200).json();
    JsonArray biennial = new JsonArray();
    defaults.getJsonArray("rules").stream().map(JsonObject.class::cast).map(JsonObject::copy)
        .map(r -> "democratic_review".equals(r.getString("type")) ? r.put("cadence", "biennial") : r).forEach(biennial::add);
    try {
      Api.put("/api/v1/compliance-rules", new JsonObject().put("rules", biennial), rootAdmin.accessToken()).expect(200);
      JsonArray now = get("/api/v1/orgs/" + school.collegeId + "/compliance?period=" + (last + 1) + "-12",
          school.rootAdmin.accessToken()).expect(200).json().getJsonArray("branches");
      assertFalse(branch(now, school.branchA).getJsonArray("missing").contains("democratic_review"),
          "last year's round covers this year when the review is every two years");
      assertTrue(branch(now, school.branchB).getJsonArray("missing").contains("democratic_review"));
    } finally {
      Api.put("/api/v1/compliance-rules", defaults, rootAdmin.accessToken()).expect(200);
    }
    JsonArray yearly = get("/api/v1/orgs/" + school.collegeId + "/compliance?period=" + (last + 1) + "-12",
        school.rootAdmin.accessToken()).expect(200).json().getJsonArray("branches");
    assertTrue(branch(yearly, school.branchA).getJsonArray("missing").contains("democratic_review"),
        "yearly (the default): last year's round does not cover this year");
  }

  private static JsonObject branch(JsonArray branches, String id) {
    return branches.stream().map(JsonObject.class::cast).filter(b -> id.equals(b.getString("orgId"))).findFirst()
        .orElseThrow();
  }
}
