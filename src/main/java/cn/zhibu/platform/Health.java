package cn.zhibu.platform;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;

/** Liveness (the process answers) and readiness (PostgreSQL and Redis answer within two seconds). */
public final class Health {
  private static final long TIMEOUT_MS = 2_000;
  private final Pool pool;
  private final Redis redis;

  public Health(Pool pool, Redis redis) {
    this.pool = pool;
    this.redis = redis;
  }

  public void live(RoutingContext ctx) {
    Respond.json(ctx, 200, new JsonObject().put("status", "up"));
  }

  public void ready(RoutingContext ctx) {
    Future<String> postgres = check(pool.query("SELECT 1").execute().mapEmpty());
    Future<String> cache = check(redis.call(c -> c.ping()).mapEmpty());
    Future.join(postgres, cache).onComplete(done -> {
      JsonObject components = new JsonObject().put("postgres", postgres.result()).put("redis", cache.result());
      if (components.stream().allMatch(e -> "up".equals(e.getValue()))) {
        Respond.json(ctx, 200, new JsonObject().put("status", "up").put("components", components));
        return;
      }
      String down = String.join(" and ", components.stream().filter(e -> !"up".equals(e.getValue()))
          .map(java.util.Map.Entry::getKey).toList());
      ctx.response().setStatusCode(503).putHeader("Content-Type", Problems.CONTENT_TYPE).end(new JsonObject()
          .put("type", "https://zhibu.cn/problems/health/not_ready").put("title", "Service unavailable")
          .put("status", 503).put("code", "health.not_ready").put("detail", down + " not answering")
          .put("components", components).put("requestId", RequestIds.of(ctx)).encode());
    });
  }

  private static Future<String> check(Future<Void> probe) {
    return probe.timeout(TIMEOUT_MS, java.util.concurrent.TimeUnit.MILLISECONDS).map("up").otherwise("down");
  }
}
