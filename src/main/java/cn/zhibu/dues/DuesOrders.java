package cn.zhibu.dues;

import cn.zhibu.auth.Caller;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Times;
import cn.zhibu.wechatpay.WeChatPayClient;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * 党费 paid on the phone with WeChat Pay. A member orders exactly the months they owe (fallen due, unpaid, not in
 * another open order) at the amount their bases give; the phone pays with the signed parameters; the payment is
 * recorded as an ordinary dues payment when WeChat Pay says it is paid — by its notification, or by a query when
 * the phone asks or the order is stale — once, whatever the number, order or concurrency of the notifications
 * (the order row is locked and moves from pending once). A month paid at the desk meanwhile makes the order a
 * refund through WeChat Pay's refund API, never a second payment. Orders not paid within two hours are closed.
 */
final class DuesOrders {
  private static final Logger LOG = LoggerFactory.getLogger(DuesOrders.class);
  static final Duration LIFETIME = Duration.ofHours(2);
  private final Pool pool;
  private final DuesOrderRepository orders;
  private final DuesRepository dues;
  private final DuesService service;
  private final WeChatPayClient pay;
  private final Clock clock;

  DuesOrders(Pool pool, DuesOrderRepository orders, DuesRepository dues, DuesService service, WeChatPayClient pay,
      Clock clock) {
    this.pool = pool;
    this.orders = orders;
    this.dues = dues;
    this.service = service;
    this.pay = pay;
    this.clock = clock;
  }

  /** {@code DuesOrder}: what was ordered and where it stands; {@code payment} only when just placed. */
  record Order(UUID orderId, String status, List<String> months, int amountFen, String createdAt, String paidAt,
      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
      WeChatPayClient.Payment payment) {
  }

  private Future<WeChatPayClient> client() {
    return pay == null ? Future.failedFuture(ApiException.unavailable("dues.online_payment_off",
        "This school has not set up WeChat Pay for 党费")) : Future.succeededFuture(pay);
  }

  Future<Order> place(Caller caller, Audit.Actor actor, List<String> asked) {
    List<String> months = List.copyOf(new LinkedHashSet<>(asked)).stream().sorted().toList();
    YearMonth now = YearMonth.now(clock.withZone(Times.SCHOOL_ZONE));
    for (String m : months) {
      YearMonth month;
      try {
        month = YearMonth.parse(m);
      } catch (RuntimeException e) {
        return Future.failedFuture(ApiException.unprocessable("dues.invalid_month", "Months are YYYY-MM: " + m));
      }
      if (month.isAfter(now)) {
        return Future.failedFuture(ApiException.unprocessable("dues.invalid_month",
            "Only months fallen due are paid: " + m + " is still ahead"));
      }
    }
    UUID id = UUID.randomUUID();
    String outTradeNo = id.toString().replace("-", "");
    return client().compose(c -> orders.payer(caller.personId())).compose(payer -> {
      if (payer == null || payer.orgId() == null || !("probationary".equals(payer.stage()) || "full".equals(payer.stage()))) {
        return Future.failedFuture(ApiException.forbidden("党费 are paid by party members on a branch's roster"));
      }
      if (payer.openid() == null) {
        return Future.failedFuture(ApiException.unprocessable("dues.no_wechat", "Log in with WeChat to pay in WeChat"));
      }
      return orders.paidOf(pool, caller.personId(), months).compose(paid -> !paid.isEmpty()
              ? Future.failedFuture(ApiException.conflict("dues.already_paid", "Already paid: " + String.join(", ", paid)))
              : service.dueFor(caller.personId(), new LinkedHashSet<>(months)))
          .compose(amount -> pool.withTransaction(tx -> orders.insert(tx, id, outTradeNo, caller.personId(), payer.orgId(),
                  months, amount, payer.openid())
              .compose(v -> Audit.record(tx, actor, payer.orgId(), "dues.order", "dues_order:" + id,
                  new JsonObject().put("months", months).put("amountFen", amount))))
              .recover(e -> Future.failedFuture(e instanceof PgException pg && "23505".equals(pg.getSqlState())
                  ? ApiException.conflict("dues.month_in_order", "A month is in another order not yet paid or closed")
                  : e))
              .compose(v -> pay.prepay(outTradeNo, "党费 " + String.join("、", months), amount, payer.openid(),
                      clock.instant().plus(LIFETIME))
                  .recover(err -> orders.close(id).transform(x -> Future.failedFuture(err))))
              .compose(prepayId -> orders.prepaid(id, prepayId).map(prepayId))
              .map(prepayId -> new Order(id, "pending", months, amount, Times.format(clock.instant()), null,
                  pay.payment(prepayId))));
    });
  }

  /** The caller's order; a pending one is asked of WeChat Pay first (a notification may be late or lost). */
  Future<Order> get(Caller caller, UUID id) {
    return orders.find(id).compose(o -> o == null || !o.personId().equals(caller.personId())
            ? Future.failedFuture(ApiException.notFound("The order"))
            : !"pending".equals(o.status()) || pay == null ? Future.succeededFuture()
            : pay.query(o.outTradeNo()).compose(t -> t != null && t.paid() ? settle(t) : Future.succeededFuture())
                .recover(err -> {
                  LOG.warn("order {}: WeChat Pay not asked ({}); answering what is recorded", id, err.getMessage());
                  return Future.succeededFuture();
                }))
        .compose(v -> orders.find(id)).map(DuesOrders::view);
  }

  /** WeChat Pay's notification: believed only when signed by WeChat Pay, then recorded once. */
  Future<Void> notified(MultiMap headers, String body) {
    WeChatPayClient.Transaction t;
    try {
      if (pay == null) {
        return Future.failedFuture(ApiException.notFound("The notification URL"));
      }
      t = pay.notification(headers, body);
    } catch (ApiException e) {
      LOG.warn("a payment notification refused: {}", e.getMessage());
      return Future.failedFuture(e);
    }
    return t.paid() ? settle(t) : Future.succeededFuture();
  }

  /**
   * Records a paid transaction on its order, once: the order is locked; pending becomes paid (with its dues payment,
   * channel WeChat Pay) or, when a month was paid at the desk meanwhile, refunded. A transaction that does not match
   * its order (another merchant or app, another amount or payer) is recorded nowhere and logged.
   */
  private Future<Void> settle(WeChatPayClient.Transaction t) {
    String[] refund = new String[1];
    int[] total = new int[1];
    return pool.<Void>withTransaction(tx -> orders.lock(tx, t.outTradeNo()).compose(o -> {
      if (o == null) {
        LOG.error("WeChat Pay reports a payment for an order zhibu does not have: {}", t.outTradeNo());
        return Future.succeededFuture();
      }
      if (!"pending".equals(o.status())) {
        return Future.succeededFuture(); // recorded already: a repeat, answered as done
      }
      if (!pay.settings().mchid().equals(t.mchid()) || !pay.settings().appid().equals(t.appid())
          || t.totalFen() != o.amountFen() || !o.openid().equals(t.payerOpenid())) {
        LOG.error("WeChat Pay's transaction {} does not match order {} (amount {} vs {}); not recorded",
            t.transactionId(), o.id(), t.totalFen(), o.amountFen());
        return Future.succeededFuture();
      }
      Audit.Actor system = new Audit.Actor(o.personId(), null, null);
      return orders.paidOf(tx, o.personId(), o.months()).compose(paid -> {
        if (!paid.isEmpty()) {
          refund[0] = "R" + o.outTradeNo().substring(1);
          total[0] = o.amountFen();
          return orders.refunding(tx, o.id(), t.transactionId(), refund[0])
              .compose(v -> Audit.record(tx, system, o.orgId(), "dues.order_refund", "dues_order:" + o.id(),
                  new JsonObject().put("paidMeanwhile", paid)));
        }
        UUID payment = UUID.randomUUID();
        return dues.pay(tx, payment, o.personId(), o.orgId(), o.amountFen(), o.months(), o.personId())
            .compose(all -> all ? orders.online(tx, payment) : Future.failedFuture(ApiException.conflict(
                "dues.already_paid", "A month was paid meanwhile; WeChat Pay retries and finds it refunded")))
            .compose(v -> orders.paid(tx, o.id(), t.transactionId(), payment))
            .compose(v -> Audit.record(tx, system, o.orgId(), "dues.payment", "person:" + o.personId(),
                new JsonObject().put("months", o.months()).put("amountFen", o.amountFen()).put("channel", "wechat_pay")));
      });
    })).compose(v -> refund[0] == null ? Future.<Void>succeededFuture()
        : sendRefund(t.outTradeNo(), refund[0], total[0])
            .recover(err -> {
              LOG.error("refund {} of order {} not sent yet: {}", refund[0], t.outTradeNo(), err.getMessage());
              return Future.<Void>succeededFuture();
            }));
  }

  private static final String REFUND_REASON = "该月党费已在支部缴纳，退回重复缴纳";

  private Future<Void> sendRefund(String outTradeNo, String refundNo, int amountFen) {
    return pay.refund(outTradeNo, refundNo, amountFen, amountFen, REFUND_REASON)
        .compose(status -> orders.refundSent(outTradeNo));
  }

  /**
   * The minute job: refunds not yet accepted are sent again (WeChat Pay treats a repeated out_refund_no as the same
   * refund), then pending orders past their life are asked of WeChat Pay — recorded if paid, else closed there
   * and here.
   */
  Future<Integer> tidy() {
    if (pay == null) {
      return Future.succeededFuture(0);
    }
    return orders.refundsToSend().compose(refunds -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (DuesOrderRepository.Refund r : refunds) {
        chain = chain.compose(n -> sendRefund(r.outTradeNo(), r.refundNo(), r.amountFen()).map(n + 1)
            .recover(err -> Future.succeededFuture(n)));
      }
      return chain;
    }).compose(sent -> closeStale().map(closed -> sent + closed));
  }

  private Future<Integer> closeStale() {
    return orders.stale(clock.instant().minus(LIFETIME).atOffset(ZoneOffset.UTC), 100).compose(stale -> {
      Future<Integer> chain = Future.succeededFuture(0);
      for (DuesOrderRepository.Stored o : stale) {
        chain = chain.compose(n -> pay.query(o.outTradeNo()).compose(t -> t != null && t.paid() ? settle(t).map(n + 1)
            : (t == null ? Future.<Void>succeededFuture() : pay.close(o.outTradeNo()))
                .compose(v -> orders.close(o.id())).map(closed -> closed ? n + 1 : n))
            .recover(err -> {
              LOG.warn("stale order {} not closed yet: {}", o.outTradeNo(), err.getMessage());
              return Future.succeededFuture(n);
            }));
      }
      return chain;
    });
  }

  private static Order view(DuesOrderRepository.Stored o) {
    return new Order(o.id(), o.status(), o.months(), o.amountFen(), Times.format(o.createdAt()),
        o.paidAt() == null ? null : Times.format(o.paidAt()), null);
  }
}
