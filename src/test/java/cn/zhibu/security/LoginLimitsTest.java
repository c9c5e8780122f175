package cn.zhibu.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.zhibu.platform.Config;
import cn.zhibu.support.Api;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Finding 6: one address behind the campus proxy locking the whole school out of login. */
class LoginLimitsTest {
  static TestServer.Twin server;

  @BeforeAll
  static void start() {
    // Small budgets, so the test can reach them: 5 failures and 50 successes per address a minute.
    server = TestServer.get().twin(Map.of(Config.LOGIN_FAILURE_RATE, "5", Config.LOGIN_RATE, "50"));
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  private static String address() {
    return "10.77." + ThreadLocalRandom.current().nextInt(256) + "." + ThreadLocalRandom.current().nextInt(1, 255);
  }

  private static Api.Res login(String code, String from) {
    return Api.on(server.baseUrl(), () -> Api.send("POST", "/api/v1/auth/wechat", new JsonObject().put("code", code),
        null, Map.of("X-Forwarded-For", from)));
  }

  @Test
  @DisplayName("junk codes exhaust only their sender's failure budget: others behind the same proxy still log in")
  void junkDoesNotLockOthersOut() {
    String attacker = address();
    for (int i = 0; i < 5; i++) {
      login("junk-" + UUID.randomUUID(), attacker).problem(401, "auth.code_invalid");
    }
    login("junk-" + UUID.randomUUID(), attacker).problem(429, "rate_limited");
    String neighbour = address();
    login("fake:student-" + UUID.randomUUID(), neighbour).expect(200);
    login("junk-" + UUID.randomUUID(), neighbour).problem(401, "auth.code_invalid");
  }

  @Test
  @DisplayName("successful logins from a shared address do not spend its failure budget")
  void successesCountApart() {
    String dormitory = address();
    for (int i = 0; i < 20; i++) {
      login("fake:dorm-" + UUID.randomUUID(), dormitory).expect(200);
    }
    login("junk-" + UUID.randomUUID(), dormitory).problem(401, "auth.code_invalid");
    assertEquals(200, login("fake:dorm-" + UUID.randomUUID(), dormitory).status());
  }

  @Test
  @DisplayName("logins are audited with the client's address taken through the trusted proxy")
  void loginAudited() {
    String from = address();
    String id = login("fake:audited-" + UUID.randomUUID(), from).expect(200).json().getJsonObject("user").getString("id");
    assertEquals(from, TestServer.get().text("SELECT ip FROM audit_log WHERE action = 'auth.login' AND actor_id = '"
        + id + "'"));
  }
}
