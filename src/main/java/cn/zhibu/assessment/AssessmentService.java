package cn.zhibu.assessment;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.compliance.ComplianceService;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Spreadsheet;
import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The year's assessment (seed 004 五.3 述职评议考核; seed 001 四.2 分类定级, 四.4 整改): an admin opens a round for the
 * branches (or colleges) of a subtree with weighted indicators; each org's values are computed from the records —
 * live while the round is open, frozen once it closes — each with what it came from; after closing the admin gives
 * levels beside the computed score, and a 后进 (lagging) org gets a 整改 item.
 */
final class AssessmentService {
  static final Set<String> LEVELS = Set.of("five_star", "four_star", "three_star", "two_star", "one_star", "advanced",
      "average", "lagging");
  private final Vertx vertx;
  private final Pool pool;
  private final AssessmentRepository assessments;
  private final IndicatorRepository figures;
  private final RectificationRepository rectifications;
  private final ReportRepository reports;
  private final ComplianceService compliance;
  private final Map<String, String> typeLabels;
  private final java.util.function.BiFunction<UUID, LocalDate, Future<Map<UUID, cn.zhibu.development.DevelopmentModule.OnTime>>> development;
  private final Scope scope;
  private final Clock clock;

  AssessmentService(Vertx vertx, Pool pool, AssessmentRepository assessments, IndicatorRepository figures,
      RectificationRepository rectifications, ReportRepository reports, ComplianceService compliance,
      Map<String, String> typeLabels,
      java.util.function.BiFunction<UUID, LocalDate, Future<Map<UUID, cn.zhibu.development.DevelopmentModule.OnTime>>> development,
      Scope scope, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.assessments = assessments;
    this.figures = figures;
    this.rectifications = rectifications;
    this.reports = reports;
    this.compliance = compliance;
    this.typeLabels = typeLabels;
    this.development = development;
    this.scope = scope;
    this.clock = clock;
  }

  Future<Assessments.View> create(Caller caller, Audit.Actor actor, UUID orgId, Assessments.Draft draft) {
    try {
      Indicators.check(draft.indicators());
    } catch (ApiException refused) {
      return Future.failedFuture(refused);
    }
    if (!OffsetDateTime.parse(draft.closesAt()).isAfter(OffsetDateTime.parse(draft.opensAt()))) {
      return Future.failedFuture(ApiException.unprocessable("assessment.invalid_dates", "A round closes after it opens"));
    }
    return scope.require(caller, orgId, Set.of(Role.ADMIN)).compose(org -> {
      if ("college".equals(draft.level()) ? !"school".equals(org.kind()) : "group".equals(org.kind())
          || "branch".equals(org.kind())) {
        return Future.failedFuture(ApiException.unprocessable("assessment.invalid_level",
            "Branches are assessed from a college or the school, colleges from the school"));
      }
      UUID id = UUID.randomUUID();
      // a round that opens at once has its 述职 electorate frozen with it; a later one by the minute job at its opening
      return pool.withTransaction(tx -> assessments.insert(tx, id, org.id(), draft, caller.personId())
              .compose(v -> reports.freezeOpened(tx, id))
              .compose(v -> Audit.record(tx, actor, org.id(), "assessment.create", "assessment:" + id,
                  new JsonObject().put("year", draft.year()).put("level", draft.level()))))
          .recover(err -> err instanceof PgException pg && "23505".equals(pg.getSqlState())
              ? Future.failedFuture(ApiException.conflict("assessment.duplicate",
                  "This org already assesses that level for that year"))
              : Future.failedFuture(err))
          .compose(v -> view(caller, id));
    });
  }

  /**
   * The rounds an org's desk sees: those it holds (its admins run them, its leaders read and rate the reports) and
   * those above that assess its kind (its leaders read their own row there).
   */
  Future<Assessments.Rounds> list(Caller caller, UUID orgId) {
    return scope.require(caller, orgId, Role.LEADERS).compose(org -> {
      List<UUID> above = org.ancestry().subList(0, org.ancestry().size() - 1);
      return assessments.forOrg(org.id(), above, org.kind()).map(all -> new Assessments.Rounds(all.stream()
          .map(a -> new Assessments.Listed(a.id(), a.orgId(), a.year(), a.level(), Times.format(a.opensAt()),
              Times.format(a.closesAt()), state(a), a.frozenAt() != null, a.orgId().equals(org.id())))
          .toList()));
    });
  }

  private Future<AssessmentRepository.Stored> stored(UUID id) {
    return assessments.find(id).compose(a -> a == null ? Future.failedFuture(ApiException.notFound("The assessment"))
        : Future.succeededFuture(a));
  }

  /**
   * The round for the org holding it — its admins, who run it, and its leaders (书记, 副书记, 委员), who as the org
   * above read the reports and rate them: every org's values (frozen once closed), points, score, levels once given.
   */
  Future<Assessments.View> view(Caller caller, UUID id) {
    return stored(id).compose(a -> scope.require(caller, a.orgId(), Role.LEADERS).compose(org -> rows(a, null))
        .compose(rows -> current(a).map(now -> new Assessments.View(a.id(), a.orgId(), a.year(), a.level(),
            Times.format(a.opensAt()), Times.format(a.closesAt()), state(now), now.frozenAt() != null, a.indicators(),
            rows))));
  }

  /** One org's row: for the admins, and for that org's own secretary (never another org's). */
  Future<Assessments.Row> row(Caller caller, UUID id, UUID orgId) {
    return stored(id).compose(a -> (caller.has(Role.SECRETARY, orgId) ? Future.succeededFuture(true)
            : scope.require(caller, a.orgId(), Set.of(Role.ADMIN)).map(true))
        .compose(ok -> rows(a, orgId))
        .compose(rows -> rows.isEmpty() ? Future.failedFuture(ApiException.notFound("The org in this assessment"))
            : Future.succeededFuture(rows.get(0))));
  }

  private String state(AssessmentRepository.Stored a) {
    Instant now = clock.instant();
    return now.isBefore(a.opensAt().toInstant()) ? "upcoming" : now.isBefore(a.closesAt().toInstant()) ? "open" : "closed";
  }

  /** The round as it is now: frozen first when it has closed and nobody froze it yet. */
  private Future<AssessmentRepository.Stored> current(AssessmentRepository.Stored a) {
    if (a.frozenAt() != null || clock.instant().isBefore(a.closesAt().toInstant())) {
      return Future.succeededFuture(a);
    }
    return freeze(a.id()).compose(n -> stored(a.id()));
  }

  private Future<List<Assessments.Row>> rows(AssessmentRepository.Stored a, UUID only) {
    boolean closed = !clock.instant().isBefore(a.closesAt().toInstant());
    return current(a).compose(now -> Future.all(List.of(assessments.assessed(a.orgId(), a.level()),
        // frozen values once frozen; while another process is freezing it, the same values as of the closing
        now.frozenAt() != null ? assessments.frozen(a.id()).map(AssessmentService::byOrg)
            : compute(a, closed ? a.closesAt().toInstant() : clock.instant()),
        assessments.levels(a.id()), reports.reports(a.id()), assessments.manual(a.id()),
        // the ratings' counts only once the round has closed: never a live count to read around one rating
        closed ? reports.tallies(a.id()) : Future.succeededFuture(Map.<UUID, JsonObject>of()))).map(all -> {
          List<AssessmentRepository.Assessed> orgs = all.resultAt(0);
          Map<UUID, Map<String, Indicators.Computed>> values = all.resultAt(1);
          Map<UUID, AssessmentRepository.Given> levels = all.resultAt(2);
          Map<UUID, ReportRepository.Report> submitted = all.resultAt(3);
          Map<UUID, AssessmentRepository.Manual> manual = all.resultAt(4);
          Map<UUID, JsonObject> tallies = all.resultAt(5);
          List<Assessments.Row> rows = new ArrayList<>();
          for (AssessmentRepository.Assessed o : orgs) {
            if (only != null && !only.equals(o.orgId())) {
              continue;
            }
            ReportRepository.Report report = submitted.get(o.orgId());
            JsonObject t = tallies.get(o.orgId());
            // the manual score is the assessor's, read as it is now: it is often given after closing
            Map<String, Indicators.Computed> orgValues = new HashMap<>(values.getOrDefault(o.orgId(), Map.of()));
            AssessmentRepository.Manual m = manual.get(o.orgId());
            orgValues.put("manual", m == null ? new Indicators.Computed(null, List.of("考核组尚未评分"))
                : new Indicators.Computed(m.value(), List.of((m.note() == null ? "考核组评分" : m.note()) + "（评分人：" + m.by() + "）")));
            rows.add(row(a, o, orgValues, levels.get(o.orgId()),
                report == null ? null : new Assessments.Report(report.text(), report.by(), Times.format(report.at())),
                !closed ? null : t == null ? new Assessments.Ratings(0, 0, 0, 0)
                    : new Assessments.Ratings(t.getInteger("good", 0), t.getInteger("fair", 0), t.getInteger("poor", 0),
                        t.getInteger("raters", 0))));
          }
          return rows;
        }));
  }

  private static Assessments.Row row(AssessmentRepository.Stored a, AssessmentRepository.Assessed o,
      Map<String, Indicators.Computed> values, AssessmentRepository.Given level, Assessments.Report report,
      Assessments.Ratings ratings) {
    List<Assessments.Value> list = new ArrayList<>();
    double score = 0;
    for (Assessments.Indicator i : a.indicators()) {
      Indicators.Computed c = values.getOrDefault(i.key(), new Indicators.Computed(null, List.of()));
      double points = Indicators.points(i, c.value());
      score += points;
      list.add(new Assessments.Value(i.key(), Indicators.LABELS.get(i.key()), i.weight(), c.value(), points, c.evidence()));
    }
    return new Assessments.Row(o.orgId(), o.name(), list, Math.round(score * 100) / 100.0,
        level == null ? null : level.level(), level == null ? null : level.note(), report, ratings);
  }

  private static Map<UUID, Map<String, Indicators.Computed>> byOrg(List<AssessmentRepository.Frozen> frozen) {
    Map<UUID, Map<String, Indicators.Computed>> out = new HashMap<>();
    frozen.forEach(f -> out.computeIfAbsent(f.orgId(), k -> new HashMap<>())
        .put(f.key(), new Indicators.Computed(f.value(), f.evidence())));
    return out;
  }

  /**
   * Every assessed org's values as of {@code at}: the months of the year ended by then are judged (a month still
   * running owes nothing yet). A college's value is the mean of its branches' values, its evidence theirs by name.
   */
  Future<Map<UUID, Map<String, Indicators.Computed>>> compute(AssessmentRepository.Stored a, Instant at) {
    LocalDate day = at.atZone(Times.SCHOOL_ZONE).toLocalDate();
    LocalDate from = LocalDate.of(a.year(), 1, 1);
    LocalDate to = day.isBefore(from.plusYears(1)) ? day : from.plusYears(1).minusDays(1);
    List<String> months = new ArrayList<>();
    for (int m = 1; m <= 12; m++) {
      YearMonth month = YearMonth.of(a.year(), m);
      if (month.atEndOfMonth().isBefore(day)) {
        months.add(month.toString());
      }
    }
    Instant until = at.isBefore(from.plusYears(1).atStartOfDay(Times.SCHOOL_ZONE).toInstant()) ? at
        : from.plusYears(1).atStartOfDay(Times.SCHOOL_ZONE).toInstant();
    return assessments.assessed(a.orgId(), a.level()).compose(orgs -> {
      List<UUID> branches = orgs.stream().flatMap(o -> o.branches().stream()).distinct().toList();
      if (branches.isEmpty()) {
        return Future.succeededFuture(Map.<UUID, Map<String, Indicators.Computed>>of());
      }
      Future<List<cn.zhibu.compliance.Reports.Report>> reports = months.isEmpty() ? Future.succeededFuture(List.of())
          : compliance.reportsOf(a.orgId(), months);
      Instant yearStart = from.atStartOfDay(Times.SCHOOL_ZONE).toInstant();
      return Future.all(List.of(reports, figures.dues(branches, a.year(), months), figures.review(branches, a.year(), until),
          figures.talks(branches, from, to), figures.rectification(branches, from, to),
          figures.study(a.orgId(), branches, a.year()), figures.requests(branches, yearStart, until),
          development.apply(a.orgId(), to))).map(all -> {
            Map<UUID, Map<String, Indicators.Computed>> perBranch = new HashMap<>();
            Map<UUID, List<Indicators.Monthly>> monthly = new HashMap<>();
            for (cn.zhibu.compliance.Reports.Report report : reports.result()) {
              for (cn.zhibu.compliance.Reports.Branch b : report.branches()) {
                monthly.computeIfAbsent(b.orgId(), k -> new ArrayList<>()).add(new Indicators.Monthly(report.period(), b));
              }
            }
            for (UUID b : branches) {
              Map<String, Indicators.Computed> v = new LinkedHashMap<>();
              List<Indicators.Monthly> ms = monthly.getOrDefault(b, List.of());
              v.put("compliance", Indicators.compliance(ms, typeLabels));
              v.put("attendance", Indicators.attendance(ms));
              v.put("dues", all.<Map<UUID, Indicators.Computed>>resultAt(1).get(b));
              v.put("review", all.<Map<UUID, Indicators.Computed>>resultAt(2).get(b));
              v.put("talks", all.<Map<UUID, Indicators.Computed>>resultAt(3).get(b));
              v.put("rectification", all.<Map<UUID, Indicators.Computed>>resultAt(4).get(b));
              v.put("study", all.<Map<UUID, Indicators.Computed>>resultAt(5).get(b));
              v.put("requests", all.<Map<UUID, Indicators.Computed>>resultAt(6).get(b));
              cn.zhibu.development.DevelopmentModule.OnTime onTime =
                  all.<Map<UUID, cn.zhibu.development.DevelopmentModule.OnTime>>resultAt(7).get(b);
              v.put("development", onTime == null ? new Indicators.Computed(null, List.of("无发展党员对象"))
                  : new Indicators.Computed(Indicators.share(onTime.people() - onTime.overdue().size(), onTime.people()),
                      onTime.overdue()));
              perBranch.put(b, v);
            }
            Map<UUID, String> names = new HashMap<>();
            orgs.forEach(o -> names.put(o.orgId(), o.name()));
            Map<UUID, Map<String, Indicators.Computed>> out = new HashMap<>();
            for (AssessmentRepository.Assessed o : orgs) {
              if ("branch".equals(a.level())) {
                out.put(o.orgId(), perBranch.get(o.orgId()));
                continue;
              }
              Map<String, Indicators.Computed> mean = new LinkedHashMap<>();
              for (String key : Indicators.COMPUTED) {
                List<Double> values = o.branches().stream().map(b -> perBranch.get(b).get(key).value())
                    .filter(java.util.Objects::nonNull).toList();
                mean.put(key, new Indicators.Computed(values.isEmpty() ? null
                    : Math.round(values.stream().mapToDouble(Double::doubleValue).average().orElse(0) * 1000) / 1000.0,
                    List.of("所属 " + o.branches().size() + " 个党支部的平均值")));
              }
              out.put(o.orgId(), mean);
            }
            return out;
          });
    });
  }

  /**
   * Freezes the rounds that have closed (or only {@code only}): each claimed by one transaction, its values computed
   * as of its closing and written with it. Answers how many were frozen.
   */
  Future<Integer> freeze(UUID only) {
    return pool.withTransaction(tx -> assessments.claimDue(tx, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC),
        only).compose(due -> {
          Future<Void> chain = Future.succeededFuture();
          for (AssessmentRepository.Stored a : due) {
            chain = chain.compose(v -> compute(a, a.closesAt().toInstant()).compose(values -> {
              List<AssessmentRepository.Frozen> rows = new ArrayList<>();
              values.forEach((org, byKey) -> byKey.forEach((key, c) -> rows.add(
                  new AssessmentRepository.Frozen(org, key, c.value(), c.evidence()))));
              return assessments.freeze(tx, a.id(), rows);
            }));
          }
          return chain.map(due.size());
        }));
  }

  /**
   * Levels after closing, by an admin over the round, never for an org where the admin is a leader; the computed
   * score is kept beside each. A 后进 (lagging) org gets a 整改 item for its secretary, due in three months.
   */
  Future<Assessments.View> levels(Caller caller, Audit.Actor actor, UUID id, Assessments.Levels body) {
    for (Assessments.Leveled l : body.levels()) {
      if (!LEVELS.contains(l.level())) {
        return Future.failedFuture(ApiException.unprocessable("assessment.invalid_level", "Unknown level " + l.level()));
      }
    }
    return stored(id).compose(a -> scope.require(caller, a.orgId(), Set.of(Role.ADMIN)).compose(org -> {
      if (clock.instant().isBefore(a.closesAt().toInstant())) {
        return Future.failedFuture(ApiException.conflict("assessment.not_closed", "Levels are given once the round closes"));
      }
      return rows(a, null).compose(rows -> {
        Map<UUID, Assessments.Row> byOrg = new HashMap<>();
        rows.forEach(r -> byOrg.put(r.orgId(), r));
        for (Assessments.Leveled l : body.levels()) {
          if (!byOrg.containsKey(l.orgId())) {
            return Future.failedFuture(ApiException.unprocessable("assessment.not_assessed", "That org is not in this round"));
          }
          if (caller.roles().stream().anyMatch(g -> g.orgId().equals(l.orgId()) && Role.TEAM.contains(g.role()))) {
            return Future.failedFuture(ApiException.unprocessable("assessment.own_org",
                "Nobody gives a level to an org they lead"));
          }
        }
        LocalDate due = LocalDate.now(clock.withZone(Times.SCHOOL_ZONE)).plusMonths(3);
        return pool.withTransaction(tx -> {
          Future<Void> chain = Future.succeededFuture();
          for (Assessments.Leveled l : body.levels()) {
            Assessments.Row row = byOrg.get(l.orgId());
            String note = l.note() == null || l.note().isBlank() ? null : l.note().strip();
            chain = chain.compose(v -> assessments.setLevel(tx, a.id(), l.orgId(), l.level(), row.score(), note,
                caller.personId()));
            if ("lagging".equals(l.level())) {
              chain = chain.compose(v -> assessments.secretaries(l.orgId())).compose(owners -> rectifications.insertOnce(tx,
                  UUID.randomUUID(), l.orgId(), a.year() + " 年考核定为后进，限期整改", shortfalls(row),
                  owners.isEmpty() ? caller.personId() : owners.get(0), due, a.id(), caller.personId()));
            }
          }
          return chain.compose(v -> Audit.record(tx, actor, a.orgId(), "assessment.levels", "assessment:" + a.id(),
              new JsonObject().put("levels", new io.vertx.core.json.JsonArray(body.levels().stream()
                  .map(l -> new JsonObject().put("orgId", l.orgId().toString()).put("level", l.level())).toList()))));
        });
      }).compose(v -> view(caller, id));
    }));
  }

  /** The assessor's {@code manual} score of an org (0..1): an admin over the round, never for an org they lead. */
  Future<Assessments.Row> manual(Caller caller, Audit.Actor actor, UUID id, UUID orgId, Assessments.ManualScore body) {
    return stored(id).compose(a -> scope.require(caller, a.orgId(), Set.of(Role.ADMIN)).compose(org -> {
      if (a.indicators().stream().noneMatch(i -> "manual".equals(i.key()))) {
        return Future.failedFuture(ApiException.unprocessable("assessment.invalid_indicators",
            "This round has no manual indicator"));
      }
      if (caller.roles().stream().anyMatch(g -> g.orgId().equals(orgId) && Role.TEAM.contains(g.role()))) {
        return Future.failedFuture(ApiException.unprocessable("assessment.own_org", "Nobody scores an org they lead"));
      }
      return assessments.assessed(a.orgId(), a.level()).compose(orgs -> orgs.stream().noneMatch(o -> o.orgId().equals(orgId))
          ? Future.failedFuture(ApiException.unprocessable("assessment.not_assessed", "That org is not in this round"))
          : pool.withTransaction(tx -> assessments.setManual(tx, id, orgId, body.value(),
                  body.note() == null || body.note().isBlank() ? null : body.note().strip(), caller.personId())
              .compose(v -> Audit.record(tx, actor, a.orgId(), "assessment.manual", "assessment:" + id,
                  new JsonObject().put("orgId", orgId.toString()).put("value", body.value())))))
          .compose(v -> rows(a, orgId)).map(rows -> rows.get(0));
    }));
  }

  /** What an automatic 整改 item asks: each indicator short of its full points, with its evidence. */
  private static String shortfalls(Assessments.Row row) {
    StringBuilder out = new StringBuilder("考核得分 " + row.score() + "。");
    for (Assessments.Value v : row.values()) {
      if (v.points() < v.weight()) {
        out.append("\n").append(v.label()).append("：").append(v.value() == null ? "无数据" : Math.round(v.value() * 1000) / 10.0 + "%");
        v.evidence().stream().limit(60).forEach(e -> out.append("；").append(e));
      }
    }
    return out.length() > 4900 ? out.substring(0, 4900) : out.toString();
  }

  /** The results as the 组织部 files them: one row per org, each indicator's value and points, score and level. */
  Future<Buffer> spreadsheet(Caller caller, UUID id) {
    return view(caller, id).compose(v -> vertx.executeBlocking(() -> Spreadsheet.write(book -> {
      List<String> header = new ArrayList<>(List.of("组织"));
      for (Assessments.Indicator i : v.indicators()) {
        header.add(Indicators.LABELS.get(i.key()) + "（完成率）");
        header.add(Indicators.LABELS.get(i.key()) + "（得分/" + i.weight() + "）");
      }
      header.addAll(List.of("总分", "等次", "说明"));
      Spreadsheet.Table table = book.table("考核结果", v.year() + " 年度" + ("college".equals(v.level()) ? "院级党组织" : "党支部")
          + "考核结果" + (v.frozen() ? "" : "（未截止，数据为当前值）"), header);
      for (Assessments.Row r : v.orgs()) {
        List<Object> cells = new ArrayList<>(List.of(r.name()));
        for (Assessments.Value x : r.values()) {
          cells.add(x.value() == null ? "—" : x.value());
          cells.add(x.points());
        }
        cells.add(r.score());
        cells.add(r.level() == null ? "" : LEVEL_WORDS.get(r.level()));
        cells.add(r.levelNote() == null ? "" : r.levelNote());
        table.row(cells);
      }
    }), false));
  }

  static final Map<String, String> LEVEL_WORDS = cn.zhibu.platform.Labels.of("assessmentLevels");
}
