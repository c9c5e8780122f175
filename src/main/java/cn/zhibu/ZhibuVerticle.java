package cn.zhibu;

import cn.zhibu.demo.DemoSchool;
import cn.zhibu.platform.BenchRoutes;
import cn.zhibu.platform.Config;
import cn.zhibu.platform.Database;
import cn.zhibu.platform.Redis;
import cn.zhibu.wechat.FakeWeChat;
import cn.zhibu.wechat.WeChatClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process: migrations, the root org and demo data, the background jobs (once per process), and one
 * {@link HttpVerticle} per core serving HTTP on the same port. It wires; the features do the work.
 */
public final class ZhibuVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ZhibuVerticle.class);
  private final Config initial;
  private final PrometheusMeterRegistry metrics;
  private final Clock clock;
  private Config config;
  private Pool pool;
  private Redis redis;
  private WeChatClient wechat;
  private FakeWeChat fake;
  private cn.zhibu.wechatpay.FakeWeChatPay fakePay;
  private cn.zhibu.wechatpay.PaySettings paySettings;
  private Features jobs;
  private Features.Shared shared;
  private BackgroundJobs timers;
  private int port;

  public ZhibuVerticle(Config config, PrometheusMeterRegistry metrics, Clock clock) {
    this.initial = config;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    String poolName = "zhibu-pg-" + UUID.randomUUID();
    return startFakeWeChatIfAsked()
        .compose(v -> startWeChatPay())
        .compose(v -> Database.migrate(vertx, config))
        .compose(v -> Redis.connect(vertx, config)).andThen(ar -> redis = ar.result())
        // News of changes from other processes (ended sessions, roles, events) reaches this one's instances.
        .compose(v -> cn.zhibu.platform.Contract.load(vertx))
        .compose(contract -> {
          shared = Features.Shared.of(vertx, redis, paySettings, contract);
          return shared.changes().listen();
        })
        .compose(v -> {
          pool = Database.pool(vertx, config, poolName);
          wechat = new WeChatClient(vertx, redis, config, 2_500);
          jobs = new Features(vertx, config, pool, redis, wechat, shared, clock);
          return jobs.org.directory.ensureRoot("学校党委");
        })
        .compose(root -> config.demo() ? new DemoSchool(pool, root).seed() : Future.succeededFuture())
        // Boards lost with Redis are rebuilt in the background (into fresh keys, swapped in when done): the server
        // serves meanwhile instead of waiting 8 s for a school of 40,000; boards read empty until then.
        .onSuccess(v -> jobs.boards.rebuildIfNeeded())
        .compose(v -> config.bench() ? new BenchRoutes(pool, redis).prepare() : Future.succeededFuture())
        // Port 0 (tests) becomes a negative port: Vert.x binds one random port that all instances given the same
        // negative number share; a number of its own per process, so a twin in the same JVM gets another.
        .compose(v -> deployHttp(poolName, config.httpPort() != 0 ? config.httpPort()
            : -1 - java.util.concurrent.ThreadLocalRandom.current().nextInt(1_000_000), config.httpInstances()))
        .onSuccess(v -> {
          if (fakePay != null) {
            // the fake's notifications reach this process, whatever public URL the orders name
            fakePay.deliverTo("http://127.0.0.1:" + port);
          }
          timers = new BackgroundJobs(vertx, metrics, jobs.boards, jobs.requests, jobs.pushWorker, jobs.minuteJobs,
              config.pushPollMillis());
          LOG.info("zhibu listening on {}:{} with {} HTTP instances (dev={}, wechat={})", config.httpHost(), port,
              config.httpInstances(), config.dev(), config.wechatBaseUrl());
        });
  }

  private Future<Void> deployHttp(String poolName, int onPort, int instances) {
    HttpVerticle[] first = new HttpVerticle[1];
    return vertx.deployVerticle(() -> {
      HttpVerticle verticle = new HttpVerticle(config, redis, shared, metrics, clock, poolName, onPort);
      first[0] = first[0] == null ? verticle : first[0];
      return verticle;
    }, new DeploymentOptions().setInstances(instances)).map(id -> {
      port = first[0].port();
      return null;
    });
  }

  private Future<Void> startFakeWeChatIfAsked() {
    if (!initial.fakeWechat()) {
      config = initial;
      return Future.succeededFuture();
    }
    fake = new FakeWeChat(vertx, initial.wechatAppId(), initial.wechatSecret());
    return fake.start(0).map(url -> {
      LOG.warn("dev mode: using the built-in fake WeChat at {}", url);
      config = initial.withWechatBaseUrl(url);
      return null;
    });
  }

  /**
   * The school's WeChat Pay: off; the built-in fake (dev: keys made for this run, the fake given the merchant's
   * public key as WeChat Pay is given its certificate); or the real one with the merchant's key files, read once.
   */
  private Future<Void> startWeChatPay() {
    Config.Pay pay = config.pay();
    if (!pay.enabled()) {
      return Future.succeededFuture();
    }
    if (pay.fake()) {
      java.security.KeyPair merchant = cn.zhibu.wechatpay.PaySignatures.rsaKeyPair();
      byte[] apiV3Key = cn.zhibu.wechatpay.PaySignatures.nonce().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      fakePay = new cn.zhibu.wechatpay.FakeWeChatPay(vertx, config.wechatAppId(), merchant.getPublic(), apiV3Key);
      return fakePay.start(0).map(url -> {
        LOG.warn("dev mode: using the built-in fake WeChat Pay at {}", url);
        paySettings = new cn.zhibu.wechatpay.PaySettings(url, config.wechatAppId(),
            cn.zhibu.wechatpay.FakeWeChatPay.MCHID, cn.zhibu.wechatpay.FakeWeChatPay.SERIAL, merchant.getPrivate(),
            fakePay.platformKey(), apiV3Key, pay.notifyUrl());
        return null;
      });
    }
    return Future.all(vertx.fileSystem().readFile(pay.privateKeyFile()), vertx.fileSystem().readFile(pay.platformKeyFile()))
        .map(keys -> {
          paySettings = new cn.zhibu.wechatpay.PaySettings(pay.baseUrl(), config.wechatAppId(), pay.mchid(), pay.serial(),
              cn.zhibu.wechatpay.PaySignatures.privateKey(keys.<io.vertx.core.buffer.Buffer>resultAt(0).toString()),
              cn.zhibu.wechatpay.PaySignatures.publicKey(keys.<io.vertx.core.buffer.Buffer>resultAt(1).toString()),
              pay.apiV3Key().getBytes(java.nio.charset.StandardCharsets.UTF_8), pay.notifyUrl());
          return null;
        });
  }

  /** The running fake WeChat Pay, when the config asked for one. */
  public cn.zhibu.wechatpay.FakeWeChatPay fakeWeChatPay() {
    return fakePay;
  }

  /** Drains the push outbox now (tests; the timer does this every ZHIBU_PUSH_POLL_MS). */
  public Future<Integer> drainPushOutbox() {
    return jobs.pushWorker.drain();
  }

  /** Runs the overdue sweep now (it also runs every minute). */
  public Future<Integer> sweepOverdueRequests() {
    return jobs.requests.sweepOverdue();
  }

  /** Queues the reminders due now (the jobs do this every minute). */
  public Future<Integer> runReminders() {
    return jobs.runMinuteJobs();
  }

  /** The port actually bound (tests ask for port 0). */
  public int port() {
    return port;
  }

  /** The running fake WeChat, when the config asked for one. */
  public FakeWeChat fakeWeChat() {
    return fake;
  }

  /** The HTTP instances (deployed from here) stop first; then the jobs, the pools and the fake. */
  @Override
  public Future<?> stop() {
    if (timers != null) {
      timers.cancel();
    }
    return Future.join(
            pool == null ? Future.succeededFuture() : pool.close(),
            redis == null ? Future.succeededFuture() : redis.close(),
            fake == null ? Future.succeededFuture() : fake.stop(),
            fakePay == null ? Future.succeededFuture() : fakePay.stop())
        .andThen(ar -> {
          if (wechat != null) {
            wechat.close();
          }
        });
  }
}
