package cn.zhibu.dues;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Times;
import cn.zhibu.wechatpay.WeChatPayClient;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The day's WeChat Pay bill against the ledger, for a secretary or admin: payments in the bill that zhibu has not
 * recorded (missing), recorded payments the bill does not have (extra), and those whose amounts differ. The bill is
 * the whole merchant's: an org sees the lines of its own subtree's orders; lines of orders zhibu does not know at
 * all only the school sees.
 */
final class DuesReconciliation {
  private final DuesOrderRepository orders;
  private final WeChatPayClient pay;
  private final Scope scope;
  private final Clock clock;

  DuesReconciliation(DuesOrderRepository orders, WeChatPayClient pay, Scope scope, Clock clock) {
    this.orders = orders;
    this.pay = pay;
    this.scope = scope;
    this.clock = clock;
  }

  /** One order's line: what the bill says and what the ledger says (either may be null). */
  record Line(String outTradeNo, String transactionId, String name, Integer billFen, Integer ledgerFen, String status) {
  }

  /** {@code DuesReconciliation}. */
  record Report(UUID orgId, String date, int billRows, int matched, List<Line> missing, List<Line> extra,
      List<Line> differing) {
  }

  Future<Report> of(Caller caller, UUID orgId, String asked) {
    LocalDate date = asked == null ? LocalDate.now(clock.withZone(Times.SCHOOL_ZONE)).minusDays(1) : LocalDate.parse(asked);
    if (pay == null) {
      return Future.failedFuture(ApiException.unavailable("dues.online_payment_off",
          "This school has not set up WeChat Pay for 党费"));
    }
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> pay.tradeBill(date).compose(bill -> {
      List<String> numbers = bill.stream().map(WeChatPayClient.BillRow::outTradeNo).distinct().toList();
      return Future.all(orders.known(numbers), orders.settled(org.id(),
          date.atStartOfDay(Times.SCHOOL_ZONE).toOffsetDateTime(),
          date.plusDays(1).atStartOfDay(Times.SCHOOL_ZONE).toOffsetDateTime())).map(all -> {
            List<DuesOrderRepository.Placed> known = all.resultAt(0);
            List<DuesOrderRepository.Placed> settled = all.resultAt(1);
            Map<String, DuesOrderRepository.Placed> byNo = new HashMap<>();
            known.forEach(k -> byNo.put(k.outTradeNo(), k));
            boolean school = org.ancestry().size() == 1;
            Map<String, WeChatPayClient.BillRow> paid = new HashMap<>();
            bill.stream().filter(r -> "SUCCESS".equals(r.state())).forEach(r -> paid.put(r.outTradeNo(), r));
            List<Line> missing = new ArrayList<>();
            List<Line> differing = new ArrayList<>();
            int matched = 0;
            for (WeChatPayClient.BillRow r : paid.values()) {
              DuesOrderRepository.Placed o = byNo.get(r.outTradeNo());
              if (o == null ? !school : !o.ancestry().contains(org.id())) {
                continue;
              }
              boolean recorded = o != null && ("paid".equals(o.status()) || "refunded".equals(o.status()));
              if (!recorded) {
                missing.add(new Line(r.outTradeNo(), r.transactionId(), o == null ? null : o.name(), r.amountFen(), null,
                    o == null ? null : o.status()));
              } else if (o.amountFen() != r.amountFen()) {
                differing.add(new Line(r.outTradeNo(), r.transactionId(), o.name(), r.amountFen(), o.amountFen(), o.status()));
              } else {
                matched++;
              }
            }
            List<Line> extra = settled.stream().filter(o -> !paid.containsKey(o.outTradeNo()))
                .map(o -> new Line(o.outTradeNo(), o.transactionId(), o.name(), null, o.amountFen(), o.status())).toList();
            return new Report(org.id(), date.toString(), bill.size(), matched, missing, extra, differing);
          });
    }));
  }
}
