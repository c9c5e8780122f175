package cn.zhibu.platform;

import io.lettuce.core.ScriptOutputType;
import io.vertx.core.Future;
import java.time.Duration;

/** Fixed-window counters in Redis: the first hit of a window sets its expiry, atomically (one Lua call). */
public final class RateLimiter {
  private static final LuaScript SCRIPT = new LuaScript("""
      local n = redis.call('INCR', KEYS[1])
      if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
      return {n, redis.call('PTTL', KEYS[1])}
      """);
  private final Redis redis;

  public RateLimiter(Redis redis) {
    this.redis = redis;
  }

  /** Succeeds while {@code name} has been hit at most {@code limit} times in the current window. */
  public Future<Void> check(String name, int limit, Duration window) {
    String key = redis.key("rl:" + name);
    return SCRIPT.<java.util.List<Long>>run(redis, ScriptOutputType.MULTI, new String[] {key},
            String.valueOf(window.toMillis()))
        .compose(reply -> {
          if (reply.get(0) <= limit) {
            return Future.succeededFuture();
          }
          long retryAfter = Math.max(1, (reply.get(1) + 999) / 1000);
          return Future.failedFuture(new ApiException.RateLimited("rate_limited",
              "Too many attempts; try again in " + retryAfter + " s", retryAfter));
        });
  }
}
