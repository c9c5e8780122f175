package cn.zhibu.platform;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every request an id (the caller's {@code X-Request-Id} if it is sane, else a new one), puts it on
 * the response, and writes one access-log line per request carrying it.
 */
public final class RequestIds implements Handler<RoutingContext> {
  private static final Logger ACCESS = LoggerFactory.getLogger("zhibu.access");
  public static final String HEADER = "X-Request-Id";
  private static final String KEY = "requestId";
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  @Override
  public void handle(RoutingContext ctx) {
    String given = ctx.request().getHeader(HEADER);
    String id = given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
    ctx.put(KEY, id);
    ctx.response().putHeader(HEADER, id);
    long start = System.nanoTime();
    ctx.addEndHandler(done -> ACCESS.info("[{}] {} {} {} {}ms", id, ctx.request().method(), ctx.request().path(),
        ctx.response().getStatusCode(), (System.nanoTime() - start) / 1_000_000));
    ctx.next();
  }

  public static String of(RoutingContext ctx) {
    String id = ctx.get(KEY);
    return id == null ? "-" : id;
  }
}
