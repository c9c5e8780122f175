package cn.zhibu.points;

import cn.zhibu.org.OrgDirectory;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.Redis;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** Builds the points feature; other features award through {@link #points}. */
public final class PointsModule {
  public final Points points;
  public final Boards boards;
  public final PointsRoutes routes;

  public PointsModule(Pool pool, Redis redis, OrgDirectory orgs, Scope scope, Clock clock, boolean namesOutsideBranch) {
    this.boards = new Boards(pool, redis, orgs, clock);
    this.points = new Points(boards, clock);
    this.routes = new PointsRoutes(new PointsService(pool, new PointsRepository(pool), boards, points, scope, orgs, clock, namesOutsideBranch));
  }
}
