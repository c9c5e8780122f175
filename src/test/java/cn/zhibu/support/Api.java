package cn.zhibu.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/** Calls the running test server over real HTTP, as a phone or the web console would. */
public final class Api {
  // HTTP/1.1, as phones (wx.request) speak it.
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();

  /** One answer: status, headers, body. */
  public record Res(int status, String body, java.net.http.HttpHeaders headers, byte[] bytes) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public String contentType() {
      return headers.firstValue("Content-Type").orElse("");
    }

    /** Asserts the status (showing the body when it is wrong) and returns this. */
    public Res expect(int expected) {
      assertEquals(expected, status, () -> "unexpected status; body: " + body);
      return this;
    }

    /** Asserts a problem+json with this status and code. */
    public Res problem(int expected, String code) {
      expect(expected);
      assertEquals("application/problem+json", contentType(), "problem content type");
      assertEquals(code, json().getString("code"), () -> "problem code; body: " + body);
      assertEquals(expected, json().getInteger("status"));
      return this;
    }
  }

  /** A logged-in person. */
  public record Session(String accessToken, String refreshToken, JsonObject user) {
    public String id() {
      return user.getString("id");
    }
  }

  private Api() {
  }

  /** Which server the calls of this thread go to (a twin instance in fault tests); the main one by default. */
  private static final ThreadLocal<String> TARGET = new ThreadLocal<>();

  public static String base() {
    String target = TARGET.get();
    return target != null ? target : TestServer.get().baseUrl;
  }

  /** Runs {@code calls} against another server instance. */
  public static <T> T on(String baseUrl, java.util.function.Supplier<T> calls) {
    String before = TARGET.get();
    TARGET.set(baseUrl);
    try {
      return calls.get();
    } finally {
      TARGET.set(before);
    }
  }

  public static Res get(String path, String token) {
    return send(request(path, token).GET());
  }

  public static Res get(String path, String token, java.util.Map<String, String> headers) {
    HttpRequest.Builder builder = request(path, token).GET();
    headers.forEach(builder::header);
    return send(builder);
  }

  /** Any method, an optional JSON body, and extra headers (e.g. X-Forwarded-For through the trusted proxy). */
  public static Res send(String method, String path, Object json, String token, java.util.Map<String, String> headers) {
    HttpRequest.Builder builder = request(path, token).method(method, json == null
        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json.toString()));
    if (json != null) {
      builder.header("Content-Type", "application/json");
    }
    headers.forEach(builder::header);
    return send(builder);
  }

  /**
   * Every item of a paged list, walking {@code nextCursor} with {@code limit} a page; fails if a page holds more
   * than {@code limit}.
   */
  public static java.util.List<io.vertx.core.json.JsonObject> everyPage(String path, int limit, String token) {
    java.util.List<io.vertx.core.json.JsonObject> all = new java.util.ArrayList<>();
    String cursor = null;
    do {
      io.vertx.core.json.JsonObject page = get(path + (path.contains("?") ? "&" : "?") + "limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor),
          token).expect(200).json();
      if (page.getJsonArray("items").size() > limit) {
        throw new AssertionError("a page of " + limit + " held " + page.getJsonArray("items").size());
      }
      page.getJsonArray("items").forEach(o -> all.add((io.vertx.core.json.JsonObject) o));
      cursor = page.getString("nextCursor");
    } while (cursor != null);
    return all;
  }

  public static Res post(String path, Object json, String token) {
    return send(request(path, token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json == null ? "{}" : json.toString())));
  }

  public static Res put(String path, Object json, String token) {
    return send(request(path, token).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json.toString())));
  }

  public static Res postRaw(String path, byte[] body, String contentType, String token) {
    return send(request(path, token).header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  /** {@code -Dzhibu.contract=report} lists every drift in target/contract-drift.txt instead of failing at the first. */
  private static final boolean REPORT_DRIFT = "report".equals(System.getProperty("zhibu.contract"));

  private static HttpRequest.Builder request(String path, String token) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      builder.header("Authorization", "Bearer " + token);
    }
    return builder;
  }

  private static Res send(HttpRequest.Builder builder) {
    try {
      HttpRequest request = builder.build();
      HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
      List<String> drift = ContractCheck.get().violations(request.method(), request.uri().getRawPath(),
          response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), response.body());
      if (!drift.isEmpty() && REPORT_DRIFT) {
        java.nio.file.Files.writeString(java.nio.file.Path.of("target/contract-drift.txt"), String.join("\n", drift)
            + "\n  body: " + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8) + "\n",
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      } else if (!drift.isEmpty()) {
        throw new AssertionError("answer differs from api-spec/openapi.yaml:\n  " + String.join("\n  ", drift)
            + "\nbody: " + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
      }
      return new Res(response.statusCode(), new String(response.body(), java.nio.charset.StandardCharsets.UTF_8),
          response.headers(), response.body());
    } catch (java.io.IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Logs in through the fake WeChat as {@code openid}, with a fresh one-time code. */
  public static Session login(String openid) {
    JsonObject body = post("/api/v1/auth/wechat", new JsonObject().put("code", "fake:" + openid + "#" + UUID.randomUUID()),
        null).expect(200).json();
    return new Session(body.getString("accessToken"), body.getString("refreshToken"), body.getJsonObject("user"));
  }

  /** A new person nobody has seen before. */
  public static Session newcomer() {
    return login("user-" + UUID.randomUUID());
  }

  public static Session rootAdmin() {
    return login(TestServer.ROOT_ADMIN_OPENID);
  }
}
