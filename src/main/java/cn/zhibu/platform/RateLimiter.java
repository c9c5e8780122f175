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

  private static final LuaScript PEEK = new LuaScript("""
      return {tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('PTTL', KEYS[1])}
      """);

  /**
   * Succeeds while {@code name} has been counted fewer than {@code limit} times in its current window, without
   * counting this call: for budgets that only some outcomes spend (failed logins), counted by {@link #count}.
   */
  public Future<Void> under(String name, int limit) {
    return PEEK.<java.util.List<Long>>run(redis, ScriptOutputType.MULTI, new String[] {redis.key("rl:" + name)})
        .compose(reply -> reply.get(0) < limit ? Future.succeededFuture() : refuse(reply.get(1)));
  }

  /** Counts one outcome against {@code name}'s budget. */
  public Future<Void> count(String name, Duration window) {
    return SCRIPT.<java.util.List<Long>>run(redis, ScriptOutputType.MULTI, new String[] {redis.key("rl:" + name)},
        String.valueOf(window.toMillis())).mapEmpty();
  }

  private static Future<Void> refuse(long ttlMillis) {
    long retryAfter = Math.max(1, (ttlMillis + 999) / 1000);
    return Future.failedFuture(new ApiException.RateLimited("rate_limited",
        "Too many attempts; try again in " + retryAfter + " s", retryAfter));
  }

  /** Succeeds while {@code name} has been hit at most {@code limit} times in the current window. */
  public Future<Void> check(String name, int limit, Duration window) {
    String key = redis.key("rl:" + name);
    return SCRIPT.<java.util.List<Long>>run(redis, ScriptOutputType.MULTI, new String[] {key},
            String.valueOf(window.toMillis()))
        .compose(reply -> {
          return reply.get(0) <= limit ? Future.succeededFuture() : refuse(reply.get(1));
        });
  }
}
