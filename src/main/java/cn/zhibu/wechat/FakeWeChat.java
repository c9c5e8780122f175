package cn.zhibu.wechat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small WeChat server that behaves like the real one for the APIs this product uses: jscode2session,
 * stable_token, subscribe send, getwxacodeunlimit, msg_sec_check and media_check_async (which, as WeChat does,
 * answers a trace id, fetches the image from its link and pushes a signed verdict to the server's message URL
 * afterwards). Real error codes, answers with HTTP 200
 * and an errcode (jscode2session as text/plain, as WeChat does), codes valid once and for five minutes,
 * and fault injection and a call record for tests. Started by tests, and by dev mode when
 * {@code ZHIBU_WECHAT_BASE_URL=fake}; never in production (Config refuses).
 *
 * <p>Control endpoints (dev and tests): {@code POST /__fake/codes {openid}} issues a real-style code,
 * {@code POST /__fake/faults {api, errcode?, httpStatus?, delayMs?, drop?, times?}} queues a fault,
 * {@code POST /__fake/invalidate-tokens}, {@code GET /__fake/calls}, {@code POST /__fake/reset}.
 */
public final class FakeWeChat {
  public static final String JSCODE2SESSION = "jscode2session";
  public static final String STABLE_TOKEN = "stable_token";
  public static final String SUBSCRIBE_SEND = "subscribe_send";
  public static final String WXACODE = "getwxacodeunlimit";
  public static final String MSG_SEC_CHECK = "msg_sec_check";
  public static final String MEDIA_CHECK = "media_check_async";
  /** The message push token the fake signs its pushes with (ZHIBU_WECHAT_MESSAGE_TOKEN's dev default). */
  public static final String MESSAGE_TOKEN = cn.zhibu.platform.Config.DEV_MESSAGE_TOKEN;
  private static final long CODE_LIFETIME_MS = 5 * 60_000;
  private static final long TOKEN_LIFETIME_S = 7200;

  /** One injected fault, used up after {@code times} calls of {@code api}. */
  public record Fault(String api, int errcode, int httpStatus, long delayMs, boolean drop, int times) {
    static Fault from(JsonObject json) {
      return new Fault(json.getString("api"), json.getInteger("errcode", 0), json.getInteger("httpStatus", 200),
          json.getLong("delayMs", 0L), json.getBoolean("drop", false), json.getInteger("times", 1));
    }
  }

  /** What the fake was asked, for assertions. */
  public record Call(String api, String openid, Instant at) {
  }

  private final Vertx vertx;
  private final String appId;
  private final String secret;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, IssuedCode> codes = new ConcurrentHashMap<>();
  private final Set<String> usedCodes = ConcurrentHashMap.newKeySet();
  private final Map<String, Long> validTokens = new ConcurrentHashMap<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final Set<String> refusingSubscribers = ConcurrentHashMap.newKeySet();
  private volatile String currentToken;
  private HttpServer server;

  private record IssuedCode(String openid, long expiresAt) {
  }

  public FakeWeChat(Vertx vertx, String appId, String secret) {
    this.vertx = vertx;
    this.appId = appId;
    this.secret = secret;
  }

  /** Starts on {@code port} (0 for any free one); completes with the base URL to give the client. */
  public Future<String> start(int port) {
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create().setBodyLimit(64 * 1024));
    router.get("/sns/jscode2session").handler(ctx -> faulted(ctx, JSCODE2SESSION, this::jscode2session));
    router.post("/cgi-bin/stable_token").handler(ctx -> faulted(ctx, STABLE_TOKEN, this::stableToken));
    router.post("/cgi-bin/message/subscribe/send").handler(ctx -> faulted(ctx, SUBSCRIBE_SEND, this::subscribeSend));
    router.post("/wxa/getwxacodeunlimit").handler(ctx -> faulted(ctx, WXACODE, this::wxacode));
    router.post("/wxa/msg_sec_check").handler(ctx -> faulted(ctx, MSG_SEC_CHECK, this::msgSecCheck));
    router.post("/wxa/media_check_async").handler(ctx -> faulted(ctx, MEDIA_CHECK, this::mediaCheck));
    router.post("/__fake/codes").handler(ctx -> json(ctx, new JsonObject()
        .put("code", issueCode(ctx.body().asJsonObject().getString("openid")))));
    router.post("/__fake/faults").handler(ctx -> {
      inject(Fault.from(ctx.body().asJsonObject()));
      ctx.response().setStatusCode(204).end();
    });
    router.post("/__fake/invalidate-tokens").handler(ctx -> {
      invalidateTokens();
      ctx.response().setStatusCode(204).end();
    });
    router.post("/__fake/reset").handler(ctx -> {
      reset();
      ctx.response().setStatusCode(204).end();
    });
    router.get("/__fake/calls").handler(ctx -> json(ctx, new JsonObject().put("calls", new JsonArray(
        calls.stream().map(c -> new JsonObject().put("api", c.api()).put("openid", c.openid())
            .put("at", c.at().toString())).toList()))));
    return vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1").map(s -> {
      server = s;
      return "http://127.0.0.1:" + s.actualPort();
    });
  }

  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** A real-style login code for {@code openid}: usable once, within five minutes. */
  public String issueCode(String openid) {
    byte[] bytes = new byte[16];
    random.nextBytes(bytes);
    String code = HexFormat.of().formatHex(bytes);
    codes.put(code, new IssuedCode(openid, System.currentTimeMillis() + CODE_LIFETIME_MS));
    return code;
  }

  public void inject(Fault fault) {
    synchronized (faults) {
      faults.addLast(fault);
    }
  }

  /** Every access token issued so far stops working (as after a credential reset). */
  public void invalidateTokens() {
    validTokens.clear();
    currentToken = null;
  }

  public void refuseSubscriptions(String openid) {
    refusingSubscribers.add(openid);
  }

  public List<Call> calls() {
    return List.copyOf(calls);
  }

  public long callCount(String api) {
    return calls.stream().filter(c -> c.api().equals(api)).count();
  }

  public void reset() {
    synchronized (faults) {
      faults.clear();
    }
    calls.clear();
    refusingSubscribers.clear();
  }

  private interface Api {
    void handle(RoutingContext ctx);
  }

  private void faulted(RoutingContext ctx, String api, Api handler) {
    Fault fault = takeFault(api);
    if (fault == null) {
      handler.handle(ctx);
      return;
    }
    calls.add(new Call(api, null, Instant.now()));
    vertx.setTimer(Math.max(1, fault.delayMs()), t -> {
      if (fault.drop()) {
        ctx.request().connection().close();
      } else if (fault.httpStatus() != 200) {
        ctx.response().setStatusCode(fault.httpStatus()).end("<html>error</html>");
      } else if (fault.errcode() != 0) {
        error(ctx, fault.errcode(), "injected fault");
      } else {
        handler.handle(ctx);
      }
    });
  }

  private Fault takeFault(String api) {
    synchronized (faults) {
      for (Fault fault : faults) {
        if (fault.api().equals(api)) {
          faults.remove(fault);
          if (fault.times() > 1) {
            faults.addFirst(new Fault(api, fault.errcode(), fault.httpStatus(), fault.delayMs(), fault.drop(),
                fault.times() - 1));
          }
          return fault;
        }
      }
      return null;
    }
  }

  private void jscode2session(RoutingContext ctx) {
    String code = ctx.request().getParam("js_code", "");
    if (!appId.equals(ctx.request().getParam("appid"))) {
      textError(ctx, 40013, "invalid appid");
      return;
    }
    if (!secret.equals(ctx.request().getParam("secret"))) {
      textError(ctx, 40125, "invalid appsecret");
      return;
    }
    String openid = openidFor(code);
    if (openid == null) {
      textError(ctx, usedCodes.contains(code) ? 40163 : 40029,
          usedCodes.contains(code) ? "code been used" : "invalid code");
      return;
    }
    calls.add(new Call(JSCODE2SESSION, openid, Instant.now()));
    byte[] key = new byte[16];
    random.nextBytes(key);
    ctx.response().putHeader("Content-Type", "text/plain").end(new JsonObject().put("openid", openid)
        .put("session_key", java.util.Base64.getEncoder().encodeToString(key)).encode());
  }

  private String openidFor(String code) {
    if (code.isEmpty() || !usedCodes.add(code)) {
      return null;
    }
    if (code.startsWith("fake:")) {
      String openid = code.substring(5).split("#", 2)[0];
      return openid.isEmpty() || openid.length() > 64 ? null : openid;
    }
    IssuedCode issued = codes.remove(code);
    if (issued == null || issued.expiresAt() < System.currentTimeMillis()) {
      usedCodes.remove(code);
      return null;
    }
    return issued.openid();
  }

  private void stableToken(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    if (body == null || !appId.equals(body.getString("appid"))) {
      error(ctx, 40013, "invalid appid");
      return;
    }
    if (!secret.equals(body.getString("secret"))) {
      error(ctx, 40125, "invalid appsecret");
      return;
    }
    calls.add(new Call(STABLE_TOKEN, null, Instant.now()));
    synchronized (validTokens) {
      String token = currentToken;
      if (body.getBoolean("force_refresh", false) || token == null || !validTokens.containsKey(token)) {
        validTokens.clear();
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        token = "fake-token-" + HexFormat.of().formatHex(bytes);
        validTokens.put(token, System.currentTimeMillis() + TOKEN_LIFETIME_S * 1000);
        currentToken = token;
      }
      long left = (validTokens.get(token) - System.currentTimeMillis()) / 1000;
      json(ctx, new JsonObject().put("access_token", token).put("expires_in", left));
    }
  }

  private boolean tokenOk(RoutingContext ctx) {
    String token = ctx.request().getParam("access_token", "");
    Long expiry = validTokens.get(token);
    if (expiry == null) {
      error(ctx, token.startsWith("fake-token-") ? 40001 : 40014, "invalid credential, access_token is invalid");
      return false;
    }
    if (expiry < System.currentTimeMillis()) {
      error(ctx, 42001, "access_token expired");
      return false;
    }
    return true;
  }

  private void subscribeSend(RoutingContext ctx) {
    if (!tokenOk(ctx)) {
      return;
    }
    JsonObject body = ctx.body().asJsonObject();
    String openid = body.getString("touser");
    calls.add(new Call(SUBSCRIBE_SEND, openid, Instant.now()));
    if (openid == null || body.getString("template_id") == null) {
      error(ctx, 47003, "argument invalid");
    } else if (refusingSubscribers.contains(openid)) {
      error(ctx, 43101, "user refuse to accept the msg");
    } else {
      json(ctx, new JsonObject().put("errcode", 0).put("errmsg", "ok"));
    }
  }

  private void wxacode(RoutingContext ctx) {
    if (!tokenOk(ctx)) {
      return;
    }
    String scene = ctx.body().asJsonObject().getString("scene", "");
    calls.add(new Call(WXACODE, null, Instant.now()));
    if (scene.isEmpty() || scene.length() > 32) {
      error(ctx, 40169, "invalid length for scene");
      return;
    }
    vertx.executeBlocking(() -> FakeCodeImage.png(scene)).onComplete(ar -> {
      if (ar.failed()) {
        ctx.response().setStatusCode(500).end();
      } else {
        ctx.response().putHeader("Content-Type", "image/png").end(Buffer.buffer(ar.result()));
      }
    });
  }

  private void msgSecCheck(RoutingContext ctx) {
    if (!tokenOk(ctx)) {
      return;
    }
    JsonObject body = ctx.body().asJsonObject();
    calls.add(new Call(MSG_SEC_CHECK, body.getString("openid"), Instant.now()));
    String content = body.getString("content", "");
    String suggest = content.contains("FAKE_RISKY") ? "risky" : content.contains("FAKE_REVIEW") ? "review" : "pass";
    int label = "pass".equals(suggest) ? 100 : 20001;
    json(ctx, new JsonObject().put("errcode", 0).put("errmsg", "ok").put("trace_id", "fake")
        .put("result", new JsonObject().put("suggest", suggest).put("label", label)));
  }

  private volatile String nextMediaVerdict = "pass";

  /** The verdict of the next media check (then back to pass): "pass", "review" or "risky". */
  public void nextMediaVerdict(String suggest) {
    nextMediaVerdict = suggest;
  }

  /**
   * As WeChat does: answers a trace id at once, then fetches the image from its URL, and pushes the verdict to the
   * mini-program's message URL (here: the same server's {@code /api/v1/wechat/messages}), signed with the message
   * token as WeChat signs pushes (sha1 of token, timestamp and nonce, sorted).
   */
  private void mediaCheck(RoutingContext ctx) {
    if (!tokenOk(ctx)) {
      return;
    }
    JsonObject body = ctx.body().asJsonObject();
    calls.add(new Call(MEDIA_CHECK, body.getString("openid"), Instant.now()));
    String url = body.getString("media_url", "");
    String trace = "fake-trace-" + Long.toHexString(random.nextLong());
    String suggest = nextMediaVerdict;
    nextMediaVerdict = "pass";
    json(ctx, new JsonObject().put("errcode", 0).put("errmsg", "ok").put("trace_id", trace));
    io.vertx.ext.web.client.WebClient client = io.vertx.ext.web.client.WebClient.create(vertx);
    java.net.URI media = java.net.URI.create(url);
    String callback = media.getScheme() + "://" + media.getAuthority() + "/api/v1/wechat/messages";
    client.getAbs(url).send().compose(image -> {
      if (image.statusCode() != 200) {
        return Future.failedFuture("media fetch " + image.statusCode());
      }
      String timestamp = Long.toString(Instant.now().getEpochSecond());
      String nonce = Long.toString(random.nextLong() & Long.MAX_VALUE);
      JsonObject push = new JsonObject().put("ToUserName", "gh_fake").put("FromUserName", body.getString("openid"))
          .put("CreateTime", Instant.now().getEpochSecond()).put("MsgType", "event").put("Event", "wxa_media_check")
          .put("appid", appId).put("trace_id", trace).put("version", 2).put("errcode", 0).put("errmsg", "ok")
          .put("result", new JsonObject().put("suggest", suggest).put("label", "pass".equals(suggest) ? 100 : 20002));
      return client.postAbs(callback).addQueryParam("signature", signature(MESSAGE_TOKEN, timestamp, nonce))
          .addQueryParam("timestamp", timestamp).addQueryParam("nonce", nonce).sendJsonObject(push);
    }).onComplete(ar -> client.close());
  }

  /** WeChat's message push signature, as the server checks it. */
  public static String signature(String token, String timestamp, String nonce) {
    return MessageSignature.of(token, timestamp, nonce);
  }

  private static void json(RoutingContext ctx, JsonObject body) {
    ctx.response().putHeader("Content-Type", "application/json; charset=UTF-8").end(body.encode());
  }

  private static void error(RoutingContext ctx, int errcode, String errmsg) {
    json(ctx, new JsonObject().put("errcode", errcode).put("errmsg", errmsg + " rid: fake"));
  }

  private static void textError(RoutingContext ctx, int errcode, String errmsg) {
    ctx.response().putHeader("Content-Type", "text/plain")
        .end(new JsonObject().put("errcode", errcode).put("errmsg", errmsg + " rid: fake").encode());
  }
}
