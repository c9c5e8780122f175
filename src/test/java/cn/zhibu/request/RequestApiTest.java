package cn.zhibu.request;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RequestApiTest {
  static School school;
  static Api.Session collegeAdmin;
  static Api.Session secretaryA;
  static Api.Session secretaryB;

  @BeforeAll
  static void setUp() {
    school = School.create();
    collegeAdmin = school.adminOf(school.collegeId);
    secretaryA = school.secretaryOf(school.branchA);
    secretaryB = school.secretaryOf(school.branchB);
  }

  @AfterEach
  void putClockBack() {
    TestServer.get().clock.reset();
  }

  static JsonObject file(Api.Session who, boolean anonymous, String text) {
    return post("/api/v1/requests", new JsonObject().put("category", "后勤").put("title", "宿舍热水不稳定")
        .put("content", text).put("anonymous", anonymous).put("orgId", school.collegeId), who.accessToken())
        .expect(201).json();
  }

  static Api.Res act(Api.Session who, String id, JsonObject body) {
    return post("/api/v1/requests/" + id + "/transitions", body, who.accessToken());
  }

  static JsonObject action(String action) {
    return new JsonObject().put("action", action);
  }

  @Test
  @DisplayName("the happy path: file → accept → assign → start → resolve → confirm, every step in the timeline")
  void happyPath() {
    Api.Session student = Api.newcomer();
    JsonObject filed = file(student, false, "三号楼晚上十点后没有热水");
    assertEquals("submitted", filed.getString("status"));
    assertNotNull(filed.getString("respondBy"));
    String id = filed.getString("id");
    assertEquals(List.of("accept", "reject"), get("/api/v1/requests/" + id, collegeAdmin.accessToken()).expect(200).json()
        .getJsonArray("allowedActions").getList(), "a handler is offered what the state allows a handler");
    assertEquals(List.of(), get("/api/v1/requests/" + id, student.accessToken()).expect(200).json()
        .getJsonArray("allowedActions").getList(), "the requester, nothing while it is open");
    act(collegeAdmin, id, action("accept")).expect(200);
    act(collegeAdmin, id, action("assign").put("assigneeId", school.branchA)).expect(200);
    assertEquals(List.of("assign", "start", "return", "reject"), get("/api/v1/requests/" + id, secretaryA.accessToken())
        .expect(200).json().getJsonArray("allowedActions").getList());
    act(secretaryA, id, action("start")).expect(200);
    act(secretaryA, id, action("resolve").put("note", "已联系后勤更换加热器")).expect(200);
    assertEquals(List.of("confirm", "reopen"), get("/api/v1/requests/" + id, student.accessToken()).expect(200).json()
        .getJsonArray("allowedActions").getList());
    JsonObject closed = act(student, id, action("confirm").put("rating", 5)).expect(200).json();
    assertEquals("closed", closed.getString("status"));
    assertEquals(5, closed.getInteger("rating"));
    assertEquals(List.of(), closed.getJsonArray("allowedActions").getList(), "closed is final");
    JsonArray timeline = closed.getJsonArray("timeline");
    assertEquals(List.of("file", "accept", "assign", "start", "resolve", "confirm"),
        timeline.stream().map(t -> ((JsonObject) t).getString("action")).toList());
    assertEquals(secretaryA.id(), timeline.getJsonObject(4).getString("actorId"));
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM points_ledger WHERE category = 'request_resolved' "
        + "AND person_id = '" + secretaryA.id() + "'"), "the resolver earns request_resolved points once");
    String board = get("/api/v1/requests/board?limit=100", null).expect(200).body();
    assertTrue(board.contains(id) && board.contains("已联系后勤更换加热器"));
    assertFalse(board.contains(student.id()), "the public board shows no requester");
  }

  @Test
  @DisplayName("actions not allowed from the current state are 409; the wrong actor is 403, a stranger 404")
  void illegalTransitions() {
    Api.Session student = Api.newcomer();
    String id = file(student, false, "食堂排队太久").getString("id");
    act(collegeAdmin, id, action("resolve")).problem(409, "request.invalid_transition");
    act(student, id, action("confirm").put("rating", 4)).problem(409, "request.invalid_transition");
    act(student, id, action("accept")).problem(403, "auth.forbidden");
    act(secretaryB, id, action("accept")).problem(404, "not_found");
    act(Api.newcomer(), id, action("accept")).problem(404, "not_found");
    get("/api/v1/requests/" + id, Api.newcomer().accessToken()).problem(404, "not_found");
    act(collegeAdmin, id, action("accept")).expect(200);
    act(collegeAdmin, id, action("accept")).problem(409, "request.invalid_transition");
    act(collegeAdmin, id, action("reject")).problem(422, "request.note_required");
    act(collegeAdmin, id, action("return").put("note", "应由学校后勤处理")).expect(200);
    JsonObject returned = get("/api/v1/requests/" + id, student.accessToken()).expect(200).json();
    assertEquals("submitted", returned.getString("status"));
    assertEquals(school.rootId, returned.getString("orgId"), "returned to the school's routing desk");
    act(collegeAdmin, id, action("accept")).problem(404, "not_found");
    act(school.rootAdmin, id, action("reject").put("note", "不属于办实事范围")).expect(200);
    act(school.rootAdmin, id, action("start")).problem(409, "request.invalid_transition");
  }

  @Test
  @DisplayName("an anonymous request never shows its requester to handlers, in any view; the requester still follows it")
  void anonymity() {
    Api.Session student = Api.newcomer();
    String id = file(student, true, "希望增加心理咨询时段").getString("id");
    JsonObject seen = get("/api/v1/requests/" + id, collegeAdmin.accessToken()).expect(200).json();
    assertNull(seen.getJsonObject("requester"));
    assertFalse(seen.encode().contains(student.id()), seen.encode());
    assertNull(seen.getJsonArray("timeline").getJsonObject(0).getString("actorId"));
    String list = get("/api/v1/requests?view=org&limit=100", collegeAdmin.accessToken()).expect(200).body();
    assertTrue(list.contains(id));
    assertFalse(list.contains(student.id()));
    act(collegeAdmin, id, action("accept")).expect(200);
    act(collegeAdmin, id, action("start")).expect(200);
    act(collegeAdmin, id, action("resolve").put("note", "周末增加两个时段")).expect(200);
    act(student, id, action("reopen").put("note", "还是约不上")).expect(200);
    JsonObject after = get("/api/v1/requests/" + id, collegeAdmin.accessToken()).expect(200).json();
    assertFalse(after.encode().contains(student.id()), "the reopen does not reveal the requester");
    assertEquals("requester", after.getJsonArray("timeline").getJsonObject(4).getString("by"));
    JsonArray mine = get("/api/v1/requests?view=mine", student.accessToken()).expect(200).json().getJsonArray("items");
    assertEquals(1, mine.size());
    assertEquals(student.id(), mine.getJsonObject(0).getJsonObject("requester").getString("id"));
    assertFalse(get("/api/v1/orgs/" + school.collegeId + "/request-metrics?format=xlsx", collegeAdmin.accessToken())
        .expect(200).body().contains(student.id()));
  }

  @Test
  @DisplayName("WeChat's content check: risky text is refused, text for review is held")
  void contentCheck() {
    Api.Session student = Api.newcomer();
    post("/api/v1/requests", new JsonObject().put("category", "其他").put("title", "t").put("content", "FAKE_RISKY 内容"),
        student.accessToken()).problem(422, "request.content_refused");
    JsonObject held = post("/api/v1/requests", new JsonObject().put("category", "其他").put("title", "t")
        .put("content", "FAKE_REVIEW 内容"), student.accessToken()).expect(201).json();
    assertEquals("held", held.getString("status"));
    post("/api/v1/requests", new JsonObject().put("category", "不存在").put("title", "t").put("content", "c"),
        student.accessToken()).problem(422, "request.unknown_category");
  }

  @Test
  @DisplayName("two concurrent accepts: one wins, the other gets 409")
  void concurrentAccepts() throws Exception {
    String id = file(Api.newcomer(), false, "图书馆座位不够").getString("id");
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Callable<Api.Res>> calls = List.of(() -> act(collegeAdmin, id, action("accept")),
          () -> act(school.rootAdmin, id, action("accept")));
      List<Integer> statuses = new ArrayList<>();
      for (var f : pool.invokeAll(calls)) {
        statuses.add(f.get().status());
      }
      assertEquals(List.of(200, 409), statuses.stream().sorted().toList());
    } finally {
      pool.shutdown();
    }
  }

  @Test
  @DisplayName("a request not accepted in time is flagged overdue and escalated to the org above")
  void overdue() {
    Api.Session student = Api.newcomer();
    String id = post("/api/v1/requests", new JsonObject().put("category", "学习").put("title", "自习室开放时间")
        .put("content", "希望延长到晚上十一点").put("orgId", school.branchA), student.accessToken()).expect(201).json()
        .getString("id");
    TestServer.get().sweepOverdue();
    assertFalse(get("/api/v1/requests/" + id, student.accessToken()).expect(200).json().getBoolean("overdue"));
    TestServer.get().clock.advance(Duration.ofHours(25));
    assertTrue(TestServer.get().sweepOverdue() >= 1);
    JsonObject late = get("/api/v1/requests/" + id, student.accessToken()).expect(200).json();
    assertTrue(late.getBoolean("overdue"));
    assertEquals(school.collegeId, late.getString("orgId"), "escalated from the branch to its college");
    assertEquals("overdue", late.getJsonArray("timeline").getJsonObject(1).getString("action"));
    TestServer.get().sweepOverdue();
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM request_timeline WHERE action = 'overdue' "
        + "AND request_id = '" + id + "'"), "flagged and escalated once");
  }

  @Test
  @DisplayName("the requester hears of each step through the push outbox while they have subscription credits; overdue alerts the secretary")
  void pushes() {
    Api.Session student = Api.newcomer();
    for (int i = 0; i < 2; i++) {
      post("/api/v1/wechat/subscriptions", new JsonObject().put("templateId", "dev-request-template").put("result", "accept"),
          student.accessToken()).expect(204);
    }
    String id = file(student, false, "澡堂开放时间太短").getString("id");
    act(collegeAdmin, id, action("accept")).expect(200);
    act(collegeAdmin, id, action("start")).expect(200);
    act(collegeAdmin, id, action("resolve").put("note", "延长到晚上十点")).expect(200);
    TestServer.get().drainOutbox();
    String openid = TestServer.get().text("SELECT openid FROM persons WHERE id = '" + student.id() + "'");
    assertEquals(2, TestServer.get().wechat.calls().stream().filter(c -> "subscribe_send".equals(c.api())
        && openid.equals(c.openid())).count(), "two credits, two messages; the third step finds no credit");
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM push_outbox WHERE request_id = '" + id
        + "' AND status = 'no_credit'"));

    Api.Session watcher = Api.newcomer();
    String late = post("/api/v1/requests", new JsonObject().put("category", "学习").put("title", "晚自习")
        .put("content", "教室不够").put("orgId", school.branchA), watcher.accessToken()).expect(201).json().getString("id");
    TestServer.get().clock.advance(Duration.ofHours(25));
    TestServer.get().sweepOverdue();
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM push_outbox WHERE request_id = '" + late + "' AND person_id = '"
        + secretaryA.id() + "'"), "the branch's secretary, who missed it, is alerted");
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM push_outbox WHERE request_id = '" + late + "' AND person_id = '"
        + collegeAdmin.id() + "'"), "and the admin of the college it escalated to");
  }

  @Test
  @DisplayName("metrics on a known set: received, response, resolution and satisfaction rates, overdue")
  void metrics() {
    School fresh = School.create();
    Api.Session admin = fresh.adminOf(fresh.collegeId);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(post("/api/v1/requests", new JsonObject().put("category", "生活").put("title", "r" + i)
          .put("content", "内容" + i).put("orgId", fresh.branchA), Api.newcomer().accessToken()).expect(201).json()
          .getString("id"));
    }
    Api.Session requester = Api.newcomer();
    String rated = post("/api/v1/requests", new JsonObject().put("category", "生活").put("title", "rated")
        .put("content", "会被评价").put("orgId", fresh.branchA), requester.accessToken()).expect(201).json().getString("id");
    for (String id : List.of(ids.get(0), ids.get(1), rated)) {
      act(admin, id, action("accept")).expect(200);
      act(admin, id, action("start")).expect(200);
      act(admin, id, action("resolve").put("note", "done")).expect(200);
    }
    act(requester, rated, action("confirm").put("rating", 2)).expect(200);
    JsonObject m = get("/api/v1/orgs/" + fresh.collegeId + "/request-metrics", admin.accessToken()).expect(200).json();
    assertEquals(5, m.getInteger("received"));
    assertEquals(0.6, m.getDouble("responseRate"), 1e-9);
    assertEquals(0.6, m.getDouble("resolutionRate"), 1e-9);
    assertEquals(0.0, m.getDouble("satisfactionRate"), 1e-9, "one rated, two stars");
    assertEquals(0, m.getInteger("overdue"));
    JsonObject branchA = m.getJsonArray("children").stream().map(JsonObject.class::cast)
        .filter(c -> fresh.branchA.equals(c.getString("orgId"))).findFirst().orElseThrow();
    assertEquals(5, branchA.getInteger("received"));
    get("/api/v1/orgs/" + fresh.collegeId + "/request-metrics", secretaryA.accessToken()).problem(403, "auth.forbidden");
  }

  /** Files a request to branch A and takes it to resolved, with the handler's note. */
  private static String resolved(JsonObject body, String note) {
    Api.Session student = Api.newcomer();
    String id = post("/api/v1/requests", body.put("orgId", school.branchA), student.accessToken()).expect(201).json()
        .getString("id");
    act(secretaryA, id, action("accept")).expect(200);
    act(secretaryA, id, action("start")).expect(200);
    act(secretaryA, id, action("resolve").put("note", note)).expect(200);
    return id;
  }

  @Test
  @DisplayName("finding 7: the board never shows anonymous, sensitive or opted-out requests, nor any branch")
  void boardPrivacy() {
    String shown = resolved(new JsonObject().put("category", "后勤").put("title", "路灯坏了").put("content", "东门路灯"),
        "已修好路灯");
    String anonymous = resolved(new JsonObject().put("category", "学习").put("title", "匿名的").put("content", "内容")
        .put("anonymous", true), "匿名已办");
    String sensitive = resolved(new JsonObject().put("category", "心理").put("title", "最近压力很大")
        .put("content", "想找人聊聊"), "已安排心理老师约谈");
    String optedOut = resolved(new JsonObject().put("category", "生活").put("title", "不想公开").put("content", "内容")
        .put("publicBoard", false), "已办不公开");

    JsonArray items = get("/api/v1/requests/board?limit=100", null).expect(200).json().getJsonArray("items");
    String board = items.encode();
    assertTrue(board.contains(shown) && board.contains("已修好路灯"));
    for (String hidden : List.of(anonymous, sensitive, optedOut)) {
      assertFalse(board.contains(hidden), hidden);
    }
    assertFalse(board.contains("心理老师") || board.contains("压力"), "nothing of the sensitive request leaks");
    JsonObject item = items.stream().map(JsonObject.class::cast).filter(i -> shown.equals(i.getString("id")))
        .findFirst().orElseThrow();
    String college = get("/api/v1/orgs/" + school.collegeId, secretaryA.accessToken()).json().getString("name");
    assertEquals(college, item.getString("org"), "the board names the college, not the branch");
  }

  @Test
  @DisplayName("the categories a phone may file under come from the server's configuration, with their limits and whether the board shows them")
  void categoriesServed() {
    io.vertx.core.json.JsonArray items = cn.zhibu.support.Api.get("/api/v1/requests/categories", null).expect(200).json()
        .getJsonArray("items");
    assertEquals(java.util.List.of("学习", "生活", "后勤", "就业", "心理", "其他"), items.stream()
        .map(o -> ((io.vertx.core.json.JsonObject) o).getString("name")).toList());
    io.vertx.core.json.JsonObject psych = items.getJsonObject(4);
    assertEquals(12, psych.getInteger("respondWithinHours"));
    assertEquals(false, psych.getBoolean("onBoard"), "心理 never appears on the public board");
  }
}

