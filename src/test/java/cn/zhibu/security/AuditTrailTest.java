package cn.zhibu.security;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Finding 10: the audit log holds every security-relevant decision (等保 level 2), each with actor, action,
 * target, detail, address (through trusted proxies), request id and time; and it keeps anonymous requesters out.
 */
class AuditTrailTest {
  static School school;
  static Api.Session admin;
  static Api.Session secretary;

  @BeforeAll
  static void setUp() {
    school = School.create();
    admin = school.adminOf(school.collegeId);
    secretary = school.secretaryOf(school.branchA);
  }

  /** The college's audit log as its admin reads it, newest first. */
  private static List<JsonObject> log() {
    return get("/api/v1/orgs/" + school.collegeId + "/audit-log?limit=100", admin.accessToken()).expect(200).json()
        .getJsonArray("items").stream().map(JsonObject.class::cast).collect(Collectors.toList());
  }

  private static JsonObject entry(String action, String target) {
    return log().stream().filter(e -> action.equals(e.getString("action")) && target.equals(e.getString("target")))
        .findFirst().orElseThrow(() -> new AssertionError("no " + action + " on " + target + " in " + log()));
  }

  private static void complete(JsonObject e, String actorId) {
    assertEquals(actorId, e.getString("actorId"), e.encode());
    assertNotNull(e.getString("ip"), e.encode());
    assertNotNull(e.getString("requestId"), e.encode());
    assertNotNull(e.getString("at"), e.encode());
    assertNotNull(e.getJsonObject("detail"), e.encode());
  }

  @Test
  @DisplayName("role changes say who got what, before and after; roster imports say whom they touched")
  void rolesAndRoster() {
    Api.Session member = school.memberOf(school.branchA);
    Api.send("PUT", "/api/v1/orgs/" + school.branchA + "/roles/" + member.id(), new JsonObject().put("roles",
        new JsonArray().add("member").add("committee")), admin.accessToken(), Map.of("X-Forwarded-For", "10.3.3.3"))
        .expect(200);
    JsonObject roles = entry("roles.set", "person:" + member.id());
    complete(roles, admin.id());
    assertEquals("10.3.3.3", roles.getString("ip"), "the client's address through the trusted proxy");
    assertEquals(List.of("member"), roles.getJsonObject("detail").getJsonArray("before").getList());
    assertEquals(List.of("committee", "member"), roles.getJsonObject("detail").getJsonArray("roles").getList());
    assertTrue(log().stream().anyMatch(e -> "roster.person".equals(e.getString("action"))
        && "created".equals(e.getJsonObject("detail").getString("change"))), "one entry per imported person");
  }

  @Test
  @DisplayName("leave and volunteer decisions, and scan-to-login confirmations, are recorded")
  void decisions() {
    Api.Session member = school.memberOf(school.branchA);
    String event = post("/api/v1/events", new JsonObject().put("orgId", school.branchA).put("type", "party_day")
        .put("title", "主题党日").put("startsAt", Instant.now().plusSeconds(3600).toString())
        .put("endsAt", Instant.now().plusSeconds(7200).toString()), secretary.accessToken()).expect(201).json()
        .getString("id");
    String leave = post("/api/v1/events/" + event + "/leaves", new JsonObject().put("reason", "实习"),
        member.accessToken()).expect(201).json().getString("id");
    post("/api/v1/leaves/" + leave + "/decision", new JsonObject().put("approve", true), secretary.accessToken())
        .expect(200);
    complete(entry("leave.decide", "leave:" + leave), secretary.id());

    Instant end = School.daysAgoAtTen(2);
    String record = post("/api/v1/volunteer/records", new JsonObject().put("startedAt", end.minusSeconds(3600).toString())
        .put("endedAt", end.toString()).put("description", "社区服务"), member.accessToken()).expect(201).json()
        .getString("id");
    post("/api/v1/volunteer/records/" + record + "/review", new JsonObject().put("approve", false).put("note", "无证明"),
        secretary.accessToken()).expect(200);
    JsonObject review = entry("volunteer.review", "volunteer_record:" + record);
    complete(review, secretary.id());
    assertEquals("无证明", review.getJsonObject("detail").getString("note"));

    JsonObject ticket = post("/api/v1/auth/web-tickets", null, null).expect(201).json();
    post("/api/v1/auth/web-tickets/" + ticket.getString("ticket") + "/confirm", null, secretary.accessToken())
        .expect(200);
    complete(entry("auth.web_login", "client:web"), secretary.id());
  }

  @Test
  @DisplayName("request steps are recorded, but an anonymous requester's own steps carry no person and no address")
  void requestsKeepAnonymity() {
    Api.Session student = Api.newcomer();
    String id = post("/api/v1/requests", new JsonObject().put("category", "学习").put("title", "匿名反映")
        .put("content", "内容").put("anonymous", true).put("orgId", school.branchA), student.accessToken())
        .expect(201).json().getString("id");
    post("/api/v1/requests/" + id + "/transitions", new JsonObject().put("action", "accept"), secretary.accessToken())
        .expect(200);
    post("/api/v1/requests/" + id + "/transitions", new JsonObject().put("action", "start"), secretary.accessToken())
        .expect(200);
    post("/api/v1/requests/" + id + "/transitions", new JsonObject().put("action", "resolve").put("note", "已办"),
        secretary.accessToken()).expect(200);
    post("/api/v1/requests/" + id + "/transitions", new JsonObject().put("action", "confirm").put("rating", 4),
        student.accessToken()).expect(200);
    complete(entry("request.accept", "request:" + id), secretary.id());
    JsonObject confirm = entry("request.confirm", "request:" + id);
    assertNull(confirm.getString("actorId"));
    assertNull(confirm.getString("ip"));
    assertTrue(confirm.getJsonObject("detail").getBoolean("byRequester"));
    assertEquals(0, TestServer.get().count("SELECT count(*) FROM audit_log WHERE actor_id = '" + student.id() + "'"
        + " AND target = 'request:" + id + "'"));
  }

  @Test
  @DisplayName("every export of personal data is recorded: spreadsheets and a person's own data")
  void exports() {
    Api.Session member = school.memberOf(school.branchA);
    get("/api/v1/orgs/" + school.branchA + "/study-report?format=xlsx", secretary.accessToken()).expect(200);
    get("/api/v1/me/data", member.accessToken()).expect(200);
    long deadline = System.currentTimeMillis() + 5_000;
    // Export entries are written just after the response: wait until both are there, or the deadline.
    while (System.currentTimeMillis() < deadline && TestServer.get().count("SELECT count(*) FROM audit_log WHERE "
        + "action LIKE 'export.%' AND actor_id IN ('" + member.id() + "', '" + secretary.id() + "')") < 2) {
      Thread.onSpinWait();
    }
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM audit_log WHERE action = 'export.xlsx' AND actor_id = '"
        + secretary.id() + "' AND target = '/api/v1/orgs/" + school.branchA + "/study-report'"));
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM audit_log WHERE action = 'export.my_data' "
        + "AND actor_id = '" + member.id() + "'"));
  }
}
