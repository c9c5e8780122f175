package cn.zhibu.dues;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Exports;
import cn.zhibu.platform.Masks;
import cn.zhibu.platform.Spreadsheet;
import cn.zhibu.platform.Times;
import cn.zhibu.platform.WorkbookExport;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.time.Clock;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * 党费: each member's category and monthly base per year (the amount follows the rate table), payments recorded
 * by the branch (a month is never paid twice; nobody records their own), and the ledger of due, paid and arrears.
 */
final class DuesService {
  private final io.vertx.core.Vertx vertx;
  private final Exports exports;
  private final Pool pool;
  private final DuesRepository repository;
  private final Scope scope;
  private final Clock clock;

  DuesService(io.vertx.core.Vertx vertx, Pool pool, Exports exports, Scope scope, Clock clock) {
    this.vertx = vertx;
    this.exports = exports;
    this.pool = pool;
    this.repository = new DuesRepository(pool);
    this.scope = scope;
    this.clock = clock;
  }

  private YearMonth thisMonth() {
    return YearMonth.now(clock.withZone(Times.SCHOOL_ZONE));
  }

  Future<Dues.Rules> rules() {
    return repository.rates().map(rates -> new Dues.Rules(rates.bands()));
  }

  Future<Dues.Bases> setBases(Caller caller, Audit.Actor actor, UUID orgId, int year, JsonArray entries) {
    List<UUID> people = new ArrayList<>();
    entries.forEach(e -> people.add(UUID.fromString(((JsonObject) e).getString("personId"))));
    if (new java.util.HashSet<>(people).size() != people.size()) {
      return Future.failedFuture(ApiException.unprocessable("dues.duplicate_person",
          "Each person appears once in a year's bases"));
    }
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> people.contains(caller.personId())
            ? Future.failedFuture(ApiException.unprocessable("dues.own_base", "Your own base is set by another secretary or an admin"))
            : Future.all(repository.rates(),
            repository.onRosterUnder(org.id(), people)))
        .compose(all -> {
          DuesRates rates = all.resultAt(0);
          List<UUID> onRoster = all.resultAt(1);
          List<DuesRepository.Base> bases = new ArrayList<>();
          for (Object o : entries) {
            JsonObject e = (JsonObject) o;
            UUID person = UUID.fromString(e.getString("personId"));
            if (!onRoster.contains(person)) {
              return Future.failedFuture(ApiException.unprocessable("dues.not_on_roster",
                  "Person " + person + " is not on a roster of this org"));
            }
            Long base = e.getLong("monthlyBaseFen");
            Integer due = rates.monthlyDue(e.getString("category"), base);
            if (due == null) {
              return Future.failedFuture(ApiException.unprocessable("dues.base_required",
                  "An " + e.getString("category") + " member's monthly base (monthlyBaseFen) is needed"));
            }
            bases.add(new DuesRepository.Base(person, e.getString("category"), base, due));
          }
          return pool.withTransaction(tx -> repository.setBases(tx, year, bases, caller.personId())
              .compose(v -> Audit.record(tx, actor, orgId, "dues.bases", "org:" + orgId,
                  new JsonObject().put("year", year).put("people", bases.size()))))
              .map(v -> new Dues.Bases(year, bases.stream().map(b -> new Dues.Base(b.personId(), b.category(),
                  b.monthlyBaseFen(), b.monthlyDueFen())).toList()));
        });
  }

  Future<Dues.Payment> pay(Caller caller, Audit.Actor actor, UUID orgId, UUID personId, List<String> monthTexts, int amountFen) {
    Set<String> months = new LinkedHashSet<>(monthTexts);
    for (String m : months) {
      try {
        YearMonth.parse(m);
      } catch (RuntimeException e) {
        return Future.failedFuture(ApiException.unprocessable("dues.invalid_month", "Months are YYYY-MM: " + m));
      }
    }
    if (months.size() != monthTexts.size()) {
      return Future.failedFuture(ApiException.unprocessable("dues.invalid_month", "A month is listed twice"));
    }
    if (personId.equals(caller.personId())) {
      return Future.failedFuture(ApiException.unprocessable("dues.own_payment",
          "Your own dues are recorded by another member of the committee"));
    }
    return scope.require(caller, orgId, Role.LEADERS)
        .compose(org -> repository.onRosterUnder(org.id(), List.of(personId)))
        .compose(found -> found.isEmpty() ? Future.failedFuture(ApiException.notFound("The person"))
            : dueFor(personId, months))
        .compose(due -> {
          if (amountFen < due) {
            return Future.failedFuture(ApiException.unprocessable("dues.amount_short",
                "These months come to " + due + " fen; more may be given, not less"));
          }
          UUID id = UUID.randomUUID();
          return pool.withTransaction(tx -> repository.pay(tx, id, personId, orgId, amountFen,
                  new ArrayList<>(months), caller.personId())
              .compose(all -> all ? Audit.record(tx, actor, orgId, "dues.payment", "person:" + personId,
                      new JsonObject().put("months", new JsonArray(new ArrayList<>(months))).put("amountFen", amountFen))
                  : Future.failedFuture(ApiException.conflict("dues.already_paid", "One of these months is already paid"))))
              .map(v -> new Dues.Payment(id, personId, List.copyOf(months), amountFen, due));
        });
  }

  /** What these months come to by the person's base for each year; 422 when a year has no base. */
  Future<Integer> dueFor(UUID personId, Set<String> months) {
    Set<Integer> years = new LinkedHashSet<>();
    months.forEach(m -> years.add(YearMonth.parse(m).getYear()));
    List<Future<DuesRepository.Base>> bases = years.stream().map(y -> repository.base(personId, y)).toList();
    return Future.all(bases).compose(all -> {
      int total = 0;
      List<Integer> ys = new ArrayList<>(years);
      for (String m : months) {
        DuesRepository.Base base = bases.get(ys.indexOf(YearMonth.parse(m).getYear())).result();
        if (base == null) {
          return Future.failedFuture(ApiException.unprocessable("dues.no_base",
              "Set this member's dues base for " + YearMonth.parse(m).getYear() + " first"));
        }
        total += base.monthlyDueFen();
      }
      return Future.succeededFuture(total);
    });
  }

  /** The months of {@code year} that have fallen due by now (all twelve for a past year, none for a future one). */
  private List<String> dueMonths(int year) {
    YearMonth now = thisMonth();
    int last = year < now.getYear() ? 12 : year > now.getYear() ? 0 : now.getMonthValue();
    List<String> months = new ArrayList<>();
    for (int m = 1; m <= last; m++) {
      months.add(YearMonth.of(year, m).toString());
    }
    return months;
  }

  Future<Dues.Ledger> ledger(Caller caller, UUID orgId, int year) {
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> Future.all(repository.ledger(org.id(), year),
        scope.adminOver(caller, org.id()))).map(all -> {
          List<DuesRepository.Ledgered> rows = all.resultAt(0);
          boolean admin = all.resultAt(1);
          return new Dues.Ledger(orgId, year, rows.stream().map(r -> member(r, admin, year)).toList());
        });
  }

  /** The ledger as a spreadsheet of its own, written as its rows come (a school's 40,000 never held at once). */
  Future<Path> ledgerSheet(Caller caller, UUID orgId, int year) {
    return WorkbookExport.write(vertx, book -> ledgerInto(caller, orgId, year, book, year + "年党费", null));
  }

  /**
   * The ledger as one sheet of a workbook being written (its own, or the 台账 pack): one row per member, amounts
   * in yuan; the caller must be a secretary or admin over the org.
   */
  Future<Void> ledgerInto(Caller caller, UUID orgId, int year, WorkbookExport book, String sheet, String title) {
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> scope.adminOver(caller, org.id()))
        .compose(admin -> book.sheet(sheet, title, SHEET_HEADER, repository.ledgerInChunks(exports, orgId, year),
            r -> cells(member(DuesRepository.ledgered(r), admin, year))));
  }

  private static final List<String> SHEET_HEADER = List.of("学号/工号", "姓名", "类别", "月缴纳额（元）", "应缴（元）",
      "已缴（元）", "已缴月份", "欠缴月份");
  private static final java.util.Map<String, String> CATEGORY = java.util.Map.of("student", "学生", "employed", "在职",
      "retired", "离退休", "other", "其他");

  private static List<?> cells(Dues.Member m) {
    return java.util.Arrays.asList(m.number(), m.name(),
        m.category() == null ? "未核定" : CATEGORY.getOrDefault(m.category(), "未核定"),
        Spreadsheet.Yuan.of(m.monthlyDueFen()), Spreadsheet.Yuan.of(m.dueFen()), Spreadsheet.Yuan.of(m.paidFen()),
        String.join("、", m.paidMonths()), String.join("、", m.arrearsMonths()));
  }

  /** One member's entry: base, due, paid, the months paid and in arrears; the number masked unless for an admin. */
  private Dues.Member member(DuesRepository.Ledgered r, boolean admin, int year) {
    List<String> due = dueMonths(year);
    return new Dues.Member(r.id(), r.name(), Masks.number(r.number(), admin), r.category(), r.monthlyDueFen(),
        r.monthlyDueFen() == null ? null : r.monthlyDueFen() * due.size(), r.paidFen(), r.months(),
        arrears(r.monthlyDueFen(), r.months(), due));
  }

  /** The months fallen due and not paid; none while no base is set (nothing is owed before the amount is known). */
  private static List<String> arrears(Integer monthlyDue, List<String> paid, List<String> due) {
    return monthlyDue == null ? List.of() : due.stream().filter(m -> !paid.contains(m)).toList();
  }

  Future<Dues.Mine> mine(Caller caller, int year) {
    return Future.all(repository.base(caller.personId(), year), repository.paidMonths(caller.personId(), year))
        .map(all -> {
          DuesRepository.Base base = all.resultAt(0);
          List<String> paid = all.resultAt(1);
          Integer monthly = base == null ? null : base.monthlyDueFen();
          List<String> due = dueMonths(year);
          return new Dues.Mine(year, base == null ? null : base.category(), monthly,
              monthly == null ? null : monthly * due.size(), null, paid, arrears(monthly, paid, due));
        });
  }
}
