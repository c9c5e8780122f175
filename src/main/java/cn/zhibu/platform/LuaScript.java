package cn.zhibu.platform;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script run by its SHA-1 ({@code EVALSHA}), so the script text is not sent on every call; if Redis does
 * not know it (a restart or a flush), it is sent once with {@code EVAL}, which also caches it again.
 */
public final class LuaScript {
  private final String text;
  private final String sha;

  public LuaScript(String text) {
    this.text = text;
    try {
      this.sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public <T> Future<T> run(Redis redis, ScriptOutputType type, String[] keys, String... args) {
    return redis.<T>call(c -> c.evalsha(sha, type, keys, args)).recover(err -> err instanceof RedisNoScriptException
        ? redis.<T>call(c -> c.eval(text, type, keys, args)) : Future.failedFuture(err));
  }
}
