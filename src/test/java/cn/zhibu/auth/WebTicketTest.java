package cn.zhibu.auth;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WebTicketTest {

  @Test
  @DisplayName("scan-to-login: pending until the phone confirms; the first poll then gets tokens, later polls do not")
  void scanToLogin() {
    JsonObject ticket = post("/api/v1/auth/web-tickets", null, null).expect(201).json();
    String id = ticket.getString("ticket");
    assertTrue(ticket.getString("scene").length() <= 32);
    assertEquals("pending", get("/api/v1/auth/web-tickets/" + id, null).expect(200).json().getString("status"));

    Api.Res png = get("/api/v1/auth/web-tickets/" + id + "/qr.png", null).expect(200);
    assertEquals("image/png", png.contentType());
    assertEquals((byte) 0x89, png.bytes()[0]);
    assertEquals('P', png.bytes()[1]);

    Api.Session phone = Api.newcomer();
    post("/api/v1/auth/web-tickets/" + id + "/confirm", null, phone.accessToken()).expect(200);
    JsonObject first = get("/api/v1/auth/web-tickets/" + id, null).expect(200).json();
    assertEquals("confirmed", first.getString("status"));
    JsonObject me = get("/api/v1/me", first.getString("accessToken")).expect(200).json();
    assertEquals(phone.id(), me.getString("id"), "the web session belongs to the person who scanned");

    JsonObject second = get("/api/v1/auth/web-tickets/" + id, null).expect(200).json();
    assertEquals("confirmed", second.getString("status"));
    assertFalse(second.containsKey("accessToken"), "tokens are handed out once");
    post("/api/v1/auth/web-tickets/" + id + "/confirm", null, Api.newcomer().accessToken())
        .problem(409, "auth.ticket_used");
  }

  @Test
  @DisplayName("an unknown or expired ticket polls as expired and cannot be confirmed")
  void unknownTicket() {
    assertEquals("expired", get("/api/v1/auth/web-tickets/abcdefghijkmnpqr", null).expect(200).json()
        .getString("status"));
    post("/api/v1/auth/web-tickets/abcdefghijkmnpqr/confirm", null, Api.newcomer().accessToken())
        .problem(404, "not_found");
    post("/api/v1/auth/web-tickets/abcdefghijkmnpqr/confirm", null, null).problem(401, "auth.required");
  }
}
