package cn.zhibu.wechat;

import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What a phone sees at login when WeChat says no, is busy, or is down. */
class WeChatLoginErrorsTest {
  private final FakeWeChat fake = TestServer.get().wechat;

  @AfterEach
  void clearFaults() {
    fake.reset();
  }

  private static cn.zhibu.support.Api.Res login(String code) {
    return post("/api/v1/auth/wechat", new JsonObject().put("code", code), null);
  }

  @Test
  @DisplayName("an unknown code is 401 auth.code_invalid; a reused one is 401 auth.code_used")
  void invalidAndReusedCodes() {
    login("no-such-code").problem(401, "auth.code_invalid");
    String code = fake.issueCode("openid-" + UUID.randomUUID());
    login(code).expect(200);
    login(code).problem(401, "auth.code_used");
    String fakeCode = "fake:someone-" + UUID.randomUUID();
    login(fakeCode).expect(200);
    login(fakeCode).problem(401, "auth.code_used");
  }

  @Test
  @DisplayName("WeChat's rate limit (45011) becomes 429 wechat.rate_limited")
  void rateLimited() {
    fake.inject(new FakeWeChat.Fault(FakeWeChat.JSCODE2SESSION, 45011, 200, 0, false, 1));
    login("fake:rl-" + UUID.randomUUID()).problem(429, "wechat.rate_limited");
  }

  @Test
  @DisplayName("system busy (-1) is retried with backoff, and the login then succeeds")
  void busyIsRetried() {
    fake.inject(new FakeWeChat.Fault(FakeWeChat.JSCODE2SESSION, -1, 200, 0, false, 2));
    long before = fake.calls().stream().filter(c -> c.api().equals(FakeWeChat.JSCODE2SESSION)).count();
    login("fake:busy-" + UUID.randomUUID()).expect(200);
    long after = fake.calls().stream().filter(c -> c.api().equals(FakeWeChat.JSCODE2SESSION)).count();
    assertEquals(3, after - before, "two busy answers, then the success");
  }

  @Test
  @DisplayName("busy every time, HTTP 5xx, a dropped connection or a hang all become 503 wechat.unavailable, quickly")
  void outages() {
    fake.inject(new FakeWeChat.Fault(FakeWeChat.JSCODE2SESSION, -1, 200, 0, false, 3));
    login("fake:o1-" + UUID.randomUUID()).problem(503, "wechat.unavailable");
    fake.inject(new FakeWeChat.Fault(FakeWeChat.JSCODE2SESSION, 0, 502, 0, false, 3));
    login("fake:o2-" + UUID.randomUUID()).problem(503, "wechat.unavailable");
    fake.inject(new FakeWeChat.Fault(FakeWeChat.JSCODE2SESSION, 0, 200, 0, true, 1));
    login("fake:o3-" + UUID.randomUUID()).problem(503, "wechat.unavailable");
    fake.inject(new FakeWeChat.Fault(FakeWeChat.JSCODE2SESSION, 0, 200, 10_000, false, 1));
    long start = System.nanoTime();
    login("fake:o4-" + UUID.randomUUID()).problem(503, "wechat.unavailable");
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis < 6_000, "a hanging WeChat is given up on within the client timeout, took " + millis + " ms");
  }
}
