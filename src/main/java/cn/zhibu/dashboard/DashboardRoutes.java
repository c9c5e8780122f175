package cn.zhibu.dashboard;

import cn.zhibu.auth.Caller;
import cn.zhibu.compliance.ComplianceService;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.Input;
import cn.zhibu.platform.Operations;
import cn.zhibu.platform.Respond;
import cn.zhibu.request.RequestReports;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.Map;

/** The dashboard the web console charts. */
public final class DashboardRoutes implements Operations {
  private final io.vertx.core.Vertx vertx;
  private final DashboardService dashboard;
  private final LedgerPack ledger;

  public DashboardRoutes(io.vertx.core.Vertx vertx, Pool pool, cn.zhibu.platform.Exports exports, Scope scope,
      ComplianceService compliance, RequestReports requests, Clock clock, java.util.List<PackSheet> packSheets) {
    this.vertx = vertx;
    this.dashboard = new DashboardService(new DashboardRepository(pool), scope, compliance, requests, clock);
    this.ledger = new LedgerPack(vertx, exports, scope, compliance, clock, packSheets);
  }

  @Override
  public Map<String, Handler<RoutingContext>> handlers() {
    return Map.of("getLedgerPack", ctx -> Respond.spreadsheetFile(ctx, "ledger.xlsx", ledger.workbook(Caller.of(ctx),
            Input.id(ctx, "id"), Input.query(ctx, "from"), Input.query(ctx, "to"))),
        "getDashboard", ctx -> {
      var figures = dashboard.dashboard(Caller.of(ctx), Input.id(ctx, "id"), Input.queryInteger(ctx, "year"));
      if (Input.wantsSpreadsheet(ctx)) {
        Respond.spreadsheet(ctx, "dashboard.xlsx", figures.compose(d -> vertx.executeBlocking(() -> DashboardSheet.xlsx(d),
            false)));
      } else {
        Respond.with(ctx, figures);
      }
    });
  }
}
