package cn.zhibu.platform;

import io.lettuce.core.ScoredValue;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.UUID;

/**
 * Bare reference routes for the benchmark harness, mounted only with {@code ZHIBU_BENCH=true}: one durable
 * INSERT per request, and one Redis ZREVRANGE per request. The harness compares the real endpoints with
 * these, in the same run on the same machine, and reports the ratios.
 */
public final class BenchRoutes {
  private final Pool pool;
  private final Redis redis;

  public BenchRoutes(Pool pool, Redis redis) {
    this.pool = pool;
    this.redis = redis;
  }

  public Future<Void> prepare() {
    return pool.query("CREATE TABLE IF NOT EXISTS bench_inserts (id uuid PRIMARY KEY, at timestamptz NOT NULL)").execute()
        .<Void>mapEmpty();
  }

  public void mount(Router router) {
    router.post("/bench/insert").handler(ctx -> pool.preparedQuery("INSERT INTO bench_inserts (id, at) VALUES ($1, now())")
        .execute(Tuple.of(UUID.randomUUID()))
        .onSuccess(v -> ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json").end("{}"))
        .onFailure(ctx::fail));
    router.get("/bench/zrevrange").handler(ctx -> redis.<List<ScoredValue<String>>>call(c -> c.zrevrangeWithScores(
            redis.key(ctx.request().getParam("key", "bench:board")), 0, 9))
        .onSuccess(values -> ctx.response().putHeader("Content-Type", "application/json").end(new JsonObject()
            .put("entries", new JsonArray(values.stream().map(v -> new JsonObject().put("id", v.getValue())
                .put("score", v.getScore())).toList())).encode()))
        .onFailure(ctx::fail));
  }
}
