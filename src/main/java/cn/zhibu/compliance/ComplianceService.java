package cn.zhibu.compliance;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The compliance report: for every branch under an org, the required meetings of the month, quarter and year
 * (per the school's rules table), each judged at the branch or at each of its 党小组; and the rules table.
 */
public final class ComplianceService {
  private final Pool pool;
  private final ComplianceRepository repository;
  private final Scope scope;
  /** The root org's id (known once the directory has loaded it). */
  private final java.util.function.Supplier<UUID> rootId;
  private final java.time.Clock clock;

  ComplianceService(Pool pool, ComplianceRepository repository, Scope scope, java.util.function.Supplier<UUID> rootId,
      java.time.Clock clock) {
    this.pool = pool;
    this.clock = clock;
    this.repository = repository;
    this.scope = scope;
    this.rootId = rootId;
  }

  public Future<Reports.Report> report(Caller caller, UUID orgId, String month) {
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> report(org.id(), month));
  }

  /** Every branch of the school, for the reminders (no caller: the process asks). */
  Future<List<Reports.Branch>> everyBranch(String month) {
    return report(rootId.get(), month).map(Reports.Report::branches);
  }

  /**
   * Several months' reports from one read of the meetings they judge (the 台账 pack's twelve months read the
   * year once, not twelve times).
   */
  public Future<List<Reports.Report>> reports(Caller caller, UUID orgId, List<String> months) {
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> reports(org.id(), months));
  }

  /** The months' reports of a subtree with no caller: the year's assessment reads them for its own admin check. */
  public Future<List<Reports.Report>> reportsOf(UUID orgId, List<String> months) {
    return reports(orgId, months);
  }

  private Future<Reports.Report> report(UUID orgId, String month) {
    return reports(orgId, List.of(month)).map(all -> all.get(0));
  }

  private Future<List<Reports.Report>> reports(UUID orgId, List<String> months) {
    List<Compliance.Period> periods = months.stream().map(m -> new Compliance.Period(YearMonth.parse(m))).toList();
    // from the year before the earliest month: a BIENNIAL rule looks back over two calendar years
    java.time.Instant from = periods.stream().map(Compliance.Period::twoYearsStart)
        .min(java.util.Comparator.naturalOrder()).orElseThrow();
    java.time.Instant to = periods.stream().map(Compliance.Period::yearEnd).max(java.util.Comparator.naturalOrder())
        .orElseThrow();
    Future<List<ComplianceRepository.Branch>> branches = repository.branches(orgId);
    Future<Map<UUID, List<Compliance.Held>>> meetings = repository.held(orgId, from, to, clock.instant());
    return Future.all(rules(), branches, meetings).map(all -> {
      List<Compliance.Rule> rules = all.resultAt(0);
      Map<UUID, List<Compliance.Held>> held = meetings.result();
      List<Reports.Report> reports = new java.util.ArrayList<>(periods.size());
      for (int i = 0; i < periods.size(); i++) {
        Compliance.Period period = periods.get(i);
        List<Reports.Branch> judged = branches.result().stream().map(b -> Reports.Branch.of(b.id(), b.name(),
            Compliance.branch(period, rules, b.id(), b.groups(), held.getOrDefault(b.id(), List.of())))).toList();
        reports.add(new Reports.Report(orgId, months.get(i), period.quarter(), judged));
      }
      return reports;
    });
  }

  /** The rules in force, by cadence then type. */
  Future<List<Compliance.Rule>> rules() {
    return repository.rules();
  }

  Future<Reports.Rules> rulesJson() {
    return Future.all(rules(), repository.onlineStudy())
        .map(all -> json(all.resultAt(0), all.resultAt(1)));
  }

  /**
   * Replaces the school's rules (and, when sent, its rule on online study credit: {@code onlineStudy {counts,
   * capHours}}); a school (root) admin only; audited.
   */
  Future<Reports.Rules> replaceRules(Caller caller, Audit.Actor actor, JsonArray rules, JsonObject onlineStudy) {
    if (!caller.has(Role.ADMIN, rootId.get())) {
      return Future.failedFuture(ApiException.forbidden("Only school admins change the compliance rules"));
    }
    Set<String> seen = new java.util.HashSet<>();
    for (Object o : rules) {
      if (!seen.add(((JsonObject) o).getString("type"))) {
        return Future.failedFuture(ApiException.unprocessable("compliance.duplicate_type",
            "Each meeting type appears once in the rules"));
      }
    }
    List<Compliance.Rule> replaced = rules.stream().map(JsonObject.class::cast).map(r -> new Compliance.Rule(
        r.getString("type"), Compliance.Cadence.valueOf(r.getString("cadence").toUpperCase()),
        r.getBoolean("perGroup", false))).toList();
    Reports.OnlineStudy online = onlineStudy == null ? null : new Reports.OnlineStudy(
        onlineStudy.getBoolean("counts", true), onlineStudy.getDouble("capHours"));
    return pool.withTransaction(tx -> repository.replaceRules(tx, replaced)
            .compose(v -> online == null ? Future.succeededFuture() : repository.replaceOnlineStudy(tx, online))
            .compose(v -> Audit.record(tx, actor, rootId.get(), "compliance.rules", "compliance_rules",
                new JsonObject().put("rules", rules).put("onlineStudy", onlineStudy))))
        .compose(v -> rulesJson());
  }

  private static Reports.Rules json(List<Compliance.Rule> rules, Reports.OnlineStudy online) {
    return new Reports.Rules(rules.stream().map(r -> new Reports.RuleView(r.type(), r.cadence().name().toLowerCase(),
        r.perGroup())).toList(), online);
  }
}
