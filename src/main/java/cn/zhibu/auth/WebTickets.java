package cn.zhibu.auth;

import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Hashing;
import cn.zhibu.platform.LuaScript;
import cn.zhibu.platform.RateLimiter;
import cn.zhibu.platform.Redis;
import cn.zhibu.platform.Times;
import cn.zhibu.wechat.WeChatClient;
import io.lettuce.core.ScriptOutputType;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Scan-to-login for the web console. The page shows a ticket's mini-program code; the phone looks at where
 * the login comes from ({@link #details}) and confirms; the page's next poll receives the tokens, once.
 * Only the browser that created the ticket holds its poll token, so knowing the ticket (it is in the QR
 * code and on the screen) is not enough to collect the tokens. Tickets live in Redis for two minutes.
 */
final class WebTickets {
  static final Duration LIFETIME = Duration.ofMinutes(2);
  static final String PAGE = "pages/login/scan";
  /** New tickets per client address a minute: a console page asks for one every two minutes. */
  static final int CREATES_PER_MINUTE = 20;
  /** QR images per client address a minute: each uncached one is a call to WeChat. */
  static final int CODES_PER_MINUTE = 30;
  private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
  /** Tokens only to the holder of the poll token; a wrong or missing one learns nothing but 'forbidden'. */
  private static final LuaScript POLL = new LuaScript("""
      local s = redis.call('HGET', KEYS[1], 'status')
      if not s then return {'expired'} end
      if redis.call('HGET', KEYS[1], 'poll') ~= ARGV[1] then return {'forbidden'} end
      if s == 'confirmed' then
        local t = redis.call('HGET', KEYS[1], 'tokens')
        if t then redis.call('HDEL', KEYS[1], 'tokens') return {'confirmed', t} end
      end
      return {s}
      """);
  private static final LuaScript CLAIM = new LuaScript("""
      local s = redis.call('HGET', KEYS[1], 'status')
      if not s then return 0 end
      if s ~= 'pending' or redis.call('HEXISTS', KEYS[1], 'claimedBy') == 1 then return -1 end
      redis.call('HSET', KEYS[1], 'claimedBy', ARGV[1])
      return 1
      """);
  private static final LuaScript FINISH = new LuaScript("""
      if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
      redis.call('HSET', KEYS[1], 'status', 'confirmed', 'tokens', ARGV[1])
      return 1
      """);
  /** Caches the image only while the ticket lives (an HSET on a gone key would make a key without expiry). */
  private static final LuaScript CACHE = new LuaScript("""
      if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'qr', ARGV[1]) end
      return 1
      """);
  private final Redis redis;
  private final Pool pool;
  private final Sessions sessions;
  private final WeChatClient wechat;
  private final RateLimiter limiter;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  WebTickets(Redis redis, Pool pool, Sessions sessions, WeChatClient wechat, RateLimiter limiter, Clock clock) {
    this.redis = redis;
    this.pool = pool;
    this.sessions = sessions;
    this.wechat = wechat;
    this.limiter = limiter;
    this.clock = clock;
  }

  /** Where a login request comes from, shown on the phone before the person confirms. */
  record Origin(String ip, String userAgent) {
  }

  /** {@code WebTicket}: what the login page shows and keeps. */
  record Ticket(String ticket, String scene, String expiresAt, String pollToken) {
  }

  /**
   * {@code WebTicketPoll}: the status and, once confirmed, the session's tokens (handed once; absent otherwise).
   */
  @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
  record Poll(String status, String accessToken, String refreshToken, Long expiresIn) {
  }

  /** {@code WebTicketDetails}: when and from where the ticket was made. */
  record Details(String createdAt, String expiresAt, String ip, String userAgent, String status) {
  }

  /** {@code WebTicketConfirmation}. */
  record Confirmation(String status) {
  }

  Future<Ticket> create(Origin origin) {
    String ticket = randomTicket();
    byte[] secret = new byte[32];
    random.nextBytes(secret);
    String pollToken = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    String key = key(ticket);
    Instant createdAt = clock.instant();
    Instant expiresAt = createdAt.plus(LIFETIME);
    return limiter.check("ticket:" + origin.ip(), CREATES_PER_MINUTE, Duration.ofMinutes(1))
        .compose(v -> redis.call(c -> c.hset(key, Map.of("status", "pending", "poll", Hashing.sha256(pollToken),
            "createdAt", Times.format(createdAt), "expiresAt", Times.format(expiresAt),
            "ip", origin.ip(), "userAgent", origin.userAgent()))))
        .compose(v -> redis.call(c -> c.pexpireat(key, expiresAt.toEpochMilli())))
        .map(v -> new Ticket(ticket, scene(ticket), Times.format(expiresAt), pollToken));
  }

  /** The page's poll; tokens only with the right poll token, and only once. */
  Future<Poll> poll(String ticket, String pollToken) {
    String presented = pollToken == null ? "" : Hashing.sha256(pollToken);
    return POLL.<List<Object>>run(redis, ScriptOutputType.MULTI, new String[] {key(ticket)}, presented)
        .compose(result -> {
          String status = String.valueOf(result.get(0));
          if ("forbidden".equals(status)) {
            return Future.failedFuture(new ApiException(403, "auth.poll_token_invalid", "Forbidden",
                "Only the browser that created this ticket may poll it"));
          }
          if (result.size() == 1) {
            return Future.succeededFuture(new Poll(status, null, null, null));
          }
          JsonObject issued = new JsonObject(String.valueOf(result.get(1)));
          return Future.succeededFuture(new Poll(status, issued.getString("accessToken"), issued.getString("refreshToken"),
              issued.getLong("expiresIn")));
        });
  }

  /** When the ticket was made and by what browser from where: the phone shows this before confirming. */
  Future<Details> details(String ticket) {
    return redis.<Map<String, String>>call(c -> c.hgetall(key(ticket))).compose(fields -> {
      if (fields == null || !fields.containsKey("status")) {
        return Future.failedFuture(ApiException.notFound("The login ticket"));
      }
      return Future.succeededFuture(new Details(fields.get("createdAt"), fields.get("expiresAt"), fields.get("ip"),
          fields.get("userAgent"), fields.get("status")));
    });
  }

  Future<Confirmation> confirm(Caller caller, Audit.Actor actor, String ticket) {
    String key = key(ticket);
    return CLAIM.<Long>run(redis, ScriptOutputType.INTEGER, new String[] {key}, caller.personId().toString())
        .compose(claimed -> {
          if (claimed == 0) {
            return Future.failedFuture(ApiException.notFound("The login ticket"));
          }
          if (claimed < 0) {
            return Future.failedFuture(ApiException.conflict("auth.ticket_used", "This ticket was already confirmed"));
          }
          return details(ticket).compose(origin -> sessions.open(caller.personId(), "web")
              .compose(issued -> Audit.recordForPerson(pool, actor, caller.personId(), "auth.web_login",
                  "client:web", new JsonObject().put("browserIp", origin.ip())
                      .put("browserUserAgent", origin.userAgent())).map(issued)));
        })
        .compose(issued -> FINISH.<Long>run(redis, ScriptOutputType.INTEGER, new String[] {key},
                issued.toJson().encode())
            .compose(done -> done == 1 ? Future.succeededFuture(new Confirmation("confirmed"))
                : Future.failedFuture(ApiException.notFound("The login ticket"))));
  }

  /** The ticket's mini-program code: fetched from WeChat once per ticket, then served from Redis. */
  Future<Buffer> code(String ticket, String clientIp) {
    String key = key(ticket);
    return limiter.check("ticket-qr:" + clientIp, CODES_PER_MINUTE, Duration.ofMinutes(1))
        .compose(v -> redis.<List<io.lettuce.core.KeyValue<String, String>>>call(c -> c.hmget(key, "status", "qr")))
        .compose(values -> {
          if (!values.get(0).hasValue()) {
            return Future.failedFuture(ApiException.notFound("The login ticket"));
          }
          if (values.get(1).hasValue()) {
            return Future.succeededFuture(Buffer.buffer(Base64.getDecoder().decode(values.get(1).getValue())));
          }
          return wechat.unlimitedQrCode(scene(ticket), PAGE).compose(png -> CACHE
              .<Long>run(redis, ScriptOutputType.INTEGER, new String[] {key},
                  Base64.getEncoder().encodeToString(png.getBytes()))
              .map(png));
        });
  }

  private String randomTicket() {
    StringBuilder ticket = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      ticket.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return ticket.toString();
  }

  private static String scene(String ticket) {
    return "t=" + ticket;
  }

  private String key(String ticket) {
    return redis.key("wt:" + ticket);
  }
}
