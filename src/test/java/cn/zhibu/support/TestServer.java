package cn.zhibu.support;

import cn.zhibu.Main;
import cn.zhibu.ZhibuVerticle;
import cn.zhibu.platform.Config;
import cn.zhibu.wechat.FakeWeChat;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One real server per test JVM, against the machine's PostgreSQL and Redis: its own freshly created and
 * migrated database, its own Redis key prefix, and the fake WeChat. Both are removed when the JVM exits,
 * so runs never see each other's data.
 */
public final class TestServer {
  public static final String ROOT_ADMIN_OPENID = "root-admin";
  public static final String PG_HOST = env("ZHIBU_TEST_PG", "postgresql://postgres@127.0.0.1:5432");
  public static final String REDIS_URL = env("ZHIBU_TEST_REDIS", "redis://127.0.0.1:6379/0");
  private static TestServer instance;

  public final Vertx vertx;
  public final FakeWeChat wechat;
  public final Config config;
  public final String baseUrl;
  public final String database;
  public final TestClock clock;
  /** The environment the server was configured from, for tests that start a twin. */
  public final Map<String, String> env;
  private final ZhibuVerticle verticle;

  private TestServer(Vertx vertx, FakeWeChat wechat, Config config, ZhibuVerticle verticle, String database,
      TestClock clock, Map<String, String> env) {
    this.clock = clock;
    this.env = Map.copyOf(env);
    this.vertx = vertx;
    this.wechat = wechat;
    this.config = config;
    this.verticle = verticle;
    this.database = database;
    this.baseUrl = "http://127.0.0.1:" + verticle.port();
  }

  /** The built-in WeChat Pay the server pays through (dev mode's fake). */
  public cn.zhibu.wechatpay.FakeWeChatPay pay() {
    return verticle.fakeWeChatPay();
  }

  public static synchronized TestServer get() {
    if (instance == null) {
      try {
        instance = start();
      } catch (Exception e) {
        throw new IllegalStateException("could not start the test server: " + e.getMessage(), e);
      }
    }
    return instance;
  }

  private static TestServer start() throws Exception {
    String run = Long.toString(System.currentTimeMillis(), 36) + UUID.randomUUID().toString().substring(0, 6);
    String database = "zhibu_test_" + run;
    String prefix = "zhibu:test:" + run + ":";
    admin("CREATE DATABASE " + database);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> cleanUp(database, prefix), "test-cleanup"));

    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Main.newVertx(metrics);
    FakeWeChat wechat = new FakeWeChat(vertx, "wxtestappid", "test-app-secret");
    String wechatUrl = wechat.start(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Map<String, String> env = new HashMap<>();
    env.put(Config.HTTP_PORT, "0");
    env.put(Config.PG_URL, PG_HOST + "/" + database);
    env.put(Config.REDIS_URL, REDIS_URL);
    env.put(Config.REDIS_PREFIX, prefix);
    env.put(Config.DEV, "true");
    env.put(Config.WECHAT_BASE_URL, wechatUrl);
    env.put(Config.WECHAT_APPID, "wxtestappid");
    env.put(Config.WECHAT_SECRET, "test-app-secret");
    env.put(Config.JWT_SECRET, "test-secret-" + UUID.randomUUID() + UUID.randomUUID());
    env.put(Config.BOOTSTRAP_ADMIN_OPENIDS, ROOT_ADMIN_OPENID);
    // Every test logs in from 127.0.0.1; the per-address login limit is for campus NATs, not for this.
    env.put(Config.LOGIN_RATE, "1000000");
    env.put(Config.LOGIN_FAILURE_RATE, "1000000");
    // The test client is the campus proxy: tests name the "real" client in X-Forwarded-For when it matters.
    env.put(Config.TRUSTED_PROXIES, "127.0.0.1,::1");
    // Tests drain the push outbox themselves, to see exactly what each drain sends.
    env.put(Config.PUSH_POLL_MS, "0");
    env.put(Config.NOTICE_TEMPLATE_ID, "notice-template");
    Config config = Config.fromEnv(env);
    TestClock clock = new TestClock();
    ZhibuVerticle verticle = new ZhibuVerticle(config, metrics, clock);
    vertx.deployVerticle(verticle).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    return new TestServer(vertx, wechat, config, verticle, database, clock, env);
  }

  /**
   * Another server instance in this JVM, on its own port, configured like this one except for
   * {@code overrides} (e.g. another Redis). Stop it with {@link Twin#stop()}.
   */
  public Twin twin(Map<String, String> overrides) {
    Map<String, String> twinEnv = new HashMap<>(env);
    twinEnv.putAll(overrides);
    ZhibuVerticle twin = new ZhibuVerticle(Config.fromEnv(twinEnv),
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), clock);
    try {
      String id = vertx.deployVerticle(twin).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      return new Twin(vertx, id, "http://127.0.0.1:" + twin.port());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A second instance: its base URL, and a way to stop it. */
  public record Twin(Vertx vertx, String deploymentId, String baseUrl) {
    public void stop() {
      try {
        vertx.undeploy(deploymentId).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Drains the push outbox now, as the worker would; returns the rows handled. */
  public int drainOutbox() {
    try {
      return verticle.drainPushOutbox().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Queues the reminders due now, as the periodic job would; answers how many pushes were queued. */
  public int runReminders() {
    try {
      return verticle.runReminders().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs the overdue-request sweep now, as the periodic job would. */
  public int sweepOverdue() {
    try {
      return verticle.sweepOverdueRequests().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs SQL against the test database (for assertions about what was, or was not, written). */
  public long count(String sql) {
    try (Connection c = DriverManager.getConnection(jdbc(database), "postgres", "");
         Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@link #count} once it reaches {@code expected}, or after two seconds whatever it is: for what the server writes
   * just after it answers (the export audit is written once the response has gone).
   */
  public long countSoon(String sql, long expected) {
    long seen = count(sql);
    for (int i = 0; i < 40 && seen != expected; i++) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return seen;
      }
      seen = count(sql);
    }
    return seen;
  }

  /** The first column of the first row, as text. */
  public String text(String sql) {
    try (Connection c = DriverManager.getConnection(jdbc(database), "postgres", "");
         Statement s = c.createStatement(); var rs = s.executeQuery(sql)) {
      return rs.next() ? rs.getString(1) : null;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public void execute(String sql) {
    try (Connection c = DriverManager.getConnection(jdbc(database), "postgres", "");
         Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A Redis connection for tests that look at or damage the cache; close it after use. */
  public StatefulRedisConnection<String, String> redis() {
    return RedisClient.create(REDIS_URL).connect();
  }

  private static void admin(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection(jdbc("postgres"), "postgres", "");
         Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static String jdbc(String database) {
    return "jdbc:" + PG_HOST.replaceFirst("postgresql://[^@]*@", "postgresql://") + "/" + database;
  }

  private static void cleanUp(String database, String prefix) {
    try {
      if (instance != null) {
        instance.vertx.close().toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
      }
    } catch (Exception ignored) {
      // the JVM is ending; the database drop below forces connections closed anyway
    }
    try {
      admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
    } catch (Exception e) {
      System.err.println("could not drop test database " + database + ": " + e.getMessage());
    }
    RedisClient client = RedisClient.create(REDIS_URL);
    try (var connection = client.connect()) {
      var commands = connection.sync();
      ScanCursor cursor = ScanCursor.INITIAL;
      do {
        KeyScanCursor<String> page = commands.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
        if (!page.getKeys().isEmpty()) {
          commands.del(page.getKeys().toArray(new String[0]));
        }
        cursor = page;
      } while (!cursor.isFinished());
    } catch (Exception e) {
      System.err.println("could not clean Redis keys " + prefix + "*: " + e.getMessage());
    } finally {
      client.shutdown();
    }
  }

  private static String env(String key, String fallback) {
    String value = System.getenv(key);
    return value == null || value.isBlank() ? fallback : value;
  }
}
