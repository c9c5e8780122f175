package cn.zhibu;

import cn.zhibu.platform.Config;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code java -jar target/zhibu.jar}: reads the environment, starts Vert.x with metrics, deploys the server. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    Config config;
    try {
      config = Config.fromEnv(System.getenv());
    } catch (Config.Invalid e) {
      System.err.println("zhibu: refusing to start: " + e.getMessage());
      System.exit(2);
      return;
    }
    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = newVertx(metrics);
    if (args.length > 0 && "reviewer-account".equals(args[0])) {
      cn.zhibu.org.ReviewerAccount.run(vertx, config).onComplete(ar -> {
        if (ar.failed()) {
          System.err.println("zhibu: reviewer account failed: " + ar.cause());
        } else {
          System.out.println(ar.result().note());
        }
        vertx.close().onComplete(x -> System.exit(ar.succeeded() ? 0 : 1));
      });
      return;
    }
    if (args.length > 0 && "rebuild-leaderboards".equals(args[0])) {
      cn.zhibu.points.RebuildCommand.run(vertx, config).onComplete(ar -> {
        if (ar.failed()) {
          System.err.println("zhibu: rebuild failed: " + ar.cause());
        } else {
          System.out.println("zhibu: leaderboards rebuilt for " + ar.result() + " people");
        }
        vertx.close().onComplete(x -> System.exit(ar.succeeded() ? 0 : 1));
      });
      return;
    }
    vertx.deployVerticle(new ZhibuVerticle(config, metrics, java.time.Clock.systemUTC())).onFailure(err -> {
      LOG.error("zhibu failed to start: {}", err.getMessage(), err);
      vertx.close().onComplete(x -> System.exit(1));
    });
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        vertx.close().toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("shutdown did not finish cleanly: {}", e.toString());
      }
    }, "zhibu-shutdown"));
  }

  /** Vert.x with Micrometer metrics: HTTP by route and status, pools, event loops. */
  public static Vertx newVertx(PrometheusMeterRegistry metrics) {
    MicrometerMetricsOptions options = new MicrometerMetricsOptions().setEnabled(true)
        .addLabels(Label.HTTP_METHOD, Label.HTTP_CODE, Label.HTTP_ROUTE, Label.POOL_TYPE, Label.POOL_NAME);
    return Vertx.builder()
        .with(new VertxOptions().setMetricsOptions(options))
        .withMetrics(new MicrometerMetricsFactory(metrics))
        .build();
  }
}
