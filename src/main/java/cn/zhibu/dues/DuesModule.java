package cn.zhibu.dues;

import cn.zhibu.org.Scope;
import cn.zhibu.platform.Exports;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** Builds the 党费 feature. */
public final class DuesModule {
  public final DuesRoutes routes;

  public DuesModule(Vertx vertx, Pool pool, Exports exports, Scope scope, Clock clock) {
    this.routes = new DuesRoutes(vertx, new DuesService(vertx, pool, exports, scope, clock), clock);
  }
}
