package cn.zhibu;

import cn.zhibu.auth.AuthModule;
import cn.zhibu.auth.Authenticator;
import cn.zhibu.checkin.CheckinModule;
import cn.zhibu.course.CourseModule;
import cn.zhibu.dashboard.DashboardRoutes;
import cn.zhibu.demo.DemoSchool;
import cn.zhibu.org.OrgModule;
import cn.zhibu.points.Boards;
import cn.zhibu.notice.NoticeModule;
import cn.zhibu.notice.PushWorker;
import cn.zhibu.points.PointsModule;
import cn.zhibu.request.RequestModule;
import cn.zhibu.volunteer.VolunteerModule;
import cn.zhibu.platform.BenchRoutes;
import cn.zhibu.platform.ClientAddress;
import cn.zhibu.platform.Config;
import cn.zhibu.platform.Contract;
import cn.zhibu.platform.Database;
import cn.zhibu.platform.ExportAudit;
import cn.zhibu.platform.Health;
import cn.zhibu.platform.Problems;
import cn.zhibu.platform.Redis;
import cn.zhibu.platform.RequestIds;
import cn.zhibu.platform.TextGuard;
import cn.zhibu.wechat.FakeWeChat;
import cn.zhibu.wechat.WeChatClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires config → pools → features → router → listen. It does no work of its own. */
public final class ZhibuVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ZhibuVerticle.class);
  static final long MAX_BODY_BYTES = 2L * 1024 * 1024;
  private final Config initial;
  private final PrometheusMeterRegistry metrics;
  private final Clock clock;
  private Config config;
  private Pool pool;
  private Redis redis;
  private WeChatClient wechat;
  private FakeWeChat fake;
  private HttpServer server;
  private Boards boards;
  private long boardsTimer = -1;
  private RequestModule requests;
  private long overdueTimer = -1;
  private PushWorker pushWorker;
  private long pushTimer = -1;
  private boolean draining;

  public ZhibuVerticle(Config config, PrometheusMeterRegistry metrics, Clock clock) {
    this.initial = config;
    this.metrics = metrics;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    return startFakeWeChatIfAsked()
        .compose(v -> Database.start(vertx, config)).andThen(ar -> pool = ar.result())
        .compose(v -> Redis.connect(vertx, config)).andThen(ar -> redis = ar.result())
        .compose(v -> {
          wechat = new WeChatClient(vertx, redis, config, 2_500);
          AuthModule auth = new AuthModule(config, pool, redis, wechat);
          OrgModule org = new OrgModule(vertx, pool, auth.sessions);
          PointsModule points = new PointsModule(pool, redis, org.directory, org.scope, clock,
              config.leaderboardNamesEverywhere());
          boards = points.boards;
          CheckinModule checkin = new CheckinModule(vertx, pool, redis, org.scope, wechat, points.points, clock);
          Map<String, Handler<RoutingContext>> handlers = new HashMap<>();
          handlers.putAll(auth.routes.handlers());
          handlers.putAll(org.routes.handlers());
          handlers.putAll(checkin.routes.handlers());
          handlers.putAll(points.routes.handlers());
          requests = new RequestModule(vertx, pool, redis, org.scope, org.directory, wechat, points.points,
              config.requestCategories(), config.boardHiddenCategories(), clock);
          handlers.putAll(requests.routes.handlers());
          NoticeModule notices = new NoticeModule(vertx, pool, redis, org.scope, org.directory, wechat, points.points,
              config.noticeTemplateId(), config.requestTemplateId(), clock);
          pushWorker = notices.worker;
          auth.countUnreadWith(notices::unreadFor);
          handlers.putAll(notices.routes.handlers());
          CourseModule courses = new CourseModule(vertx, pool, redis, org.scope, org.directory, points.points, clock);
          handlers.putAll(courses.routes.handlers());
          handlers.putAll(new DashboardRoutes(vertx, pool, org.scope, checkin.compliance, requests.reports, clock).handlers());
          VolunteerModule volunteer = new VolunteerModule(vertx, pool, org.scope, org.directory, points.points, clock);
          handlers.putAll(volunteer.routes.handlers());
          auth.countVolunteerWith(caller -> volunteer.records.approvedHours(caller.personId(),
              clock.instant().atZone(cn.zhibu.platform.Times.SCHOOL_ZONE).getYear()));
          auth.countStudyWith(caller -> courses.reports.hours(caller.personId(),
              clock.instant().atZone(cn.zhibu.platform.Times.SCHOOL_ZONE).getYear()));
          return org.directory.ensureRoot("学校党委")
              .compose(root -> config.demo() ? new DemoSchool(pool, root).seed() : Future.succeededFuture())
              .compose(v2 -> points.boards.rebuildIfNeeded())
              .compose(v2 -> config.bench() ? new BenchRoutes(pool, redis).prepare() : Future.succeededFuture())
              .compose(v2 -> Contract.load(vertx))
              .compose(contract -> contract.router(vertx, Authenticator.REQUIRED, handlers)
                  .map(api -> routes(contract, api, auth)));
        })
        .compose(router -> vertx.createHttpServer().requestHandler(router).listen(config.httpPort(), config.httpHost()))
        .onSuccess(s -> {
          server = s;
          // Redis is a cache of the ledger: notice a flush or a failed update and rebuild the boards.
          boardsTimer = vertx.setPeriodic(30_000, t -> boards.rebuildIfNeeded());
          overdueTimer = vertx.setPeriodic(60_000, t -> requests.sweepOverdue());
          if (config.pushPollMillis() > 0) {
            pushTimer = vertx.setPeriodic(config.pushPollMillis(), t -> drainOnce());
          }
          LOG.info("zhibu listening on port {} (dev={}, wechat={})", s.actualPort(), config.dev(), config.wechatBaseUrl());
        });
  }

  private Router routes(Contract contract, Router api, AuthModule auth) {
    Router router = Router.router(vertx);
    Health health = new Health(pool, redis);
    Problems problems = new Problems();
    router.route().handler(new RequestIds());
    router.route().handler(new ClientAddress(config.trustedProxies()));
    // The web console: static files from the jar; no inline scripts, nothing from other origins.
    router.getWithRegex("^/console$").handler(ctx -> ctx.redirect("/console/"));
    router.route("/console/*").handler(ctx -> {
      ctx.response().putHeader("Content-Security-Policy",
          "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
      ctx.next();
    }).handler(StaticHandler.create("console").setMaxAgeSeconds(300));
    router.get("/health/live").handler(health::live);
    router.get("/health/ready").handler(health::ready);
    router.get("/metrics").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
    if (config.bench()) {
      new BenchRoutes(pool, redis).mount(router);
    }
    router.get("/api-spec/openapi.yaml").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/yaml; charset=utf-8").end(contract.source()));
    // The body is read before anything asynchronous runs (the authenticator asks Redis), or it is lost.
    router.route("/api/v1/*").handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
    router.route("/api/v1/*").handler(new TextGuard());
    router.route("/api/v1/*").handler(new ExportAudit(pool, ctx -> ctx.get("caller") == null ? null
        : cn.zhibu.auth.Caller.of(ctx).personId()));
    router.route("/api/v1/*").handler(auth.authenticator);
    router.route("/api/v1/*").subRouter(api);
    router.route().failureHandler(problems);
    api.route().failureHandler(problems);
    for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
      router.errorHandler(status, problems);
    }
    return router;
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

  /** One drain at a time per instance; other instances drain alongside (the outbox is claimed safely). */
  private void drainOnce() {
    if (!draining) {
      draining = true;
      pushWorker.drain().onComplete(ar -> draining = false);
    }
  }

  /** Drains the push outbox now (tests; the timer does this every ZHIBU_PUSH_POLL_MS). */
  public Future<Integer> drainPushOutbox() {
    return pushWorker.drain();
  }

  /** Runs the overdue sweep now (it also runs every minute). */
  public Future<Integer> sweepOverdueRequests() {
    return requests.sweepOverdue();
  }

  /** The port actually bound (tests ask for port 0). */
  public int port() {
    return server.actualPort();
  }

  /** The running fake WeChat, when the config asked for one. */
  public FakeWeChat fakeWeChat() {
    return fake;
  }

  /** Stops taking requests, lets in-flight ones finish, then closes the pools. */
  @Override
  public Future<?> stop() {
    vertx.cancelTimer(boardsTimer);
    vertx.cancelTimer(overdueTimer);
    vertx.cancelTimer(pushTimer);
    Future<Void> http = server == null ? Future.succeededFuture() : server.shutdown(10, java.util.concurrent.TimeUnit.SECONDS);
    return http.transform(ar -> Future.join(
            pool == null ? Future.succeededFuture() : pool.close(),
            redis == null ? Future.succeededFuture() : redis.close(),
            fake == null ? Future.succeededFuture() : fake.stop()))
        .andThen(ar -> {
          if (wechat != null) {
            wechat.close();
          }
        });
  }

}
