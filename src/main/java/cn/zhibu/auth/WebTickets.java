package cn.zhibu.auth;

import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Redis;
import cn.zhibu.platform.Times;
import cn.zhibu.wechat.WeChatClient;
import io.lettuce.core.ScriptOutputType;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Scan-to-login for the web console: the page shows a ticket's mini-program code, the phone confirms it,
 * and the page's next poll receives the tokens, once. Tickets live in Redis for two minutes.
 */
final class WebTickets {
  static final Duration LIFETIME = Duration.ofMinutes(2);
  static final String PAGE = "pages/login/scan";
  private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
  private static final String POLL = """
      local s = redis.call('HGET', KEYS[1], 'status')
      if not s then return {'expired'} end
      if s == 'confirmed' then
        local t = redis.call('HGET', KEYS[1], 'tokens')
        if t then redis.call('HDEL', KEYS[1], 'tokens') return {'confirmed', t} end
      end
      return {s}
      """;
  private static final String CLAIM = """
      local s = redis.call('HGET', KEYS[1], 'status')
      if not s then return 0 end
      if s ~= 'pending' or redis.call('HEXISTS', KEYS[1], 'claimedBy') == 1 then return -1 end
      redis.call('HSET', KEYS[1], 'claimedBy', ARGV[1])
      return 1
      """;
  private static final String FINISH = """
      if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
      redis.call('HSET', KEYS[1], 'status', 'confirmed', 'tokens', ARGV[1])
      return 1
      """;
  private final Redis redis;
  private final Sessions sessions;
  private final WeChatClient wechat;
  private final SecureRandom random = new SecureRandom();

  WebTickets(Redis redis, Sessions sessions, WeChatClient wechat) {
    this.redis = redis;
    this.sessions = sessions;
    this.wechat = wechat;
  }

  Future<JsonObject> create() {
    StringBuilder ticket = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      ticket.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    String key = key(ticket.toString());
    Instant expiresAt = Instant.now().plus(LIFETIME);
    return redis.call(c -> c.hset(key, "status", "pending"))
        .compose(v -> redis.call(c -> c.expire(key, LIFETIME.toSeconds())))
        .map(v -> new JsonObject().put("ticket", ticket.toString()).put("scene", scene(ticket.toString()))
            .put("expiresAt", Times.format(expiresAt)));
  }

  Future<JsonObject> poll(String ticket) {
    return redis.<List<Object>>call(c -> c.eval(POLL, ScriptOutputType.MULTI, key(ticket))).map(result -> {
      JsonObject answer = new JsonObject().put("status", String.valueOf(result.get(0)));
      if (result.size() > 1) {
        answer.mergeIn(new JsonObject(String.valueOf(result.get(1))));
      }
      return answer;
    });
  }

  Future<JsonObject> confirm(Caller caller, String ticket) {
    String key = key(ticket);
    return redis.<Long>call(c -> c.eval(CLAIM, ScriptOutputType.INTEGER, new String[] {key},
            caller.personId().toString()))
        .compose(claimed -> {
          if (claimed == 0) {
            return Future.failedFuture(ApiException.notFound("The login ticket"));
          }
          if (claimed < 0) {
            return Future.failedFuture(ApiException.conflict("auth.ticket_used", "This ticket was already confirmed"));
          }
          return sessions.open(caller.personId(), "web");
        })
        .compose(issued -> redis.<Long>call(c -> c.eval(FINISH, ScriptOutputType.INTEGER, new String[] {key},
                issued.toJson().encode()))
            .compose(done -> done == 1 ? Future.succeededFuture(new JsonObject().put("status", "confirmed"))
                : Future.failedFuture(ApiException.notFound("The login ticket"))));
  }

  Future<Buffer> code(String ticket) {
    return redis.<Long>call(c -> c.exists(key(ticket)))
        .compose(n -> n == 0 ? Future.failedFuture(ApiException.notFound("The login ticket"))
            : wechat.unlimitedQrCode(scene(ticket), PAGE));
  }

  private static String scene(String ticket) {
    return "t=" + ticket;
  }

  private String key(String ticket) {
    return redis.key("wt:" + ticket);
  }
}
