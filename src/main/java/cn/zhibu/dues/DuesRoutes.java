package cn.zhibu.dues;

import cn.zhibu.auth.Caller;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Input;
import cn.zhibu.platform.Operations;
import cn.zhibu.platform.Respond;
import cn.zhibu.platform.Times;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;

/** The 党费 operations of the contract. */
public final class DuesRoutes implements Operations {
  private final Vertx vertx;
  private final DuesService dues;
  private final DuesOrders orders;
  private final DuesFunds funds;
  private final DuesReconciliation reconciliation;
  private final Clock clock;

  DuesRoutes(Vertx vertx, DuesService dues, DuesOrders orders, DuesFunds funds, DuesReconciliation reconciliation,
      Clock clock) {
    this.reconciliation = reconciliation;
    this.vertx = vertx;
    this.dues = dues;
    this.orders = orders;
    this.funds = funds;
    this.clock = clock;
  }

  private int year(RoutingContext ctx) {
    return Input.queryInt(ctx, "year", LocalDate.now(clock.withZone(Times.SCHOOL_ZONE)).getYear());
  }

  @Override
  public Map<String, Handler<RoutingContext>> handlers() {
    Map<String, Handler<RoutingContext>> handlers = new java.util.HashMap<>(Map.of(
        "createDuesOrder", ctx -> Respond.with(ctx, 201, orders.place(Caller.of(ctx), actor(ctx),
            Input.body(ctx).getJsonArray("months").stream().map(String::valueOf).toList())),
        "recordDuesFund", ctx -> Respond.with(ctx, 201, funds.record(Caller.of(ctx), actor(ctx), Input.id(ctx, "id"),
            Input.body(ctx, DuesFunds.Draft.class))),
        "getDuesReconciliation", ctx -> Respond.with(ctx, reconciliation.of(Caller.of(ctx), Input.id(ctx, "id"),
            Input.query(ctx, "date"))),
        "getDuesFunds", ctx -> Respond.with(ctx, funds.year(Caller.of(ctx), Input.id(ctx, "id"),
            Input.queryInteger(ctx, "year"))),
        "getDuesOrder", ctx -> Respond.with(ctx, orders.get(Caller.of(ctx), Input.id(ctx, "id"))),
        // WeChat Pay's notification: 204 once recorded (or a repeat); 401 with nothing recorded when not WeChat Pay's
        "receiveWeChatPayNotification", ctx -> Respond.noContent(ctx, orders.notified(ctx.request().headers(),
            ctx.body().asString()))));
    handlers.putAll(Map.of(
        "getDuesRules", ctx -> Respond.with(ctx, dues.rules()),
        "setDuesBases", ctx -> {
          JsonObject body = Input.body(ctx);
          Respond.with(ctx, dues.setBases(Caller.of(ctx), actor(ctx), Input.id(ctx, "id"), body.getInteger("year"),
              body.getJsonArray("entries")));
        },
        "recordDuesPayment", ctx -> {
          JsonObject body = Input.body(ctx);
          Respond.with(ctx, 201, dues.pay(Caller.of(ctx), actor(ctx), Input.id(ctx, "id"),
              java.util.UUID.fromString(body.getString("personId")), body.getJsonArray("months").getList(),
              body.getInteger("amountFen")));
        },
        "getDuesLedger", ctx -> {
          if (Input.wantsSpreadsheet(ctx)) {
            int year = year(ctx);
            Respond.spreadsheetFile(ctx, "dues-" + year + ".xlsx", dues.ledgerSheet(Caller.of(ctx),
                Input.id(ctx, "id"), year));
          } else {
            Respond.with(ctx, dues.ledger(Caller.of(ctx), Input.id(ctx, "id"), year(ctx)));
          }
        },
        "getMyDues", ctx -> Respond.with(ctx, dues.mine(Caller.of(ctx), year(ctx)))));
    return handlers;
  }

  private static Audit.Actor actor(RoutingContext ctx) {
    return Audit.Actor.of(ctx, Caller.of(ctx).personId());
  }
}
