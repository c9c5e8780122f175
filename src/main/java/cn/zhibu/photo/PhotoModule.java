package cn.zhibu.photo;

import cn.zhibu.platform.RateLimiter;
import cn.zhibu.platform.Redis;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** Builds the photo feature. */
public final class PhotoModule {
  /** The largest body POST /photos takes (the router's own limit is smaller). */
  public static final int MAX_BYTES = Photos.MAX_BYTES;
  public final PhotoRoutes routes;

  public PhotoModule(io.vertx.core.Vertx vertx, Pool pool, Redis redis, cn.zhibu.wechat.WeChatClient wechat,
      cn.zhibu.platform.Config config, Clock clock) {
    PhotoRepository repository = new PhotoRepository(pool);
    MediaChecks checks = new MediaChecks(repository, wechat, config.jwtSecret(), config.wechatMessageToken(), clock);
    this.routes = new PhotoRoutes(new Photos(vertx, repository, checks, new RateLimiter(redis), clock), checks,
        config.publicUrl());
  }
}
