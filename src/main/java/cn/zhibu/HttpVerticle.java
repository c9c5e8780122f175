package cn.zhibu;

import cn.zhibu.auth.Authenticator;
import cn.zhibu.auth.Caller;
import cn.zhibu.photo.PhotoModule;
import cn.zhibu.platform.ApiRouter;
import cn.zhibu.platform.BenchRoutes;
import cn.zhibu.platform.BinaryBodies;
import cn.zhibu.platform.ClientAddress;
import cn.zhibu.platform.Config;
import cn.zhibu.platform.Contract;
import cn.zhibu.platform.Database;
import cn.zhibu.platform.ExportAudit;
import cn.zhibu.platform.Health;
import cn.zhibu.platform.MetricsGate;
import cn.zhibu.platform.Problems;
import cn.zhibu.platform.Redis;
import cn.zhibu.platform.RequestIds;
import cn.zhibu.platform.TextGuard;
import cn.zhibu.platform.UploadGuard;
import cn.zhibu.wechat.WeChatClient;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP server instance on one event loop (deployed once per core, all on the same port, as in the
 * TechEmpower Vert.x benchmarks): its own features, router and handle on the shared PostgreSQL pool.
 */
final class HttpVerticle extends VerticleBase {
  static final long MAX_BODY_BYTES = 2L * 1024 * 1024;
  static final long MAX_ANONYMOUS_BODY_BYTES = 64L * 1024;
  static final long MAX_ATTACHMENT_BYTES = 10L * 1024 * 1024 + 1;
  private final Config config;
  private final Redis redis;
  private final PrometheusMeterRegistry metrics;
  private final Clock clock;
  private final String poolName;
  private final int port;
  private final Features.Shared shared;
  private Pool pool;
  private WeChatClient wechat;
  private HttpServer server;

  HttpVerticle(Config config, Redis redis, Features.Shared shared, PrometheusMeterRegistry metrics, Clock clock,
      String poolName, int port) {
    this.shared = shared;
    this.config = config;
    this.redis = redis;
    this.metrics = metrics;
    this.clock = clock;
    this.poolName = poolName;
    this.port = port;
  }

  @Override
  public Future<?> start() {
    pool = Database.pool(vertx, config, poolName);
    wechat = new WeChatClient(vertx, redis, config, 2_500);
    Features features = new Features(vertx, config, pool, redis, wechat, shared, clock);
    // The root org exists (the process made it before deploying this); this instance learns its id.
    return features.org.directory.ensureRoot("学校党委")
        .map(root -> routes(shared.contract(),
            shared.contract().router(vertx, Authenticator.REQUIRED, features.handlers), features))
        .compose(router -> vertx.createHttpServer(new HttpServerOptions()
                .setIdleTimeout((int) config.uploads().idle().toSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS))
            .requestHandler(router).listen(port, config.httpHost()))
        .onSuccess(s -> server = s);
  }

  int port() {
    return server.actualPort();
  }

  private Router routes(Contract contract, ApiRouter api, Features features) {
    Router router = Router.router(vertx);
    Health health = new Health(pool, redis);
    Problems problems = new Problems();
    router.route().handler(new RequestIds());
    router.route().handler(new ClientAddress(config.trustedProxies()));
    // The web console: static files from the jar; no inline scripts, nothing from other origins. Photos need the
    // bearer token, so the console fetches them and shows them from memory: blob: images are its own.
    router.getWithRegex("^/console$").handler(ctx -> ctx.redirect("/console/"));
    router.route("/console/*").handler(ctx -> {
      ctx.response().putHeader("Content-Security-Policy",
          "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
      ctx.next();
    }).handler(StaticHandler.create("console").setMaxAgeSeconds(300));
    // The contract rendered (Redoc, vendored): inline styles and a blob worker for search, nothing from elsewhere.
    router.getWithRegex("^/docs$").handler(ctx -> ctx.redirect("/docs/"));
    router.route("/docs/*").handler(ctx -> {
      ctx.response().putHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; "
          + "style-src 'self' 'unsafe-inline'; worker-src 'self' blob:; frame-ancestors 'none'");
      ctx.next();
    }).handler(StaticHandler.create("docs").setMaxAgeSeconds(3600));
    router.get("/health/live").handler(health::live);
    router.get("/health/ready").handler(health::ready);
    router.get("/metrics").handler(new MetricsGate(config.metricsToken())).handler(ctx -> ctx.response()
        .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
    if (config.bench()) {
      new BenchRoutes(pool, redis).mount(router);
    }
    router.get("/api-spec/openapi.yaml").handler(ctx -> ctx.response()
        .putHeader("Content-Type", "application/yaml; charset=utf-8").end(contract.source()));
    // The token is checked first, with the body paused (Authenticator), so that the body's size can depend on who
    // sends it: meeting files and photos (10 MB) only for a caller, within the upload guard's slots and deadline;
    // other bodies 2 MB for a caller and 64 KB for anyone else (login, refresh and tickets are tiny).
    router.route("/api/v1/*").handler(features.auth.authenticator);
    UploadGuard uploads = new UploadGuard(shared.uploadsReading(), config.uploads(), Authenticator::missingCaller);
    router.post("/api/v1/events/:id/attachments").handler(uploads);
    router.post("/api/v1/events/:id/attachments").handler(uploadBodies(MAX_ATTACHMENT_BYTES));
    router.post("/api/v1/photos").handler(uploads);
    router.post("/api/v1/photos").handler(uploadBodies(PhotoModule.MAX_BYTES + 1));
    BodyHandler callers = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
    BodyHandler anonymous = BodyHandler.create(false).setBodyLimit(MAX_ANONYMOUS_BODY_BYTES);
    router.route("/api/v1/*").handler(ctx -> (ctx.get("caller") != null ? callers : anonymous).handle(ctx));
    router.post("/api/v1/events/:id/attachments").handler(new BinaryBodies());
    router.post("/api/v1/photos").handler(new BinaryBodies());
    router.route("/api/v1/*").handler(new TextGuard());
    router.route("/api/v1/*").handler(new ExportAudit(pool, ctx -> ctx.get("caller") == null ? null
        : Caller.of(ctx).personId()));
    api.mount(router.route("/api/v1/*"), problems);
    router.route().failureHandler(problems);
    for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
      router.errorHandler(status, problems);
    }
    return router;
  }

  /**
   * The body of an upload route: a raw file, or a multipart form from wx.uploadFile whose file goes to a temporary
   * directory of its own and is deleted when the request ends.
   */
  private static BodyHandler uploadBodies(long limit) {
    return BodyHandler.create(UPLOADS_DIR).setBodyLimit(limit).setDeleteUploadedFilesOnEnd(true)
        .setMergeFormAttributes(false);
  }

  static final String UPLOADS_DIR = System.getProperty("java.io.tmpdir") + "/zhibu-uploads";

  /** Stops taking requests and lets in-flight ones finish (up to 10 s), then lets go of the pool. */
  @Override
  public Future<?> stop() {
    Future<Void> http = server == null ? Future.succeededFuture() : server.shutdown(10, TimeUnit.SECONDS);
    return http.transform(ar -> pool == null ? Future.succeededFuture() : pool.close())
        .andThen(ar -> {
          if (wechat != null) {
            wechat.close();
          }
        });
  }
}
