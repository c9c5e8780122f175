package cn.zhibu.dues;

import cn.zhibu.auth.Caller;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.Exports;
import cn.zhibu.platform.WorkbookExport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.UUID;

/** Builds the 党费 feature. */
public final class DuesModule {
  public final DuesRoutes routes;
  private final DuesService dues;
  private final DuesOrders orders;
  private final DuesFunds funds;

  /** {@code pay}: the school's WeChat Pay, or null when it has none (orders are then refused, 503). */
  public DuesModule(Vertx vertx, Pool pool, Exports exports, Scope scope, cn.zhibu.wechatpay.WeChatPayClient pay,
      Clock clock) {
    this.dues = new DuesService(vertx, pool, exports, scope, clock);
    DuesOrderRepository orderRepository = new DuesOrderRepository(pool);
    this.orders = new DuesOrders(pool, orderRepository, new DuesRepository(pool), dues, pay, clock);
    this.funds = new DuesFunds(pool, new DuesFundRepository(pool), scope, clock);
    this.routes = new DuesRoutes(vertx, dues, orders, funds, new DuesReconciliation(orderRepository, pay, scope, clock),
        clock);
  }

  /** Refunds to send and stale orders to close (a minute job). */
  public Future<Integer> tidyOrders() {
    return orders.tidy();
  }

  /** The year's 党费收支 as a sheet of the 台账 pack. */
  public Future<java.util.function.Consumer<cn.zhibu.platform.Spreadsheet>> fundsSheet(Caller caller, UUID orgId,
      int year, String name, String title) {
    return funds.sheet(caller, orgId, year, name, title);
  }

  /** The year's dues ledger as a sheet of a workbook another feature writes (the 台账 pack). */
  public Future<Void> ledgerInto(Caller caller, UUID orgId, int year, WorkbookExport book, String sheet, String title) {
    return dues.ledgerInto(caller, orgId, year, book, sheet, title);
  }
}
