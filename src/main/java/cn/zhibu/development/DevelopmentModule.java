package cn.zhibu.development;

import cn.zhibu.auth.Sessions;
import cn.zhibu.org.Scope;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** Builds the 发展党员 feature. */
public final class DevelopmentModule {
  public final DevelopmentRoutes routes;

  public DevelopmentModule(Pool pool, Scope scope, Sessions sessions, Clock clock) {
    this.routes = new DevelopmentRoutes(new DevelopmentService(pool, scope, sessions, clock));
  }
}
