package cn.zhibu.dues;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A branch's (or college's) 党费 money: what its members paid in the year (and of it, online), 党费上缴 to the
 * level above and 返还 from it (seed 000 四(二): 其余部分可适当返还基层党组织), what it spent, the balance, and the
 * activity fund received against at least 100 yuan per party member a year (seed 001 三.7, seed 003 §12).
 */
final class DuesFunds {
  /** 100 yuan a party member a year, in fen. */
  static final int ACTIVITY_FUND_PER_MEMBER_FEN = 10_000;
  private final Pool pool;
  private final DuesFundRepository funds;
  private final Scope scope;
  private final Clock clock;

  DuesFunds(Pool pool, DuesFundRepository funds, Scope scope, Clock clock) {
    this.pool = pool;
    this.funds = funds;
    this.scope = scope;
    this.clock = clock;
  }

  /** What a secretary records. */
  record Draft(int amountFen, String date, String direction, String note) {
  }

  record Entry(UUID id, String direction, int amountFen, String date, String note, String recordedBy) {
  }

  /** {@code DuesFunds}. */
  record Year(UUID orgId, int year, long members, long collectedFen, long onlineFen, long upFen, long returnedFen,
      long spentFen, long balanceFen, long activityFundTargetFen, long activityFundShortFen, List<Entry> entries) {
  }

  Future<Entry> record(Caller caller, Audit.Actor actor, UUID orgId, Draft d) {
    LocalDate on = LocalDate.parse(d.date());
    if (on.isAfter(LocalDate.now(clock.withZone(Times.SCHOOL_ZONE)))) {
      return Future.failedFuture(ApiException.unprocessable("dues.future_date", "Money is recorded once it has moved"));
    }
    UUID id = UUID.randomUUID();
    String note = d.note().strip();
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> pool.withTransaction(tx -> funds.insert(tx, id,
            org.id(), d.direction(), d.amountFen(), on, note, caller.personId())
        .compose(v -> Audit.record(tx, actor, org.id(), "dues.fund", "org:" + org.id(),
            new JsonObject().put("direction", d.direction()).put("amountFen", d.amountFen())))))
        .map(v -> new Entry(id, d.direction(), d.amountFen(), on.toString(), note, null));
  }

  Future<Year> year(Caller caller, UUID orgId, Integer asked) {
    int y = asked == null ? LocalDate.now(clock.withZone(Times.SCHOOL_ZONE)).getYear() : asked;
    LocalDate from = LocalDate.of(y, 1, 1);
    LocalDate to = from.plusYears(1);
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> Future.all(funds.entries(org.id(), from, to),
        funds.collected(org.id(), from.atStartOfDay(Times.SCHOOL_ZONE).toOffsetDateTime(),
            to.atStartOfDay(Times.SCHOOL_ZONE).toOffsetDateTime())).map(all -> {
              List<Entry> entries = all.resultAt(0);
              DuesFundRepository.Collected c = all.resultAt(1);
              long up = sum(entries, "up");
              long returned = sum(entries, "returned");
              long spent = sum(entries, "spent");
              long target = c.members() * ACTIVITY_FUND_PER_MEMBER_FEN;
              return new Year(org.id(), y, c.members(), c.totalFen(), c.onlineFen(), up, returned, spent,
                  c.totalFen() - up + returned - spent, target, Math.max(0, target - returned), entries);
            }));
  }

  private static long sum(List<Entry> entries, String direction) {
    return entries.stream().filter(e -> direction.equals(e.direction())).mapToLong(Entry::amountFen).sum();
  }

  private static final java.util.Map<String, String> DIRECTION = java.util.Map.of("up", "上缴", "returned", "返还/下拨",
      "spent", "支出");

  /** The 台账's 党费收支 sheet: the year's entries, then collected (and online), balance and the activity fund. */
  Future<java.util.function.Consumer<cn.zhibu.platform.Spreadsheet>> sheet(Caller caller, UUID orgId, int year,
      String name, String title) {
    return year(caller, orgId, year).map(y -> book -> {
      cn.zhibu.platform.Spreadsheet.Table table = book.table(name, title, List.of("日期", "类别", "金额（元）", "说明", "登记人"));
      for (Entry e : y.entries()) {
        table.row(LocalDate.parse(e.date()), DIRECTION.getOrDefault(e.direction(), e.direction()),
            cn.zhibu.platform.Spreadsheet.Yuan.of(e.amountFen()), e.note(), e.recordedBy() == null ? "" : e.recordedBy());
      }
      table.note("党员 " + y.members() + " 人；收缴党费 " + yuan(y.collectedFen()) + " 元（其中微信支付 " + yuan(y.onlineFen())
          + " 元），上缴 " + yuan(y.upFen()) + " 元，返还/下拨 " + yuan(y.returnedFen()) + " 元，支出 " + yuan(y.spentFen())
          + " 元，结余 " + yuan(y.balanceFen()) + " 元。活动经费按每名党员每年不少于 100 元应达 " + yuan(y.activityFundTargetFen())
          + " 元" + (y.activityFundShortFen() > 0 ? "，尚缺 " + yuan(y.activityFundShortFen()) + " 元" : "，已达到") + "。");
    });
  }

  /** Fen as yuan with two decimals; a negative balance keeps its sign (-50 fen is -0.50, not 0.50). */
  static String yuan(long fen) {
    return java.math.BigDecimal.valueOf(fen, 2).toPlainString();
  }
}
