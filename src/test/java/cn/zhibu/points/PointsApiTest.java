package cn.zhibu.points;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PointsApiTest {

  @AfterEach
  void putClockBack() {
    TestServer.get().clock.reset();
  }

  private static Api.Res award(Api.Session by, Api.Session to, int amount, String key) {
    JsonObject body = new JsonObject().put("personId", to.id()).put("amount", amount).put("reason", "表现突出");
    if (key != null) {
      body.put("idempotencyKey", key);
    }
    return post("/api/v1/points/awards", body, by.accessToken());
  }

  private static JsonObject board(Api.Session who, String orgId, String period, int limit) {
    return get("/api/v1/leaderboards?orgId=" + orgId + "&period=" + period + "&limit=" + limit, who.accessToken())
        .expect(200).json();
  }

  private static List<Api.Res> concurrently(int n, Callable<Api.Res> call) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(n, 16));
    try {
      List<Callable<Api.Res>> calls = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        calls.add(call);
      }
      List<Api.Res> answers = new ArrayList<>();
      for (var f : pool.invokeAll(calls)) {
        answers.add(f.get());
      }
      return answers;
    } finally {
      pool.shutdown();
    }
  }

  @Test
  @DisplayName("the same award key sent 20 times concurrently makes one ledger row and one board increment")
  void idempotent() throws Exception {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session member = school.memberOf(school.branchA);
    List<Api.Res> answers = concurrently(20, () -> award(secretary, member, 7, "same-key"));
    assertTrue(answers.stream().allMatch(r -> r.status() == 201), answers.get(0).body());
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM points_ledger WHERE person_id = '" + member.id() + "'"));
    JsonObject me = board(member, school.branchA, "week", 10).getJsonObject("me");
    assertEquals(7, me.getInteger("score"));
    assertEquals(7, get("/api/v1/me", member.accessToken()).expect(200).json().getInteger("pointsThisYear"));
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM audit_log WHERE action = 'points.manual_award' "
        + "AND target = 'person:" + member.id() + "'"), "one award, one audit entry");
  }

  @Test
  @DisplayName("finding 9: an award key reused for another person or amount is a 409, never the first person's award")
  void keyReusedForAnotherAward() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session first = school.memberOf(school.branchA);
    Api.Session second = school.memberOf(school.branchA);
    award(secretary, first, 5, "k-1").expect(201);
    Api.Res other = award(secretary, second, 5, "k-1");
    other.problem(409, "points.key_reused");
    assertFalse(other.body().contains(first.id()), "nothing of the first award is shown");
    award(secretary, first, 9, "k-1").problem(409, "points.key_reused");
    assertEquals(5, award(secretary, first, 5, "k-1").expect(201).json().getInteger("points"), "a true retry");
    assertEquals(0, TestServer.get().count("SELECT count(*) FROM points_ledger WHERE person_id = '" + second.id() + "'"));
  }

  @Test
  @DisplayName("concurrent awards stop exactly at the daily cap, and the yearly cap holds across days")
  void caps() throws Exception {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session member = school.memberOf(school.branchA);
    concurrently(10, () -> award(secretary, member, 10, null));
    assertEquals(50, TestServer.get().count("SELECT sum(points) FROM points_ledger WHERE person_id = '"
        + member.id() + "'"), "manual: 50 a day");
    for (int day = 1; day <= 4; day++) {
      TestServer.get().clock.advance(Duration.ofDays(1));
      award(secretary, member, 50, null).expect(201);
    }
    assertEquals(200, TestServer.get().count("SELECT sum(points) FROM points_ledger WHERE person_id = '"
        + member.id() + "'"), "manual: 200 a year");
    JsonObject capped = award(secretary, member, 5, null).expect(201).json();
    assertEquals(0, capped.getInteger("points"));
    assertTrue(capped.getBoolean("capped"));
  }

  @Test
  @DisplayName("a check-in awards attendance points once, with its event as the source")
  void attendance() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session member = school.memberOf(school.branchA);
    String[] opened = partyDay(secretary, school.branchA, "主题党日");
    String event = opened[0];
    String code = opened[1];
    post("/api/v1/events/" + event + "/checkins", new JsonObject().put("code", code), member.accessToken()).expect(201);
    post("/api/v1/events/" + event + "/checkins", new JsonObject().put("code", code), member.accessToken()).expect(200);
    JsonObject ledger = get("/api/v1/me/points", member.accessToken()).expect(200).json();
    assertEquals(1, ledger.getJsonArray("items").size());
    JsonObject entry = ledger.getJsonArray("items").getJsonObject(0);
    assertEquals("attendance", entry.getString("category"));
    assertEquals(PointRules.ATTENDANCE.defaultAmount, entry.getInteger("points"));
    assertEquals(event, entry.getJsonObject("source").getString("id"));
    assertEquals(PointRules.ATTENDANCE.defaultAmount, ledger.getInteger("totalThisYear"));
  }

  @Test
  @DisplayName("a crowd checking in at once reaches the board whole: each member once, with one check-in's points")
  void crowdReachesBoard() throws Exception {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    List<Api.Session> crowd = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      crowd.add(school.memberOf(school.branchA));
    }
    String[] opened = partyDay(secretary, school.branchA, "主题党日");
    String event = opened[0];
    String code = opened[1];
    java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
    // Batches commit while earlier batches' board refreshes run: the people they award wait for the next refresh.
    for (Api.Res answer : concurrently(40, () -> post("/api/v1/events/" + event + "/checkins",
        new JsonObject().put("code", code), crowd.get(next.getAndIncrement()).accessToken()))) {
      answer.expect(201);
    }
    long deadline = System.currentTimeMillis() + 5_000;
    JsonArray entries;
    do {
      entries = board(secretary, school.branchA, "month", 100).getJsonArray("entries");
    } while (entries.size() < crowd.size() && System.currentTimeMillis() < deadline && sleep(50));
    assertEquals(crowd.size(), entries.size());
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (Object o : entries) {
      JsonObject entry = (JsonObject) o;
      assertTrue(ids.add(entry.getString("personId")));
      assertEquals(PointRules.ATTENDANCE.defaultAmount, entry.getInteger("score"));
    }
    assertEquals(crowd.stream().map(Api.Session::id).collect(java.util.stream.Collectors.toSet()), ids);
  }

  /** A party day of the branch starting now, and its current check-in code: {id, code}. */
  private static String[] partyDay(Api.Session secretary, String branch, String title) {
    Instant now = Instant.now();
    String event = post("/api/v1/events", new JsonObject().put("orgId", branch).put("type", "party_day")
        .put("title", title).put("startsAt", now.toString()).put("endsAt", now.plusSeconds(3_600).toString()),
        secretary.accessToken()).expect(201).json().getString("id");
    return new String[] {event, get("/api/v1/events/" + event + "/checkin-code", secretary.accessToken()).expect(200)
        .json().getString("code")};
  }

  private static boolean sleep(long millis) throws InterruptedException {
    Thread.sleep(millis);
    return true;
  }

  @Test
  @DisplayName("the caller outside the top N still sees their rank and score; ties go to whoever got there first")
  void ranksAndTies() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session first = school.memberOf(school.branchA);
    Api.Session second = school.memberOf(school.branchA);
    Api.Session top = school.memberOf(school.branchA);
    Api.Session last = school.memberOf(school.branchA);
    award(secretary, first, 10, null).expect(201);
    award(secretary, top, 30, null).expect(201);
    TestServer.get().clock.advance(Duration.ofSeconds(5));
    award(secretary, second, 10, null).expect(201);
    award(secretary, last, 1, null).expect(201);
    JsonObject read = board(last, school.branchA, "month", 2);
    JsonArray entries = read.getJsonArray("entries");
    assertEquals(2, entries.size());
    assertEquals(top.id(), entries.getJsonObject(0).getString("personId"));
    assertEquals(first.id(), entries.getJsonObject(1).getString("personId"), "10 reached first ranks first");
    assertEquals(10, entries.getJsonObject(1).getInteger("score"));
    assertTrue(entries.getJsonObject(0).getString("name").startsWith("测试"));
    assertEquals(4, read.getJsonObject("me").getInteger("rank"));
    assertEquals(1, read.getJsonObject("me").getInteger("score"));
    JsonObject nobody = board(school.secretaryOf(school.branchA), school.branchA, "year", 10).getJsonObject("me");
    assertNull(nobody.getInteger("rank"), "no points, no rank");
  }

  @Test
  @DisplayName("a member of branch A cannot read branch B's board; college boards hide others' names")
  void visibility() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session member = school.memberOf(school.branchA);
    Api.Session other = school.memberOf(school.branchA);
    award(secretary, other, 9, null).expect(201);
    award(secretary, member, 3, null).expect(201);
    get("/api/v1/leaderboards?orgId=" + school.branchB + "&period=week", member.accessToken())
        .problem(403, "auth.forbidden");
    JsonObject college = board(member, school.collegeId, "week", 10);
    JsonArray entries = college.getJsonArray("entries");
    assertEquals(2, entries.size(), "the college board counts the branch's members");
    assertNull(entries.getJsonObject(0).getString("name"));
    assertNull(entries.getJsonObject(0).getString("personId"));
    assertEquals(member.id(), entries.getJsonObject(1).getString("personId"), "the caller sees their own entry");
    assertEquals(2, college.getJsonObject("me").getInteger("rank"));
  }

  @Test
  @DisplayName("child orgs rank by average points per member, so a bigger branch does not win by size")
  void orgRanking() {
    School school = School.create();
    Api.Session secretaryA = school.secretaryOf(school.branchA);
    Api.Session secretaryB = school.secretaryOf(school.branchB);
    for (int i = 0; i < 3; i++) {
      award(secretaryA, school.memberOf(school.branchA), 10, null).expect(201);
    }
    award(secretaryB, school.memberOf(school.branchB), 25, null).expect(201);
    JsonArray entries = get("/api/v1/leaderboards/orgs?orgId=" + school.collegeId + "&period=month",
        secretaryA.accessToken()).expect(200).json().getJsonArray("entries");
    assertEquals(school.branchB, entries.getJsonObject(0).getString("orgId"), "25 over 2 beats 30 over 4");
    assertEquals(12.5, entries.getJsonObject(0).getDouble("averagePoints"), 1e-9);
    assertEquals(7.5, entries.getJsonObject(1).getDouble("averagePoints"), 1e-9);
  }

  @Test
  @DisplayName("nobody awards points to themself, and members cannot award at all")
  void noSelfAwards() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session member = school.memberOf(school.branchA);
    award(secretary, secretary, 10, null).problem(422, "points.self_award");
    award(member, secretary, 10, null).problem(404, "not_found");
    award(school.secretaryOf(school.branchB), member, 10, null).problem(404, "not_found");
  }

  @Test
  @DisplayName("after Redis loses the boards, a rebuild from the ledger gives exactly the same boards")
  void rebuildIsIdentical() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session collegeAdmin = school.adminOf(school.collegeId);
    for (int i = 0; i < 4; i++) {
      award(collegeAdmin, school.memberOf(i % 2 == 0 ? school.branchA : school.branchB), 3 + i, null).expect(201);
    }
    award(school.secretaryOf(school.branchB), school.memberOf(school.branchB), 8, null).expect(201);
    Map<String, Object> before = snapshot(school);
    assertEquals(9, before.size(), "points boards of the college and both branches, for week, month and year");
    try (var redis = TestServer.get().redis()) {
      var keys = redis.sync().keys(TestServer.get().config.redisPrefix() + "lb:*");
      redis.sync().del(keys.toArray(new String[0]));
    }
    post("/api/v1/leaderboards/rebuild", null, secretary.accessToken()).problem(403, "auth.forbidden");
    post("/api/v1/leaderboards/rebuild", null, school.rootAdmin.accessToken()).expect(200);
    assertEquals(before, snapshot(school));
  }

  @Test
  @DisplayName("boards moved by check-in batches hold exactly what a rebuild from the ledger gives, ties included")
  void movedBoardsMatchTheLedger() throws Exception {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session collegeAdmin = school.adminOf(school.collegeId);
    List<Api.Session> crowd = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      crowd.add(school.memberOf(school.branchA));
    }
    // Some have awards before (their boards are moved), the rest check in for the first time (refreshed).
    for (int i = 0; i < 12; i++) {
      award(collegeAdmin, crowd.get(i), 1 + i % 3, null).expect(201);
    }
    for (int round = 0; round < 3; round++) {
      String[] opened = partyDay(secretary, school.branchA, "主题党日 " + round);
      String event = opened[0];
      String code = opened[1];
      java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
      for (Api.Res answer : concurrently(crowd.size(), () -> post("/api/v1/events/" + event + "/checkins",
          new JsonObject().put("code", code), crowd.get(next.getAndIncrement()).accessToken()))) {
        answer.expect(201);
      }
      // An award between rounds writes its person's totals whole; the next batch moves from there.
      award(collegeAdmin, crowd.get(round), 2, null).expect(201);
      TestServer.get().clock.advance(Duration.ofSeconds(3));
    }
    // The boards move after the phones are answered: wait until the last round shows on the branch's year board.
    long deadline = System.currentTimeMillis() + 5_000;
    int least = PointRules.ATTENDANCE.defaultAmount * 3;
    while (lowestScore(school.branchA, crowd) < least && System.currentTimeMillis() < deadline) {
      sleep(50);
    }
    assertEquals(least, lowestScore(school.branchA, crowd), "every member's three check-ins reached the board");
    Map<String, Object> moved = snapshot(school);
    try (var redis = TestServer.get().redis()) {
      var keys = redis.sync().keys(TestServer.get().config.redisPrefix() + "lb:*");
      redis.sync().del(keys.toArray(new String[0]));
    }
    post("/api/v1/leaderboards/rebuild", null, school.rootAdmin.accessToken()).expect(200);
    assertEquals(snapshot(school), moved);
  }

  /** The lowest of these members' points on the org's board of this year (0 for one not on it). */
  private static long lowestScore(String orgId, List<Api.Session> members) {
    String key = TestServer.get().config.redisPrefix() + "lb:points:" + Periods.YEAR.key(TestServer.get().clock.instant())
        + ":" + orgId;
    try (var redis = TestServer.get().redis()) {
      return members.stream().mapToLong(m -> {
        Double score = redis.sync().zscore(key, m.id());
        return score == null ? 0 : Score.value(score);
      }).min().orElse(0);
    }
  }

  @Test
  @DisplayName("the ledger is append-only and hash-chained per person")
  void tamperEvident() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session member = school.memberOf(school.branchA);
    award(secretary, member, 4, null).expect(201);
    award(secretary, member, 6, null).expect(201);
    assertThrows(IllegalStateException.class, () -> TestServer.get().execute(
        "UPDATE points_ledger SET points = 50 WHERE person_id = '" + member.id() + "'"));
    JsonArray items = get("/api/v1/me/points", member.accessToken()).expect(200).json().getJsonArray("items");
    assertEquals(2, items.size());
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM points_ledger a JOIN points_ledger b "
        + "ON b.prev_hash = a.hash WHERE a.person_id = '" + member.id() + "'"), "the second row chains to the first");
  }

  /**
   * The full contents (all members, all scores) of every board of this test's college and branches. Boards of
   * orgs shared with other tests (the school's) are left out: another test's twin instance may have been
   * stopped before its own updates landed, which a rebuild would rightly repair.
   */
  private static Map<String, Object> snapshot(School school) {
    Map<String, Object> all = new TreeMap<>();
    String prefix = TestServer.get().config.redisPrefix();
    try (var redis = TestServer.get().redis()) {
      var sync = redis.sync();
      for (String key : sync.keys(prefix + "lb:*")) {
        if ("zset".equals(sync.type(key)) && (key.endsWith(school.collegeId) || key.endsWith(school.branchA)
            || key.endsWith(school.branchB))) {
          all.put(key, sync.zrangeWithScores(key, 0, -1).toString());
        }
      }
    }
    return all;
  }
}
