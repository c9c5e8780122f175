package cn.zhibu.development;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Sessions;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.Spreadsheet;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Consumer;

/** Builds the 发展党员 feature. */
public final class DevelopmentModule {
  public final DevelopmentRoutes routes;
  private final DevelopmentService development;

  public DevelopmentModule(Pool pool, Scope scope, Sessions sessions, Clock clock) {
    this.development = new DevelopmentService(pool, scope, sessions, clock);
    this.routes = new DevelopmentRoutes(development);
  }

  /** The development roster as a sheet of a workbook another feature writes (the 台账 pack). */
  public Future<Consumer<Spreadsheet>> rosterSheet(Caller caller, UUID orgId, String name, String title) {
    return development.rosterSheet(caller, orgId, name, title);
  }
}
