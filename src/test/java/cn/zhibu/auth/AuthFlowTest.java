package cn.zhibu.auth;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AuthFlowTest {
  static School school;

  @BeforeAll
  static void setUp() {
    school = School.create();
  }

  @Test
  @DisplayName("login → bind → /me → refresh → logout works end to end, and the id never changes")
  void fullFlow() {
    String number = School.uniqueNumber();
    JsonObject roster = post("/api/v1/orgs/" + school.branchA + "/roster", new JsonObject().put("entries",
        new JsonArray().add(new JsonObject().put("number", number).put("name", "赵敏").put("stage", "full"))),
        school.rootAdmin.accessToken()).expect(200).json();
    String code = roster.getJsonArray("activationCodes").getJsonObject(0).getString("code");

    Api.Session login = Api.newcomer();
    assertFalse(login.user().getBoolean("bound"));
    assertNull(login.user().getString("name"));
    JsonObject before = get("/api/v1/me", login.accessToken()).expect(200).json();
    assertEquals(0, before.getJsonArray("roles").size(), "a resident has no roles");

    JsonObject bound = post("/api/v1/auth/bind", new JsonObject().put("number", number).put("name", "赵敏")
        .put("activationCode", code.toLowerCase()), login.accessToken()).expect(200).json();
    assertTrue(bound.getBoolean("bound"));
    assertEquals(login.id(), bound.getString("id"), "binding keeps the person's id");
    Api.put("/api/v1/orgs/" + school.branchA + "/roles/" + login.id(), new JsonObject().put("roles",
        new JsonArray().add("member").add("committee")), school.rootAdmin.accessToken()).expect(200);

    JsonObject me = get("/api/v1/me", login.accessToken()).expect(200).json();
    assertEquals("赵敏", me.getString("name"));
    assertEquals(56, me.getJsonObject("study").getInteger("requiredHours"), "committee members need 56 h");
    assertTrue(me.getJsonArray("roles").stream().map(JsonObject.class::cast)
        .anyMatch(r -> "committee".equals(r.getString("role")) && school.branchA.equals(r.getString("orgId"))));

    JsonObject pair = post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", login.refreshToken()), null)
        .expect(200).json();
    assertNotEquals(login.refreshToken(), pair.getString("refreshToken"));
    get("/api/v1/me", pair.getString("accessToken")).expect(200);

    post("/api/v1/auth/logout", null, pair.getString("accessToken")).expect(204);
    get("/api/v1/me", pair.getString("accessToken")).problem(401, "auth.session_revoked");
    get("/api/v1/me", login.accessToken()).problem(401, "auth.session_revoked");
  }

  @Test
  @DisplayName("an activation code works once: a second person cannot bind with it")
  void activationCodeIsOneTime() {
    String number = School.uniqueNumber();
    String code = post("/api/v1/orgs/" + school.branchA + "/roster", new JsonObject().put("entries", new JsonArray()
            .add(new JsonObject().put("number", number).put("name", "孙立").put("stage", "probationary"))),
        school.rootAdmin.accessToken()).expect(200).json().getJsonArray("activationCodes").getJsonObject(0)
        .getString("code");
    JsonObject bind = new JsonObject().put("number", number).put("name", "孙立").put("activationCode", code);
    post("/api/v1/auth/bind", bind, Api.newcomer().accessToken()).expect(200);
    post("/api/v1/auth/bind", bind, Api.newcomer().accessToken()).problem(422, "auth.bind_failed");
  }

  @Test
  @DisplayName("bind answers the same for an unknown number, a wrong name and a wrong code, and is rate-limited")
  void bindRevealsNothing() {
    String number = School.uniqueNumber();
    post("/api/v1/orgs/" + school.branchA + "/roster", new JsonObject().put("entries", new JsonArray()
        .add(new JsonObject().put("number", number).put("name", "钱多").put("stage", "full"))),
        school.rootAdmin.accessToken()).expect(200);
    Api.Session login = Api.newcomer();
    Api.Res unknown = post("/api/v1/auth/bind", new JsonObject().put("number", School.uniqueNumber()).put("name", "钱多")
        .put("activationCode", "ABCDEFGH"), login.accessToken()).problem(422, "auth.bind_failed");
    Api.Res wrongCode = post("/api/v1/auth/bind", new JsonObject().put("number", number).put("name", "钱多")
        .put("activationCode", "ABCDEFGH"), login.accessToken()).problem(422, "auth.bind_failed");
    assertEquals(unknown.json().getString("detail"), wrongCode.json().getString("detail"));
    for (int i = 0; i < 3; i++) {
      post("/api/v1/auth/bind", new JsonObject().put("number", number).put("name", "钱多")
          .put("activationCode", "WRONG" + i), login.accessToken()).expect(422);
    }
    post("/api/v1/auth/bind", new JsonObject().put("number", number).put("name", "钱多")
        .put("activationCode", "WRONGX"), login.accessToken()).problem(429, "rate_limited");
  }

  @Test
  @DisplayName("presenting a used refresh token revokes the whole session")
  void refreshReuseRevokes() {
    Api.Session login = Api.newcomer();
    JsonObject first = post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", login.refreshToken()), null)
        .expect(200).json();
    post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", login.refreshToken()), null)
        .problem(401, "auth.refresh_reused");
    get("/api/v1/me", first.getString("accessToken")).problem(401, "auth.session_revoked");
    post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", first.getString("refreshToken")), null)
        .problem(401, "auth.session_revoked");
    post("/api/v1/auth/refresh", new JsonObject().put("refreshToken", "not-a-token-at-all"), null)
        .problem(401, "auth.refresh_invalid");
  }

  @Test
  @DisplayName("a tampered, an expired, an alg:none and a foreign-key token are all refused")
  void badTokensRefused() {
    Api.Session login = Api.newcomer();
    String[] parts = login.accessToken().split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String otherSubject = payload.replace(login.id(), UUID.randomUUID().toString());
    String tampered = parts[0] + "." + b64(otherSubject) + "." + parts[2];
    get("/api/v1/me", tampered).problem(401, "auth.token_invalid");

    String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + parts[1] + ".";
    get("/api/v1/me", none).problem(401, "auth.token_invalid");

    JsonObject claims = new JsonObject(payload);
    String expired = Jwts.builder().issuer("zhibu").subject(login.id()).claim("sid", claims.getString("sid"))
        .issuedAt(new Date(System.currentTimeMillis() - 3_600_000))
        .expiration(new Date(System.currentTimeMillis() - 1_800_000))
        .signWith(Keys.hmacShaKeyFor(TestServer.get().config.jwtSecret()), Jwts.SIG.HS256).compact();
    get("/api/v1/me", expired).problem(401, "auth.token_invalid");

    String foreign = Jwts.builder().issuer("zhibu").subject(login.id()).claim("sid", claims.getString("sid"))
        .expiration(new Date(System.currentTimeMillis() + 600_000))
        .signWith(Keys.hmacShaKeyFor(new byte[64]), Jwts.SIG.HS256).compact();
    get("/api/v1/me", foreign).problem(401, "auth.token_invalid");
    get("/api/v1/me", null).problem(401, "auth.required");
    get("/api/v1/me", login.accessToken()).expect(200);
  }

  @Test
  @DisplayName("a session survives the loss of its Redis copy, and a revoked one does not come back")
  void sessionsSurviveRedisLoss() {
    Api.Session kept = Api.newcomer();
    Api.Session ended = Api.newcomer();
    post("/api/v1/auth/logout", null, ended.accessToken()).expect(204);
    try (var redis = TestServer.get().redis()) {
      var keys = redis.sync().keys(TestServer.get().config.redisPrefix() + "sess:*");
      redis.sync().del(keys.toArray(new String[0]));
    }
    get("/api/v1/me", kept.accessToken()).expect(200);
    get("/api/v1/me", ended.accessToken()).problem(401, "auth.session_revoked");
  }

  @Test
  @DisplayName("/me/data returns everything held about the caller")
  void myData() {
    Api.Session member = school.memberOf(school.branchA);
    JsonObject data = get("/api/v1/me/data", member.accessToken()).expect(200).json();
    assertEquals(member.id(), data.getJsonObject("person").getString("id"));
    assertTrue(data.getJsonArray("sessions").size() >= 1);
    assertEquals(1, data.getJsonArray("roles").size());
  }

  private static String b64(String text) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
