package cn.zhibu.platform;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Stands before the reading of a large body (meeting files, photos: up to 10 MB held in memory): nobody
 * unauthenticated gets that far (401 before a byte of the body is read), at most {@code slots} such bodies are
 * read at once in this process (429 with Retry-After beyond), and a body not read within the deadline — a
 * stalled or trickling upload — has its connection closed. The outside test held 1.4 GB with 50 anonymous
 * connections before this.
 */
public final class UploadGuard implements Handler<RoutingContext> {
  private final AtomicInteger reading;
  private final Config.Uploads limits;
  private final Function<RoutingContext, ApiException> refusal;

  /** {@code reading} is shared by the process's HTTP instances; {@code refusal} says why a caller is missing. */
  public UploadGuard(AtomicInteger reading, Config.Uploads limits, Function<RoutingContext, ApiException> refusal) {
    this.reading = reading;
    this.limits = limits;
    this.refusal = refusal;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ApiException anonymous = refusal.apply(ctx);
    if (anonymous != null) {
      refuse(ctx, anonymous);
      return;
    }
    if (reading.incrementAndGet() > limits.slots()) {
      reading.decrementAndGet();
      refuse(ctx, new ApiException.RateLimited("rate_limited", "Too many uploads at once; try again in a few seconds", 5));
      return;
    }
    long timer = ctx.vertx().setTimer(limits.deadline().toMillis(), t -> {
      if (!ctx.response().ended()) {
        ctx.request().connection().close();
      }
    });
    ctx.addEndHandler(ar -> {
      ctx.vertx().cancelTimer(timer);
      reading.decrementAndGet();
    });
    ctx.next();
  }

  /** Answers and closes: the unread body is not waited for. */
  private static void refuse(RoutingContext ctx, ApiException why) {
    ctx.response().putHeader("Connection", "close");
    ctx.fail(why);
  }
}
