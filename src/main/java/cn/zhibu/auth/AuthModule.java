package cn.zhibu.auth;

import cn.zhibu.platform.Config;
import cn.zhibu.platform.RateLimiter;
import cn.zhibu.platform.Redis;
import cn.zhibu.wechat.WeChatClient;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** Builds the auth feature from its dependencies; the verticle only calls this. */
public final class AuthModule {
  public final Sessions sessions;
  public final Authenticator authenticator;
  public final AuthRoutes routes;
  private final AuthService service;

  public AuthModule(Config config, Pool pool, Redis redis, WeChatClient wechat, SessionCache cache) {
    AccessTokens tokens = new AccessTokens(config.jwtSecret(), config.accessTokenTtl(), Clock.systemUTC());
    this.sessions = new Sessions(pool, redis, tokens, config.refreshTokenTtl(), cache);
    this.authenticator = new Authenticator(sessions);
    RateLimiter limiter = new RateLimiter(redis);
    this.service = new AuthService(wechat, new AccountRepository(pool), sessions, limiter,
        config.bootstrapAdminOpenIds(), config.loginsPerMinutePerAddress(), config.loginFailuresPerMinutePerAddress(),
        pool);
    this.routes = new AuthRoutes(service, new WebTickets(redis, pool, sessions, wechat, limiter, Clock.systemUTC()));
  }

  /** Lets /me show this year's approved volunteer hours. */
  public void countVolunteerWith(java.util.function.Function<Caller, io.vertx.core.Future<Double>> counter) {
    service.countVolunteerWith(counter);
  }

  /** Lets /me show this year's study hours from the courses feature. */
  public void countStudyWith(java.util.function.Function<Caller, io.vertx.core.Future<Double>> counter) {
    service.countStudyWith(counter);
  }

  /** Lets /me show unread notices once the notices feature exists. */
  public void countUnreadWith(java.util.function.Function<Caller, io.vertx.core.Future<Long>> counter) {
    service.countUnreadWith(counter);
  }
}
