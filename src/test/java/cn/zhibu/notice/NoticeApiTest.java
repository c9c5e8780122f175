package cn.zhibu.notice;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import cn.zhibu.wechat.FakeWeChat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NoticeApiTest {
  private final FakeWeChat fake = TestServer.get().wechat;

  @AfterEach
  void cleanUp() {
    fake.reset();
    TestServer.get().clock.reset();
    TestServer.get().drainOutbox();
  }

  static JsonObject publish(Api.Session by, String title, boolean push, String... targets) {
    return post("/api/v1/notices", new JsonObject().put("title", title).put("body", "请按时参加")
        .put("targetOrgIds", new JsonArray(List.of((Object[]) targets))).put("push", push), by.accessToken())
        .expect(201).json();
  }

  static void subscribe(Api.Session who) {
    post("/api/v1/wechat/subscriptions", new JsonObject().put("templateId", "notice-template").put("result", "accept"),
        who.accessToken()).expect(204);
  }

  static String openid(Api.Session who) {
    return TestServer.get().text("SELECT openid FROM persons WHERE id = '" + who.id() + "'");
  }

  long delivered(Api.Session who) {
    String openid = openid(who);
    return fake.calls().stream().filter(c -> c.api().equals(FakeWeChat.SUBSCRIBE_SEND) && openid.equals(c.openid()))
        .count();
  }

  @Test
  @DisplayName("a member of branch A gets school-wide and college-wide notices, not branch B's")
  void targeting() {
    School school = School.create();
    Api.Session member = school.memberOf(school.branchA);
    String schoolWide = publish(school.rootAdmin, "全校通知", false, school.rootId).getString("id");
    String collegeWide = publish(school.adminOf(school.collegeId), "学院通知", false, school.collegeId).getString("id");
    String otherBranch = publish(school.secretaryOf(school.branchB), "B支部通知", false, school.branchB).getString("id");
    String feed = get("/api/v1/notices?limit=100", member.accessToken()).expect(200).body();
    assertTrue(feed.contains(schoolWide) && feed.contains(collegeWide));
    assertFalse(feed.contains(otherBranch));
    get("/api/v1/notices/" + otherBranch, member.accessToken()).problem(404, "not_found");
    post("/api/v1/notices", new JsonObject().put("title", "越界").put("body", "x")
        .put("targetOrgIds", new JsonArray().add(school.branchB)), school.secretaryOf(school.branchA).accessToken())
        .problem(403, "auth.forbidden");
  }

  @Test
  @DisplayName("the feed pages newest first with an opaque cursor, and a damaged cursor is a 400")
  void paging() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session member = school.memberOf(school.branchA);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(0, publish(secretary, "第" + i + "号", false, school.branchA).getString("id"));
    }
    List<String> seen = new ArrayList<>();
    String cursor = null;
    do {
      JsonObject page = get("/api/v1/notices?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), member.accessToken())
          .expect(200).json();
      page.getJsonArray("items").forEach(item -> seen.add(((JsonObject) item).getString("id")));
      cursor = page.getString("nextCursor");
    } while (cursor != null);
    assertEquals(ids, seen.subList(0, 5), "newest first, each once");
    get("/api/v1/notices?cursor=bm9wZQ", member.accessToken()).problem(400, "request.bad_cursor");
  }

  @Test
  @DisplayName("the feed's first page, kept in memory, shows a new notice and a read at once, and after Redis lost the read flags")
  void firstPageFresh() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session member = school.memberOf(school.branchA);
    Api.Session neighbour = school.memberOf(school.branchA);
    String first = publish(secretary, "一", false, school.branchA).getString("id");
    assertEquals(Map.of(first, false), flags(member, 1), "the first page, now kept for the branch's chain");
    String second = publish(secretary, "二", false, school.branchA).getString("id");
    assertEquals(Map.of(second, false, first, false), flags(member, 2), "a publish shows at once");
    get("/api/v1/notices/" + first, member.accessToken()).expect(200);
    assertEquals(Map.of(second, false, first, true), flags(member, 2), "opening it marks it read at once");
    try (var redis = TestServer.get().redis()) {
      var keys = redis.sync().keys(TestServer.get().config.redisPrefix() + "rd:*");
      redis.sync().del(keys.toArray(new String[0]));
    }
    assertEquals(Map.of(second, false, first, true), flags(member, 2), "read flags loaded again from PostgreSQL");
    assertEquals(Map.of(second, false, first, false), flags(neighbour, 2), "another member's flags are their own");
    post("/api/v1/notices/" + second + "/read", null, neighbour.accessToken()).expect(204);
    assertEquals(Map.of(second, true, first, false), flags(neighbour, 2));
    assertEquals(Map.of(second, false, first, true), flags(member, 2));
  }

  @Test
  @DisplayName("a notice published on one process reaches the feed another process keeps in memory within a second")
  void otherProcessHears() throws Exception {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session member = school.memberOf(school.branchA);
    String first = publish(secretary, "一", false, school.branchA).getString("id");
    TestServer.Twin twin = TestServer.get().twin(Map.of());
    try {
      assertEquals(Map.of(first, false), Api.on(twin.baseUrl(), () -> flags(member, 1)), "kept by the other process");
      String second = publish(secretary, "二", false, school.branchA).getString("id");
      long deadline = System.currentTimeMillis() + 1_000;
      Map<String, Boolean> seen;
      do {
        seen = Api.on(twin.baseUrl(), () -> flags(member, 2));
      } while (!seen.containsKey(second) && System.currentTimeMillis() < deadline);
      assertEquals(Map.of(second, false, first, false), seen, "heard through Redis, long before the 30 s bound");
      post("/api/v1/notices/" + second + "/read", null, member.accessToken()).expect(204);
      assertEquals(Map.of(second, true, first, false), Api.on(twin.baseUrl(), () -> flags(member, 2)),
          "read flags are shared in Redis");
    } finally {
      twin.stop();
    }
  }

  /** The newest {@code n} notices of the member's feed's first page, each with its read flag. */
  private static Map<String, Boolean> flags(Api.Session member, int n) {
    JsonArray items = get("/api/v1/notices?limit=20", member.accessToken()).expect(200).json().getJsonArray("items");
    Map<String, Boolean> flags = new java.util.LinkedHashMap<>();
    for (int i = 0; i < Math.min(n, items.size()); i++) {
      flags.put(items.getJsonObject(i).getString("id"), items.getJsonObject(i).getBoolean("read"));
    }
    return flags;
  }

  @Test
  @DisplayName("200 concurrent reads mark a notice read once, and the unread count drops by exactly one")
  void concurrentReads() throws Exception {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session member = school.memberOf(school.branchA);
    int before = get("/api/v1/me", member.accessToken()).expect(200).json().getInteger("unreadNotices");
    String first = publish(secretary, "一", false, school.branchA).getString("id");
    publish(secretary, "二", false, school.branchA);
    assertEquals(before + 2, get("/api/v1/notices", member.accessToken()).expect(200).json().getInteger("unread"));
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Callable<Api.Res>> calls = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        calls.add(() -> post("/api/v1/notices/" + first + "/read", null, member.accessToken()));
      }
      for (var f : pool.invokeAll(calls)) {
        assertEquals(204, f.get().status());
      }
    } finally {
      pool.shutdown();
    }
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM notice_reads WHERE notice_id = '" + first + "'"));
    assertEquals(before + 1, get("/api/v1/me", member.accessToken()).expect(200).json().getInteger("unreadNotices"));
    try (var redis = TestServer.get().redis()) {
      var keys = redis.sync().keys(TestServer.get().config.redisPrefix() + "n[cr]:*");
      redis.sync().del(keys.toArray(new String[0]));
    }
    assertEquals(before + 1, get("/api/v1/notices", member.accessToken()).expect(200).json().getInteger("unread"),
        "recomputed from PostgreSQL after Redis lost the counters");
  }

  @Test
  @DisplayName("WeChat busy three times, then fine: the push is retried and delivered exactly once")
  void retriedOnce() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session member = school.memberOf(school.branchA);
    subscribe(member);
    publish(secretary, "支部大会通知", true, school.branchA);
    fake.inject(new FakeWeChat.Fault(FakeWeChat.SUBSCRIBE_SEND, -1, 200, 0, false, 3));
    TestServer.get().drainOutbox();
    assertEquals(0, delivered(member), "all three attempts were busy");
    TestServer.get().drainOutbox();
    assertEquals(0, delivered(member), "not due again yet (backoff)");
    TestServer.get().clock.advance(Duration.ofSeconds(30));
    TestServer.get().drainOutbox();
    assertEquals(1, delivered(member));
    TestServer.get().clock.advance(Duration.ofMinutes(30));
    TestServer.get().drainOutbox();
    assertEquals(1, delivered(member), "never twice");
  }

  @Test
  @DisplayName("43101 is recorded as undeliverable and not retried; without a credit nothing is sent")
  void refusedAndNoCredit() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session refusing = school.memberOf(school.branchA);
    Api.Session noCredit = school.memberOf(school.branchA);
    subscribe(refusing);
    fake.refuseSubscriptions(openid(refusing));
    String id = publish(secretary, "通知", true, school.branchA).getString("id");
    TestServer.get().drainOutbox();
    TestServer.get().clock.advance(Duration.ofHours(1));
    TestServer.get().drainOutbox();
    assertEquals(1, fake.calls().stream().filter(c -> c.api().equals(FakeWeChat.SUBSCRIBE_SEND)
        && openid(refusing).equals(c.openid())).count(), "tried once, not retried");
    assertEquals(0, delivered(noCredit));
    JsonArray unread = get("/api/v1/notices/" + id + "/receipts", secretary.accessToken()).expect(200).json()
        .getJsonArray("unread");
    assertEquals("undeliverable", delivery(unread, refusing));
    assertEquals("no_credit", delivery(unread, noCredit));
  }

  private static String delivery(JsonArray unread, Api.Session who) {
    return unread.stream().map(JsonObject.class::cast).filter(u -> who.id().equals(u.getString("personId")))
        .findFirst().orElseThrow().getString("delivery");
  }

  @Test
  @DisplayName("two workers draining the same outbox send each message once")
  void twoWorkers() throws Exception {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    List<Api.Session> members = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Api.Session m = school.memberOf(school.branchA);
      subscribe(m);
      members.add(m);
    }
    publish(secretary, "两个worker", true, school.branchA);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Callable<Integer>> workers = List.of(() -> TestServer.get().drainOutbox(), () -> TestServer.get().drainOutbox());
      for (var f : pool.invokeAll(workers)) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    for (Api.Session m : members) {
      assertEquals(1, delivered(m));
    }
  }

  @Test
  @DisplayName("a worker that died holding the fan-out leaves it to be sent once its lease runs out")
  void survivesDeadWorker() throws Exception {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session member = school.memberOf(school.branchA);
    subscribe(member);
    String id = publish(secretary, "重启之后", true, school.branchA).getString("id");
    TestServer.get().execute("UPDATE push_outbox SET lease_until = now() + interval '1 second', attempts = 1 "
        + "WHERE notice_id = '" + id + "'");
    TestServer.get().drainOutbox();
    assertEquals(0, delivered(member), "still leased by the dead worker");
    Thread.sleep(1_200);
    TestServer.get().drainOutbox();
    assertEquals(1, delivered(member));
  }

  @Test
  @DisplayName("receipts count those who can read (bound, not the author) and readers; a reminder goes only to those who have not read")
  void receiptsAndRemind() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session reader = school.memberOf(school.branchA);
    Api.Session slow = school.memberOf(school.branchA);
    subscribe(reader);
    subscribe(slow);
    subscribe(slow);
    post("/api/v1/orgs/" + school.branchA + "/roster", new JsonObject().put("entries", new io.vertx.core.json.JsonArray()
        .add(new JsonObject().put("number", School.uniqueNumber()).put("name", "未绑定").put("stage", "full"))),
        school.rootAdmin.accessToken()).expect(200);
    String id = publish(secretary, "请签收", false, school.branchA).getString("id");
    JsonObject opened = get("/api/v1/notices/" + id, reader.accessToken()).expect(200).json();
    assertTrue(opened.getBoolean("read"));
    JsonObject receipts = get("/api/v1/notices/" + id + "/receipts", secretary.accessToken()).expect(200).json();
    assertEquals(2, receipts.getInteger("targeted"), "the two members; not the author, not the person never bound");
    assertEquals(1, receipts.getInteger("unbound"));
    assertEquals(1, receipts.getInteger("read"));
    assertEquals(List.of(slow.id()), receipts.getJsonArray("unread").stream()
        .map(u -> ((JsonObject) u).getString("personId")).toList());
    get("/api/v1/notices/" + id + "/receipts", reader.accessToken()).problem(404, "not_found");
    JsonObject sent = get("/api/v1/notices/sent", secretary.accessToken()).expect(200).json().getJsonArray("items")
        .getJsonObject(0);
    assertEquals(id, sent.getString("id"));
    assertEquals(List.of(2L, 1L, 1L), List.of(sent.getLong("targeted"), sent.getLong("read"), sent.getLong("unbound")));
    assertTrue(get("/api/v1/notices/sent", reader.accessToken()).expect(200).json().getJsonArray("items").isEmpty(),
        "a member's history holds only what they published");
    post("/api/v1/notices/" + id + "/remind", null, secretary.accessToken()).expect(202);
    TestServer.get().drainOutbox();
    assertEquals(0, delivered(reader));
    assertEquals(1, delivered(slow));
    // Finding 8: eight more reminders in a row burn no more credits; the next is possible a day later.
    for (int i = 0; i < 8; i++) {
      Api.Res again = post("/api/v1/notices/" + id + "/remind", null, secretary.accessToken());
      again.problem(429, "notice.remind_too_soon");
      assertTrue(Long.parseLong(again.headers().firstValue("Retry-After").orElseThrow()) > 23 * 3600);
    }
    TestServer.get().drainOutbox();
    assertEquals(1, delivered(slow), "one reminder a day at most");
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM audit_log WHERE action = 'notice.remind' AND target = 'notice:"
        + id + "'"));
    assertTrue(get("/api/v1/notices/" + id + "/receipts?format=xlsx", secretary.accessToken()).expect(200)
        .contentType().contains("spreadsheetml"));
  }

  @Test
  @DisplayName("a script in a notice body is escaped, never rendered")
  void safeBody() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    String id = post("/api/v1/notices", new JsonObject().put("title", "x").put("body",
            "**学习** <script>alert(1)</script> [点我](javascript:alert(1))")
        .put("targetOrgIds", new JsonArray().add(school.branchA)), secretary.accessToken()).expect(201).json()
        .getString("id");
    String html = get("/api/v1/notices/" + id, secretary.accessToken()).expect(200).json().getString("html");
    assertTrue(html.contains("<strong>学习</strong>"));
    assertFalse(html.contains("<script>"));
    assertFalse(html.contains("javascript:"));
  }

  @Test
  @DisplayName("finding 8: a secretary who leaves the post loses the notice's receipts and reminders at once")
  void receiptsFollowCurrentRoles() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    school.memberOf(school.branchA);
    String id = publish(secretary, "换届前的通知", false, school.branchA).getString("id");
    get("/api/v1/notices/" + id + "/receipts", secretary.accessToken()).expect(200);
    Api.put("/api/v1/orgs/" + school.branchA + "/roles/" + secretary.id(), new JsonObject().put("roles",
        new JsonArray().add("member")), school.rootAdmin.accessToken()).expect(200);
    get("/api/v1/notices/" + id + "/receipts", secretary.accessToken()).problem(404, "not_found");
    get("/api/v1/notices/" + id + "/receipts?format=xlsx", secretary.accessToken()).problem(404, "not_found");
    post("/api/v1/notices/" + id + "/remind", null, secretary.accessToken()).problem(404, "not_found");
    get("/api/v1/notices/" + id + "/receipts", school.adminOf(school.collegeId).accessToken()).expect(200);
  }
}
