package cn.zhibu.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.platform.Config;
import cn.zhibu.support.Api;
import cn.zhibu.support.TestServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What a client can make the server hold, before and after it says who it is. */
class ResourceLimitsTest {

  /** Sends the head of a request announcing {@code length} bytes, then {@code sent} of them, and keeps the socket. */
  static Socket start(String baseUrl, String path, String token, long length, int sent) throws Exception {
    URI uri = URI.create(baseUrl);
    Socket socket = new Socket(uri.getHost(), uri.getPort());
    socket.setSoTimeout(4_000);
    OutputStream out = socket.getOutputStream();
    out.write(("POST " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nContent-Type: application/octet-stream\r\n"
        + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
        + "Content-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(new byte[sent]);
    out.flush();
    return socket;
  }

  /** The status line the server answered, or null when it answered nothing before the socket's timeout. */
  static String statusLine(Socket socket) throws Exception {
    InputStream in = socket.getInputStream();
    StringBuilder line = new StringBuilder();
    try {
      for (int b = in.read(); b >= 0 && b != '\r'; b = in.read()) {
        line.append((char) b);
      }
    } catch (SocketTimeoutException e) {
      return null;
    }
    return line.toString();
  }

  @Test
  @DisplayName("an upload without a valid token is refused before its body is read: the server answers 401 while 10 MB are still announced")
  void anonymousUploadsRefusedFirst() throws Exception {
    String base = TestServer.get().baseUrl;
    for (String token : new String[] {null, "not-a-token", Api.newcomer().accessToken() + "x"}) {
      for (String path : List.of("/api/v1/photos", "/api/v1/events/00000000-0000-0000-0000-000000000000/attachments?name=a.pdf")) {
        try (Socket s = start(base, path, token, 10_000_000, 1_000)) {
          String status = statusLine(s);
          assertTrue(status != null && status.startsWith("HTTP/1.1 401"), path + " with " + token + ": " + status);
        }
      }
    }
    // Other bodies: 64 KB for anyone unauthenticated (a login is a few bytes), 2 MB for a caller.
    Api.Res big = Api.post("/api/v1/auth/refresh", new io.vertx.core.json.JsonObject().put("refreshToken",
        "x".repeat(100_000)), null);
    assertEquals(400, big.status());
    assertEquals("request.too_large", big.json().getString("code"));
  }

  @Test
  @DisplayName("uploads read at once are capped (429 beyond, with Retry-After), and a stalled upload is cut off at its deadline, freeing its place")
  void uploadsCappedAndStallsCut() throws Exception {
    TestServer.Twin twin = TestServer.get().twin(Map.of(Config.UPLOAD_SLOTS, "2", Config.UPLOAD_DEADLINE_SECONDS, "2"));
    try {
      String token = Api.on(twin.baseUrl(), Api::newcomer).accessToken();
      List<Socket> stalled = new ArrayList<>();
      stalled.add(start(twin.baseUrl(), "/api/v1/photos", token, 4_000_000, 10));
      stalled.add(start(twin.baseUrl(), "/api/v1/photos", token, 4_000_000, 10));
      Thread.sleep(300);
      try (Socket third = start(twin.baseUrl(), "/api/v1/photos", token, 4_000_000, 10)) {
        assertEquals("HTTP/1.1 429 Too Many Requests", statusLine(third));
      }
      long started = System.nanoTime();
      for (Socket s : stalled) {
        s.setSoTimeout(6_000);
        int read;
        try {
          read = s.getInputStream().read();
        } catch (java.io.IOException closed) {
          read = -1;
        }
        assertEquals(-1, read, "the stalled upload's connection is closed");
        s.close();
      }
      assertTrue(System.nanoTime() - started < 5_000_000_000L, "closed at the 2 s deadline");
      Thread.sleep(200);
      Api.Res after = Api.on(twin.baseUrl(), () -> Api.postRaw("/api/v1/photos", PhotoBytes.jpeg(), "application/octet-stream",
          token));
      assertEquals(201, after.status(), "the places are free again: " + after.body());
    } finally {
      twin.stop();
    }
  }

  @Test
  @DisplayName("/metrics is for the metrics token, or without one for a scraper on this machine only — not for anyone through a proxy")
  void metricsNotPublic() {
    Api.get("/metrics", null).expect(200);
    assertEquals(401, Api.get("/metrics", null, Map.of("X-Forwarded-For", "203.0.113.9")).status());
    TestServer.Twin twin = TestServer.get().twin(Map.of(Config.METRICS_TOKEN, "scrape-token-for-tests-9f3a"));
    try {
      Api.on(twin.baseUrl(), () -> {
        assertEquals(401, Api.get("/metrics", null).status());
        assertEquals(401, Api.get("/metrics", "wrong").status());
        assertEquals(200, Api.get("/metrics", "scrape-token-for-tests-9f3a").status());
        return null;
      });
    } finally {
      twin.stop();
    }
  }

  /** A small real JPEG (what a phone sends). */
  static final class PhotoBytes {
    static byte[] jpeg() {
      try {
        var image = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "jpg", out);
        return out.toByteArray();
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
