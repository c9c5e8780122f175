package cn.zhibu.platform;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.vertx.core.Future;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}), so the script text is not sent on every call; if Redis does
 * not know it (a restart or a flush), it is sent once with {@code EVAL}, which also caches it again.
 */
public final class LuaScript {
  private final String text;
  private final String sha;

  public LuaScript(String text) {
    this.text = text;
    this.sha = Hashing.sha1Hex(text);
  }

  public <T> Future<T> run(Redis redis, ScriptOutputType type, String[] keys, String... args) {
    return redis.<T>call(c -> c.evalsha(sha, type, keys, args)).recover(err -> err instanceof RedisNoScriptException
        ? redis.<T>call(c -> c.eval(text, type, keys, args)) : Future.failedFuture(err));
  }
}
