package cn.zhibu.statistics;

import cn.zhibu.auth.Caller;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.Input;
import cn.zhibu.platform.Operations;
import cn.zhibu.platform.Respond;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.Map;

/** Builds 党内统计. */
public final class StatisticsModule implements Operations {
  private final StatisticsService statistics;

  public StatisticsModule(Vertx vertx, Pool pool, Scope scope, Clock clock) {
    this.statistics = new StatisticsService(vertx, new StatisticsRepository(pool), scope, clock);
  }

  @Override
  public Map<String, Handler<RoutingContext>> handlers() {
    return Map.of("getStatistics", ctx -> {
      if (Input.wantsSpreadsheet(ctx)) {
        Respond.spreadsheet(ctx, "statistics.xlsx", statistics.spreadsheet(Caller.of(ctx), Input.id(ctx, "id"),
            Input.query(ctx, "date")));
      } else {
        Respond.with(ctx, statistics.report(Caller.of(ctx), Input.id(ctx, "id"), Input.query(ctx, "date")));
      }
    });
  }
}
