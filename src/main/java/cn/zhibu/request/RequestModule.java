package cn.zhibu.request;

import cn.zhibu.org.OrgDirectory;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.RateLimiter;
import cn.zhibu.platform.Redis;
import cn.zhibu.points.Points;
import cn.zhibu.wechat.WeChatClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** Builds the requests feature. */
public final class RequestModule {
  public final RequestRoutes routes;
  public final RequestReports reports;

  public RequestModule(Vertx vertx, Pool pool, Redis redis, Scope scope, OrgDirectory orgs, WeChatClient wechat,
      Points points, String categories, java.util.Set<String> boardHidden, Clock clock) {
    this.reports = new RequestReports(vertx, pool, scope, clock, boardHidden);
    Categories configured = new Categories(categories);
    this.routes = new RequestRoutes(new RequestService(pool, new RequestRepository(pool), scope, orgs, wechat, new RateLimiter(redis), points,
        configured, clock), reports, configured.listed(boardHidden));
  }

  /** Flags and escalates overdue requests; safe to run on every instance. */
  public Future<Integer> sweepOverdue() {
    return reports.sweepOverdue();
  }
}
