package cn.zhibu.auth;

import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.TestServer;
import cn.zhibu.wechat.FakeWeChat;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WebTicketTest {

  private static JsonObject newTicket() {
    return post("/api/v1/auth/web-tickets", null, null).expect(201).json();
  }

  private static Api.Res poll(String ticket, String pollToken) {
    return Api.get("/api/v1/auth/web-tickets/" + ticket, null,
        pollToken == null ? Map.of() : Map.of("X-Poll-Token", pollToken));
  }

  @Test
  @DisplayName("scan-to-login: pending until the phone confirms; the first poll then gets tokens, later polls do not")
  void scanToLogin() {
    JsonObject ticket = newTicket();
    String id = ticket.getString("ticket");
    String pollToken = ticket.getString("pollToken");
    assertTrue(ticket.getString("scene").length() <= 32);
    assertEquals("pending", poll(id, pollToken).expect(200).json().getString("status"));

    Api.Res png = Api.get("/api/v1/auth/web-tickets/" + id + "/qr.png", null).expect(200);
    assertEquals("image/png", png.contentType());
    assertEquals((byte) 0x89, png.bytes()[0]);
    assertEquals('P', png.bytes()[1]);

    Api.Session phone = Api.newcomer();
    post("/api/v1/auth/web-tickets/" + id + "/confirm", null, phone.accessToken()).expect(200);
    JsonObject first = poll(id, pollToken).expect(200).json();
    assertEquals("confirmed", first.getString("status"));
    JsonObject me = Api.get("/api/v1/me", first.getString("accessToken")).expect(200).json();
    assertEquals(phone.id(), me.getString("id"), "the web session belongs to the person who scanned");

    JsonObject second = poll(id, pollToken).expect(200).json();
    assertEquals("confirmed", second.getString("status"));
    assertFalse(second.containsKey("accessToken"), "tokens are handed out once");
    post("/api/v1/auth/web-tickets/" + id + "/confirm", null, Api.newcomer().accessToken())
        .problem(409, "auth.ticket_used");
  }

  @Test
  @DisplayName("finding 1: someone who knows the ticket but not its poll token never gets the tokens, polling or racing")
  void pollTokenRequired() {
    JsonObject ticket = newTicket();
    String id = ticket.getString("ticket");
    poll(id, null).problem(403, "auth.poll_token_invalid");
    poll(id, "guessed-token").problem(403, "auth.poll_token_invalid");

    post("/api/v1/auth/web-tickets/" + id + "/confirm", null, Api.newcomer().accessToken()).expect(200);
    // The attacker polls first, as fast as they like: refused every time, and the tokens stay for the console.
    for (int i = 0; i < 5; i++) {
      Api.Res stolen = poll(id, i % 2 == 0 ? null : "x" + i);
      stolen.problem(403, "auth.poll_token_invalid");
      assertFalse(stolen.body().contains("accessToken"));
    }
    JsonObject console = poll(id, ticket.getString("pollToken")).expect(200).json();
    assertNotNull(console.getString("accessToken"), "the browser that created the ticket still logs in");
  }

  @Test
  @DisplayName("finding 1: the phone sees which browser asks (address, user agent, times) before it confirms")
  void detailsBeforeConfirming() {
    JsonObject ticket = newTicket();
    String id = ticket.getString("ticket");
    Api.get("/api/v1/auth/web-tickets/" + id + "/details", null).problem(401, "auth.required");
    JsonObject details = Api.get("/api/v1/auth/web-tickets/" + id + "/details", Api.newcomer().accessToken())
        .expect(200).json();
    assertEquals("127.0.0.1", details.getString("ip"));
    assertTrue(details.getString("userAgent").contains("Java-http-client"), details.encode());
    assertEquals(ticket.getString("expiresAt"), details.getString("expiresAt"));
    assertEquals("pending", details.getString("status"));
    Api.get("/api/v1/auth/web-tickets/abcdefghijkmnpqr/details", Api.newcomer().accessToken())
        .problem(404, "not_found");
  }

  @Test
  @DisplayName("finding 1: a ticket lives at most two minutes, and its QR image is fetched from WeChat once")
  void shortLivedAndCached() {
    JsonObject ticket = newTicket();
    String id = ticket.getString("ticket");
    try (var redis = TestServer.get().redis()) {
      long ttl = redis.sync().pttl(TestServer.get().config.redisPrefix() + "wt:" + id);
      assertTrue(ttl > 0 && ttl <= 120_000, "ticket TTL " + ttl + " ms");
    }
    long before = TestServer.get().wechat.callCount(FakeWeChat.WXACODE);
    byte[] first = Api.get("/api/v1/auth/web-tickets/" + id + "/qr.png", null).expect(200).bytes();
    for (int i = 0; i < 4; i++) {
      assertTrue(java.util.Arrays.equals(first,
          Api.get("/api/v1/auth/web-tickets/" + id + "/qr.png", null).expect(200).bytes()));
    }
    assertEquals(before + 1, TestServer.get().wechat.callCount(FakeWeChat.WXACODE), "one WeChat call per ticket");
  }

  @Test
  @DisplayName("finding 1: creating tickets is rate-limited per client address")
  void creationLimited() {
    // A client address of its own, through a trusted proxy, so other tests' tickets do not count.
    Map<String, String> from = Map.of("X-Forwarded-For", "10.9.8.7");
    int created = 0;
    Api.Res last = null;
    for (int i = 0; i < WebTickets.CREATES_PER_MINUTE + 3; i++) {
      last = Api.send("POST", "/api/v1/auth/web-tickets", null, null, from);
      if (last.status() == 201) {
        created++;
      }
    }
    assertEquals(WebTickets.CREATES_PER_MINUTE, created);
    last.problem(429, "rate_limited");
    assertTrue(last.headers().firstValue("Retry-After").isPresent());
    Api.send("POST", "/api/v1/auth/web-tickets", null, null, Map.of("X-Forwarded-For", "10.9.8.6")).expect(201);
  }

  @Test
  @DisplayName("an unknown or expired ticket polls as expired and cannot be confirmed")
  void unknownTicket() {
    assertEquals("expired", poll("abcdefghijkmnpqr", "anything").expect(200).json().getString("status"));
    post("/api/v1/auth/web-tickets/abcdefghijkmnpqr/confirm", null, Api.newcomer().accessToken())
        .problem(404, "not_found");
    post("/api/v1/auth/web-tickets/abcdefghijkmnpqr/confirm", null, null).problem(401, "auth.required");
  }
}
