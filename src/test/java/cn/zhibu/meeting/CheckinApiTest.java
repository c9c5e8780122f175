package cn.zhibu.meeting;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CheckinApiTest {
  static School school;
  static Api.Session secretary;
  static Api.Session member;
  static Api.Session member2;
  static Api.Session otherBranchMember;

  @BeforeAll
  static void setUp() {
    school = School.create();
    secretary = school.secretaryOf(school.branchA);
    member = school.memberOf(school.branchA);
    member2 = school.memberOf(school.branchA);
    otherBranchMember = school.memberOf(school.branchB);
  }

  @AfterEach
  void putClockBack() {
    TestServer.get().clock.reset();
  }

  static JsonObject event(String type, Instant starts, Instant ends) {
    return new JsonObject().put("orgId", school.branchA).put("type", type).put("title", "主题党日")
        .put("startsAt", starts.toString()).put("endsAt", ends.toString());
  }

  static JsonObject createNow(String type) {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    return post("/api/v1/events", event(type, now.plusSeconds(600), now.plusSeconds(7_200)), secretary.accessToken())
        .expect(201).json();
  }

  static String code(String eventId) {
    return get("/api/v1/events/" + eventId + "/checkin-code", secretary.accessToken()).expect(200).json()
        .getString("code");
  }

  static Api.Res checkIn(String eventId, String code, Api.Session who) {
    return post("/api/v1/events/" + eventId + "/checkins", new JsonObject().put("code", code), who.accessToken());
  }

  @Test
  @DisplayName("an event freezes the branch's party members as expected; only organisers create, never back-dated")
  void createEvent() {
    long partyMembers = get("/api/v1/orgs/" + school.branchA + "/members?limit=100", secretary.accessToken())
        .expect(200).json().getJsonArray("items").stream()
        .filter(m -> ((JsonObject) m).getJsonArray("roles").contains("member")).count();
    JsonObject created = createNow("party_day");
    assertEquals(partyMembers, created.getInteger("expected").longValue(), "every party member of branch A");
    assertTrue(partyMembers >= 3);
    Instant now = Instant.now();
    post("/api/v1/events", event("party_day", now.minus(Duration.ofHours(2)), now.plusSeconds(60)),
        secretary.accessToken()).problem(422, "event.backdated");
    post("/api/v1/events", event("party_day", now.plusSeconds(600), now.plusSeconds(60)),
        secretary.accessToken()).problem(422, "event.invalid_time");
    post("/api/v1/events", event("party_day", now.plusSeconds(600), now.plusSeconds(6_000)), member.accessToken())
        .problem(403, "auth.forbidden");
    get("/api/v1/events/" + created.getString("id") + "/checkin-code", member.accessToken())
        .problem(403, "auth.forbidden");
    Api.Res poster = get("/api/v1/events/" + created.getString("id") + "/poster", secretary.accessToken()).expect(200);
    assertEquals("image/png", poster.contentType());
    assertEquals((byte) 0x89, poster.bytes()[0], "a PNG signature");
    get("/api/v1/events/" + created.getString("id") + "/poster", member.accessToken()).problem(403, "auth.forbidden");
    String listed = get("/api/v1/events?orgId=" + school.branchA, member.accessToken()).expect(200).json()
        .getJsonArray("items").encode();
    assertTrue(listed.contains(created.getString("id")));
  }

  @Test
  @DisplayName("check-in with the current code is 201; the same member again gets 200 and the first record")
  void checkInOnce() {
    String eventId = createNow("party_day").getString("id");
    String code = code(eventId);
    JsonObject first = checkIn(eventId, code, member).expect(201).json();
    JsonObject again = checkIn(eventId, code, member).expect(200).json();
    assertEquals(first.getString("id"), again.getString("id"));
    assertEquals(first.getString("checkedInAt"), again.getString("checkedInAt"));
  }

  @Test
  @DisplayName("a code one step old still works, two steps old is expired; another event's or a made-up one is invalid")
  void codeRotation() {
    String eventId = createNow("party_day").getString("id");
    String otherEvent = createNow("group_meeting").getString("id");
    String code = code(eventId);
    TestServer.get().clock.advance(Duration.ofSeconds(60));
    checkIn(eventId, code, member).problem(422, "checkin.code_expired");
    TestServer.get().clock.reset();
    checkIn(eventId, code(otherEvent), member).problem(422, "checkin.code_invalid");
    checkIn(eventId, "AAAAAAAAAAAAAAAAAAAAAA.abcdefgh", member).problem(422, "checkin.code_invalid");
    String fresh = code(eventId);
    TestServer.get().clock.advance(Duration.ofSeconds(30));
    checkIn(eventId, fresh, member).expect(201);
  }

  @Test
  @DisplayName("where the event has a place: no location or too far is out_of_area; within the radius works")
  void place() {
    Instant now = Instant.now();
    JsonObject body = event("party_lesson", now.plusSeconds(60), now.plusSeconds(3_600))
        .put("location", new JsonObject().put("lat", 31.2304).put("lng", 121.4737).put("radiusM", 200));
    String eventId = post("/api/v1/events", body, secretary.accessToken()).expect(201).json().getString("id");
    String code = code(eventId);
    checkIn(eventId, code, member).problem(422, "checkin.out_of_area");
    post("/api/v1/events/" + eventId + "/checkins", new JsonObject().put("code", code).put("lat", 31.2404)
        .put("lng", 121.4737), member.accessToken()).problem(422, "checkin.out_of_area");
    post("/api/v1/events/" + eventId + "/checkins", new JsonObject().put("code", code).put("lat", 31.2310)
        .put("lng", 121.4740), member.accessToken()).expect(201);
  }

  @Test
  @DisplayName("before the window opens it is not_open; after it closes it is closed")
  void window() {
    Instant now = Instant.now();
    String later = post("/api/v1/events", event("party_day", now.plus(Duration.ofHours(2)),
        now.plus(Duration.ofHours(3))), secretary.accessToken()).expect(201).json().getString("id");
    checkIn(later, code(later), member).problem(422, "checkin.not_open");
    String over = post("/api/v1/events", event("party_day", now.minus(Duration.ofMinutes(50)),
        now.minus(Duration.ofMinutes(1))), secretary.accessToken()).expect(201).json().getString("id");
    checkIn(over, code(over), member).problem(422, "checkin.closed");
  }

  @Test
  @DisplayName("50 concurrent identical check-ins from one member make one row; all answers 2xx with the same id")
  void concurrentRetries() throws Exception {
    String eventId = createNow("party_day").getString("id");
    String code = code(eventId);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Callable<Api.Res>> calls = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        calls.add(() -> checkIn(eventId, code, member2));
      }
      List<Api.Res> answers = new ArrayList<>();
      for (Future<Api.Res> f : pool.invokeAll(calls)) {
        answers.add(f.get());
      }
      assertTrue(answers.stream().allMatch(r -> r.status() == 200 || r.status() == 201),
          () -> answers.stream().map(Api.Res::body).collect(Collectors.joining("\n")));
      assertEquals(1, answers.stream().filter(r -> r.status() == 201).count());
      Set<String> ids = answers.stream().map(r -> r.json().getString("id")).collect(Collectors.toSet());
      assertEquals(1, ids.size());
      assertEquals(1, TestServer.get().count("SELECT count(*) FROM checkins WHERE event_id = '" + eventId + "'"));
    } finally {
      pool.shutdown();
    }
  }

  @Test
  @DisplayName("a crowd checking in at once, each member several times and in different orders: all 2xx, one row each")
  void crowd() throws Exception {
    List<Api.Session> crowd = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      crowd.add(school.memberOf(school.branchA));
    }
    String later = post("/api/v1/events", event("party_day", Instant.now().plusSeconds(600),
        Instant.now().plusSeconds(7_200)), secretary.accessToken()).expect(201).json().getString("id");
    String other = post("/api/v1/events", event("party_lesson", Instant.now().plusSeconds(600),
        Instant.now().plusSeconds(7_200)), secretary.accessToken()).expect(201).json().getString("id");
    String code = code(later);
    String otherCode = code(other);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Callable<Api.Res>> calls = new ArrayList<>();
      for (int round = 0; round < 4; round++) {
        List<Api.Session> order = new ArrayList<>(crowd);
        java.util.Collections.shuffle(order, new java.util.Random(round));
        order.forEach(m -> calls.add(() -> checkIn(later, code, m)));
        order.forEach(m -> calls.add(() -> checkIn(other, otherCode, m)));
      }
      java.util.Collections.shuffle(calls, new java.util.Random(7));
      for (Future<Api.Res> f : pool.invokeAll(calls)) {
        Api.Res r = f.get();
        assertTrue(r.status() == 200 || r.status() == 201, r.body());
      }
    } finally {
      pool.shutdown();
    }
    assertEquals(30, TestServer.get().count("SELECT count(*) FROM checkins WHERE event_id = '" + later + "'"));
    assertEquals(30, TestServer.get().count("SELECT count(*) FROM points_ledger WHERE source_id = '" + later + "'"));
    assertEquals(30, TestServer.get().count("SELECT count(*) FROM points_ledger WHERE source_id = '" + other + "'"));
    // Batches write awards set-based: every person's hash chain must still link each row to the one before.
    assertEquals(0, TestServer.get().count("SELECT count(*) FROM points_ledger l WHERE l.person_id IN "
        + "(SELECT person_id FROM checkins WHERE event_id = '" + later + "') AND l.prev_hash IS DISTINCT FROM "
        + "(SELECT p.hash FROM points_ledger p WHERE p.person_id = l.person_id AND p.id < l.id ORDER BY p.id DESC LIMIT 1)"));
  }

  @Test
  @DisplayName("a member of another branch and a resident get 404; a logged-out token gets 401")
  void outsiders() {
    String eventId = createNow("party_day").getString("id");
    String code = code(eventId);
    checkIn(eventId, code, otherBranchMember).problem(404, "not_found");
    get("/api/v1/events/" + eventId, otherBranchMember.accessToken()).problem(404, "not_found");
    checkIn(eventId, code, Api.newcomer()).problem(404, "not_found");
    Api.Session leaving = school.memberOf(school.branchA);
    post("/api/v1/auth/logout", null, leaving.accessToken()).expect(204);
    checkIn(eventId, code, leaving).problem(401, "auth.session_revoked");
    Api.Session joinedLater = school.memberOf(school.branchA);
    checkIn(eventId, code, joinedLater).problem(422, "checkin.not_expected");
  }

  @Test
  @DisplayName("approved leave counts as on leave, not absent, and does not lower the rate")
  void leave() {
    JsonObject event = createNow("branch_assembly");
    String eventId = event.getString("id");
    int expected = event.getInteger("expected");
    JsonObject leave = post("/api/v1/events/" + eventId + "/leaves", new JsonObject().put("reason", "出差"),
        member.accessToken()).expect(201).json();
    assertEquals("pending", leave.getString("status"));
    post("/api/v1/events/" + eventId + "/leaves", new JsonObject().put("reason", "again"), member.accessToken())
        .problem(409, "leave.already_requested");
    assertTrue(get("/api/v1/orgs/" + school.branchA + "/leaves?status=pending", secretary.accessToken()).expect(200)
        .body().contains(leave.getString("id")), "the secretary's list of pending leave has it");
    get("/api/v1/orgs/" + school.branchA + "/leaves", member.accessToken()).problem(403, "auth.forbidden");
    post("/api/v1/leaves/" + leave.getString("id") + "/decision", new JsonObject().put("approve", true),
        member.accessToken()).problem(403, "auth.forbidden");
    post("/api/v1/leaves/" + leave.getString("id") + "/decision", new JsonObject().put("approve", true),
        otherBranchMember.accessToken()).problem(404, "not_found");
    post("/api/v1/leaves/" + leave.getString("id") + "/decision", new JsonObject().put("approve", true),
        secretary.accessToken()).expect(200);
    post("/api/v1/leaves/" + leave.getString("id") + "/decision", new JsonObject().put("approve", false),
        secretary.accessToken()).problem(409, "leave.already_decided");
    JsonObject own = post("/api/v1/events/" + eventId + "/leaves", new JsonObject().put("reason", "病假"),
        secretary.accessToken()).expect(201).json();
    post("/api/v1/leaves/" + own.getString("id") + "/decision", new JsonObject().put("approve", true),
        secretary.accessToken()).problem(422, "leave.own_request");

    checkIn(eventId, code(eventId), member2).expect(201);
    JsonObject report = get("/api/v1/events/" + eventId + "/attendance", secretary.accessToken()).expect(200).json();
    assertEquals(expected, report.getInteger("expected"));
    assertEquals(1, report.getInteger("checkedIn"));
    assertEquals(1, report.getInteger("onLeave"));
    assertEquals(expected - 2, report.getInteger("absent"));
    assertEquals(1.0 / (expected - 1), report.getDouble("rate"), 1e-4, "leave is excused, absence is not");
    get("/api/v1/events/" + eventId + "/attendance", member.accessToken()).problem(403, "auth.forbidden");
  }

  @Test
  @DisplayName("leave lists page newest first without repeats; a committee member (支委) follows them but does not decide")
  void leavePages() {
    String eventId = createNow("branch_assembly").getString("id");
    String first = post("/api/v1/events/" + eventId + "/leaves", new JsonObject().put("reason", "实习"),
        member.accessToken()).expect(201).json().getString("id");
    JsonObject second = post("/api/v1/events/" + eventId + "/leaves", new JsonObject().put("reason", "考试"),
        member2.accessToken()).expect(201).json();
    assertEquals("主题党日", second.getString("eventTitle"), "the answer names the meeting, as the lists do");
    assertEquals(member2.user().getString("name"), second.getString("name"));

    Api.Session committee = school.bound(school.branchA, "full", "committee");
    java.util.List<JsonObject> seen = Api.everyPage("/api/v1/orgs/" + school.branchA + "/leaves", 1,
        committee.accessToken());
    java.util.List<String> ids = seen.stream().map(l -> l.getString("id")).toList();
    assertEquals(ids.size(), new java.util.HashSet<>(ids).size(), "no leave twice across pages");
    assertTrue(ids.indexOf(second.getString("id")) < ids.indexOf(first), "newest first: " + ids);
    for (int i = 1; i < seen.size(); i++) {
      assertTrue(Instant.parse(seen.get(i - 1).getString("requestedAt"))
          .compareTo(Instant.parse(seen.get(i).getString("requestedAt"))) >= 0, "ordered by request time");
    }
    get("/api/v1/orgs/" + school.branchA + "/leaves?cursor=not-ours", committee.accessToken())
        .problem(400, "request.bad_cursor");
    post("/api/v1/leaves/" + first + "/decision", new JsonObject().put("approve", true), committee.accessToken())
        .problem(403, "auth.forbidden");
    JsonObject decided = post("/api/v1/leaves/" + first + "/decision", new JsonObject().put("approve", false),
        secretary.accessToken()).expect(200).json();
    assertEquals("refused", decided.getString("status"));
    assertEquals(member.user().getString("name"), decided.getString("name"));
  }

  @Test
  @DisplayName("the attendance .xlsx has one row per expected attendee, the check-in time as a date cell, and a 补签 flagged with its reason")
  void xlsxExport() throws Exception {
    JsonObject event = createNow("party_day");
    String eventId = event.getString("id");
    checkIn(eventId, code(eventId), member).expect(201);
    Api.put("/api/v1/events/" + eventId + "/attendance/" + member2.id(), new JsonObject().put("status", "present")
        .put("reason", "扫码时手机没电"), secretary.accessToken()).expect(200);
    Api.Res file = get("/api/v1/events/" + eventId + "/attendance?format=xlsx", secretary.accessToken()).expect(200);
    assertTrue(file.contentType().contains("spreadsheetml"));
    try (var workbook = new org.dhatim.fastexcel.reader.ReadableWorkbook(new java.io.ByteArrayInputStream(file.bytes()));
         var rows = workbook.getFirstSheet().openStream()) {
      List<org.dhatim.fastexcel.reader.Row> all = rows.toList();
      assertEquals(1 + event.getInteger("expected"), all.size(), "a header and one row per expected attendee");
      assertEquals(List.of("学号/工号", "姓名", "状态", "签到时间", "补签", "补签原因", "弱网签到"),
          java.util.stream.IntStream.range(0, all.get(0).getCellCount()).mapToObj(all.get(0)::getCellText).toList());
      org.dhatim.fastexcel.reader.Row scanned = all.stream()
          .filter(r -> member.user().getString("name").equals(r.getCellText(1))).findFirst().orElseThrow();
      org.dhatim.fastexcel.reader.Row marked = all.stream()
          .filter(r -> member2.user().getString("name").equals(r.getCellText(1))).findFirst().orElseThrow();
      assertEquals("已签到", scanned.getCellText(2));
      assertEquals("否", scanned.getCellText(4));
      assertTrue(scanned.getCellAsDate(3).isPresent(), "the check-in time is a date cell");
      assertEquals("已签到", marked.getCellText(2));
      assertEquals("是", marked.getCellText(4), "a 补签 is flagged, not passed off as a scan");
      assertEquals("扫码时手机没电", marked.getCellText(5));
    }
  }


  @Test
  @DisplayName("a scan is judged from the event's facts in memory; a change published by any process is heard at once")
  void eventFactsInvalidation() throws Exception {
    // One HTTP instance, so every request meets the same cache.
    TestServer.Twin twin = TestServer.get().twin(java.util.Map.of(cn.zhibu.platform.Config.HTTP_INSTANCES, "1"));
    try {
      String id = createNow("party_day").getString("id");
      Api.Session late = school.memberOf(school.branchA);
      Api.on(twin.baseUrl(), () -> checkIn(id, code(id), late)).problem(422, "checkin.not_expected");
      TestServer.get().execute("INSERT INTO event_attendees (event_id, person_id) VALUES ('" + id + "', '"
          + late.id() + "')");
      Api.on(twin.baseUrl(), () -> checkIn(id, code(id), late)).problem(422, "checkin.not_expected");
      // What EventFacts.changed does after a committed change, here as another process would.
      try (var redis = TestServer.get().redis()) {
        redis.sync().publish(TestServer.get().config.redisPrefix() + "changes", "event|" + id);
      }
      int status = 0;
      for (int i = 0; i < 50 && status != 201; i++) {
        status = Api.on(twin.baseUrl(), () -> checkIn(id, code(id), late)).status();
        Thread.sleep(status == 201 ? 0 : 20);
      }
      assertEquals(201, status, "the news reached the instance's cache");
    } finally {
      twin.stop();
    }
  }

  @Test
  @DisplayName("weak signal: a scan kept on the phone counts as of its time, if its code was valid then and it comes within 2 h")
  void offlineScans() {
    Api.Session basement = school.memberOf(school.branchA);
    Api.Session photographer = school.memberOf(school.branchA);
    Api.Session late = school.memberOf(school.branchA);
    Api.Session dreamer = school.memberOf(school.branchA);
    String id = createNow("party_lesson").getString("id");
    Instant scanned = TestServer.get().clock.instant().truncatedTo(ChronoUnit.SECONDS);
    String codeThen = code(id);
    TestServer.get().clock.advance(Duration.ofSeconds(95));
    String codeLater = code(id);

    // Uploaded an hour later, with the code shown at the moment of the scan.
    TestServer.get().clock.advance(Duration.ofHours(1));
    JsonObject kept = offline(id, codeThen, scanned, basement).expect(201).json();
    assertTrue(kept.getBoolean("offline"));
    assertEquals(scanned, Instant.parse(kept.getString("checkedInAt")), "the record is the scan's time");
    assertEquals(kept.getString("id"), offline(id, codeThen, scanned, basement).expect(200).json().getString("id"));

    // A code photographed earlier and "scanned" later: not valid in the scan's time step.
    offline(id, codeThen, scanned.plusSeconds(95), photographer).problem(422, "checkin.code_expired");
    offline(id, codeLater, scanned.plusSeconds(95), photographer).expect(201);
    // In the future, or uploaded after the window.
    offline(id, codeThen, TestServer.get().clock.instant().plus(Duration.ofMinutes(10)), dreamer)
        .problem(422, "checkin.scan_in_future");
    TestServer.get().clock.advance(Duration.ofHours(1));
    offline(id, codeThen, scanned, late).problem(422, "checkin.upload_too_late");
    // The same late retry from someone already checked in is answered with their first record, not refused.
    assertEquals(kept.getString("id"), offline(id, codeThen, scanned, basement).expect(200).json().getString("id"));

    JsonObject attendance = get("/api/v1/events/" + id + "/attendance", secretary.accessToken()).expect(200).json();
    assertTrue(attendance.getJsonArray("members").stream().map(JsonObject.class::cast)
        .anyMatch(m -> basement.id().equals(m.getString("personId")) && m.getBoolean("offline")));
  }

  private static Api.Res offline(String eventId, String code, Instant scannedAt, Api.Session who) {
    return post("/api/v1/events/" + eventId + "/checkins", new JsonObject().put("code", code)
        .put("scannedAt", scannedAt.toString()), who.accessToken());
  }

  @Test
  @DisplayName("a member sees their own place in a meeting — expected, checked in or not, their leave and its state — and nobody else's")
  void myAttendance() {
    JsonObject created = createNow("party_day");
    String id = created.getString("id");
    JsonObject before = get("/api/v1/events/" + id + "/mine", member.accessToken()).expect(200).json();
    assertEquals(true, before.getBoolean("expected"));
    assertEquals("absent", before.getString("status"));
    post("/api/v1/events/" + id + "/leaves", new JsonObject().put("reason", "出差"), member2.accessToken()).expect(201);
    JsonObject asked = get("/api/v1/events/" + id + "/mine", member2.accessToken()).expect(200).json();
    assertEquals("pending", asked.getString("leaveStatus"));
    assertEquals("出差", asked.getString("leaveReason"));
    checkIn(id, code(id), member).expect(201);
    JsonObject after = get("/api/v1/events/" + id + "/mine", member.accessToken()).expect(200).json();
    assertEquals("present", after.getString("status"));
    assertNotNull(after.getString("checkedInAt"));
    get("/api/v1/events/" + id + "/mine", otherBranchMember.accessToken()).problem(404, "not_found");
  }
}

