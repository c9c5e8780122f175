package cn.zhibu.wechat;

import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Config;
import cn.zhibu.platform.Redis;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WeChat's server APIs over Vert.x WebClient, against a configurable base URL (the real one, or the fake).
 * WeChat answers HTTP 200 with an errcode in the body, sometimes as text/plain: every answer is parsed as
 * JSON whatever its content type. Busy (-1) and 5xx answers are retried with backoff; an invalid access
 * token is dropped and the call retried once with a fresh one.
 */
public final class WeChatClient {
  private static final Logger LOG = LoggerFactory.getLogger(WeChatClient.class);
  private static final int ATTEMPTS = 3;
  private static final long BACKOFF_MS = 150;
  private static final String DELETE_IF_EQUAL = """
      if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
      return 0
      """;

  public record Session(String openid, String unionid, String sessionKey) {
  }

  public enum Suggest { PASS, REVIEW, RISKY }

  private final Vertx vertx;
  private final WebClient http;
  private final Redis redis;
  private final String appId;
  private final String secret;
  private final String tokenKey;
  private final String lockKey;
  private final int timeoutMs;
  private final Object refreshLock = new Object();
  private Future<String> refreshing;

  public WeChatClient(Vertx vertx, Redis redis, Config config, int timeoutMs) {
    URI base = URI.create(config.wechatBaseUrl());
    boolean tls = "https".equals(base.getScheme());
    this.vertx = vertx;
    this.http = WebClient.create(vertx, new WebClientOptions()
        .setDefaultHost(base.getHost())
        .setDefaultPort(base.getPort() > 0 ? base.getPort() : tls ? 443 : 80)
        .setSsl(tls)
        .setConnectTimeout(timeoutMs)
        .setIdleTimeout(30)
        .setUserAgent("zhibu"));
    this.timeoutMs = timeoutMs;
    this.redis = redis;
    this.appId = config.wechatAppId();
    this.secret = config.wechatSecret();
    this.tokenKey = redis.key("wx:access_token");
    this.lockKey = redis.key("wx:access_token:lock");
  }

  /** Exchanges a {@code wx.login} code for the user's openid. */
  public Future<Session> jscode2session(String code) {
    return withRetries(() -> send(http.get("/sns/jscode2session")
        .addQueryParam("appid", appId).addQueryParam("secret", secret)
        .addQueryParam("js_code", code).addQueryParam("grant_type", "authorization_code"), null))
        .map(json -> new Session(json.getString("openid"), json.getString("unionid"), json.getString("session_key")));
  }

  /** Sends a subscribe message; fails with {@code wechat.not_subscribed} when the person has no credit. */
  public Future<Void> sendSubscribeMessage(String openid, String templateId, String page, JsonObject data) {
    JsonObject body = new JsonObject().put("touser", openid).put("template_id", templateId)
        .put("page", page).put("data", data);
    return withToken(token -> send(http.post("/cgi-bin/message/subscribe/send")
        .addQueryParam("access_token", token), body)).mapEmpty();
  }

  /** A mini-program code (PNG) that opens {@code page} with {@code scene} (at most 32 characters). */
  public Future<Buffer> unlimitedQrCode(String scene, String page) {
    JsonObject body = new JsonObject().put("scene", scene).put("page", page).put("check_path", false)
        .put("width", 430);
    return withToken(token -> sendForImage(http.post("/wxa/getwxacodeunlimit")
        .addQueryParam("access_token", token), body));
  }

  /** WeChat's text security check (v2): pass, review (hold for a human) or risky (refuse). */
  public Future<Suggest> msgSecCheck(String openid, String content) {
    JsonObject body = new JsonObject().put("openid", openid).put("scene", 2).put("version", 2)
        .put("content", content);
    return withToken(token -> send(http.post("/wxa/msg_sec_check").addQueryParam("access_token", token), body))
        .map(json -> {
          JsonObject result = json.getJsonObject("result", new JsonObject());
          return Suggest.valueOf(result.getString("suggest", "review").toUpperCase());
        });
  }

  /**
   * WeChat's media security check (v2, asynchronous): WeChat fetches the image at {@code mediaUrl} and pushes its
   * verdict later to the mini-program's message push URL (event {@code wxa_media_check}); answers the trace id
   * that verdict will carry.
   */
  public Future<String> mediaCheckAsync(String openid, String mediaUrl) {
    JsonObject body = new JsonObject().put("media_url", mediaUrl).put("media_type", 2).put("version", 2)
        .put("scene", 2).put("openid", openid);
    return withToken(token -> send(http.post("/wxa/media_check_async").addQueryParam("access_token", token), body))
        .map(json -> json.getString("trace_id"));
  }

  /** The cached access token; one refresher at a time across every instance sharing this Redis. */
  public Future<String> accessToken() {
    return redis.<String>call(c -> c.get(tokenKey))
        .compose(token -> token != null ? Future.succeededFuture(token) : refreshShared(null));
  }

  private <T> Future<T> withToken(Function<String, Future<T>> call) {
    return accessToken().compose(token -> withRetries(() -> call.apply(token)).recover(err -> {
      if (err instanceof WeChatException wx && WeChatErrors.isTokenProblem(wx.errcode())) {
        LOG.warn("WeChat refused the access token ({}); refreshing once", wx.errcode());
        return invalidate(token).compose(v -> accessTokenAfterInvalidation(token))
            .compose(fresh -> withRetries(() -> call.apply(fresh)));
      }
      return Future.failedFuture(err);
    }));
  }

  private Future<Void> invalidate(String badToken) {
    return redis.<Long>call(c -> c.eval(DELETE_IF_EQUAL, ScriptOutputType.INTEGER, new String[] {tokenKey}, badToken))
        .mapEmpty();
  }

  private Future<String> accessTokenAfterInvalidation(String badToken) {
    return redis.<String>call(c -> c.get(tokenKey))
        .compose(token -> token != null && !token.equals(badToken) ? Future.succeededFuture(token)
            : refreshShared(badToken));
  }

  /**
   * Callers in this instance share one refresh; instances share one through a Redis lock. {@code badToken}
   * is the token WeChat refused (null when there was simply none).
   */
  private Future<String> refreshShared(String badToken) {
    synchronized (refreshLock) {
      if (refreshing == null) {
        refreshing = refreshAcrossInstances(badToken)
            .andThen(ar -> {
              synchronized (refreshLock) {
                refreshing = null;
              }
            });
      }
      return refreshing;
    }
  }

  private Future<String> refreshAcrossInstances(String badToken) {
    String owner = UUID.randomUUID().toString();
    return redis.<String>call(c -> c.set(lockKey, owner, SetArgs.Builder.nx().px(10_000)))
        .compose(ok -> {
          if (!"OK".equals(ok)) {
            return waitForOtherRefresher(40);
          }
          // Checked again under the lock: another refresher may have finished while we queued for it, and a
          // second forced refresh would invalidate the token it just handed out.
          return redis.<String>call(c -> c.get(tokenKey)).compose(current -> current != null
                  && !current.equals(badToken) ? Future.succeededFuture(current) : fetchAndStore(badToken != null))
              .andThen(ar -> redis.call(c -> c.eval(DELETE_IF_EQUAL, ScriptOutputType.INTEGER,
                  new String[] {lockKey}, owner)));
        });
  }

  private Future<String> fetchAndStore(boolean force) {
    return fetchStableToken(force)
              .compose(json -> {
                String token = json.getString("access_token");
                long ttlSeconds = Math.max(60, json.getLong("expires_in", 7200L) - 300);
                return redis.<String>call(c -> c.set(tokenKey, token, SetArgs.Builder.ex(ttlSeconds))).map(token);
              });
  }

  private Future<String> waitForOtherRefresher(int triesLeft) {
    Promise<String> promise = Promise.promise();
    vertx.setTimer(100, t -> redis.<String>call(c -> c.get(tokenKey)).onComplete(ar -> {
      if (ar.succeeded() && ar.result() != null) {
        promise.complete(ar.result());
      } else if (triesLeft <= 0) {
        promise.fail(ApiException.unavailable("wechat.unavailable", "Could not obtain a WeChat access token"));
      } else {
        waitForOtherRefresher(triesLeft - 1).onComplete(promise);
      }
    }));
    return promise.future();
  }

  private Future<JsonObject> fetchStableToken(boolean force) {
    JsonObject body = new JsonObject().put("grant_type", "client_credential").put("appid", appId)
        .put("secret", secret).put("force_refresh", force);
    return withRetries(() -> send(http.post("/cgi-bin/stable_token"), body));
  }

  private <T> Future<T> withRetries(java.util.function.Supplier<Future<T>> attempt) {
    return retry(attempt, 1);
  }

  private <T> Future<T> retry(java.util.function.Supplier<Future<T>> attempt, int number) {
    return attempt.get().recover(err -> {
      if (number >= ATTEMPTS || !isTransient(err)) {
        return Future.failedFuture(err);
      }
      Promise<T> promise = Promise.promise();
      vertx.setTimer(BACKOFF_MS * number * number, t -> retry(attempt, number + 1).onComplete(promise));
      return promise.future();
    });
  }

  private static boolean isTransient(Throwable err) {
    return err instanceof WeChatException wx && wx.errcode() == WeChatErrors.SYSTEM_BUSY
        || err instanceof ServerError;
  }

  /** WeChat answered 5xx: transient, retried; reported as unavailable if it persists. */
  private static final class ServerError extends ApiException {
    ServerError(int status) {
      super(503, "wechat.unavailable", "Service unavailable", "WeChat answered HTTP " + status);
    }
  }

  private Future<JsonObject> send(HttpRequest<Buffer> request, JsonObject body) {
    request.timeout(timeoutMs);
    Future<HttpResponse<Buffer>> sent = body == null ? request.send() : request.sendJsonObject(body);
    return sent.recover(WeChatClient::unavailable).compose(WeChatClient::parse);
  }

  private Future<Buffer> sendForImage(HttpRequest<Buffer> request, JsonObject body) {
    request.timeout(timeoutMs);
    return request.sendJsonObject(body).recover(WeChatClient::unavailable).compose(response -> {
      String type = response.getHeader("Content-Type");
      if (response.statusCode() == 200 && type != null && type.startsWith("image/")) {
        return Future.succeededFuture(response.body());
      }
      return parse(response).map(json -> {
        throw new WeChatException(-2, "no image in the answer");
      });
    });
  }

  private static <T> Future<T> unavailable(Throwable err) {
    return Future.failedFuture(ApiException.unavailable("wechat.unavailable",
        "WeChat could not be reached: " + err.getClass().getSimpleName()));
  }

  static Future<JsonObject> parse(HttpResponse<Buffer> response) {
    if (response.statusCode() >= 500) {
      return Future.failedFuture(new ServerError(response.statusCode()));
    }
    JsonObject json;
    try {
      Buffer body = response.body();
      json = body == null ? new JsonObject() : new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      return Future.failedFuture(ApiException.unavailable("wechat.unavailable", "WeChat answered something unreadable"));
    }
    int errcode = json.getInteger("errcode", 0);
    if (errcode != 0) {
      return Future.failedFuture(new WeChatException(errcode, json.getString("errmsg", "")));
    }
    return Future.succeededFuture(json);
  }

  public void close() {
    http.close();
  }
}
