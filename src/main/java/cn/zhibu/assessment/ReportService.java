package cn.zhibu.assessment;

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
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;

/**
 * 书记抓党建述职 (seed 004 五.3 述职评议): the secretary of each assessed org submits the report while the round runs;
 * the org's party members (as they were when the round opened) and the leaders of the orgs above rate it once each
 * — 好 / 一般 / 差 — secretly: who rated is kept, what they gave only as counts, shown once the round has closed.
 * The secretary who reports does not rate their own report.
 */
final class ReportService {
  static final Set<String> GRADES = Set.of("good", "fair", "poor");
  private final Pool pool;
  private final AssessmentRepository assessments;
  private final ReportRepository reports;
  private final Scope scope;
  private final Clock clock;

  ReportService(Pool pool, AssessmentRepository assessments, ReportRepository reports, Scope scope, Clock clock) {
    this.pool = pool;
    this.assessments = assessments;
    this.reports = reports;
    this.scope = scope;
    this.clock = clock;
  }

  /** What a secretary sends, and what a rater sends. */
  record Submission(UUID orgId, String text) {
  }

  record Rating(UUID orgId, String grade) {
  }

  /** {@code MyRatings}: the rounds I may rate my org's report in. */
  record Mine(java.util.List<Rateable> items) {
  }

  record Rateable(UUID assessmentId, int year, String closesAt, UUID orgId, String orgName, String report, boolean rated) {
  }

  private Future<AssessmentRepository.Stored> stored(UUID id) {
    return assessments.find(id).compose(a -> a == null ? Future.failedFuture(ApiException.notFound("The assessment"))
        : Future.succeededFuture(a));
  }

  private Future<Void> assessed(AssessmentRepository.Stored a, UUID orgId) {
    return assessments.assessed(a.orgId(), a.level()).compose(orgs -> orgs.stream().anyMatch(o -> o.orgId().equals(orgId))
        ? Future.succeededFuture()
        : Future.failedFuture(ApiException.unprocessable("assessment.not_assessed", "That org is not in this round")));
  }

  Future<Void> submit(Caller caller, Audit.Actor actor, UUID id, Submission s) {
    return stored(id).compose(a -> {
      if (!caller.has(Role.SECRETARY, s.orgId())) {
        return Future.failedFuture(ApiException.forbidden("The org's secretary submits its 述职 report"));
      }
      if (!clock.instant().isBefore(a.closesAt().toInstant())) {
        return Future.failedFuture(ApiException.conflict("assessment.closed", "The round has closed"));
      }
      return assessed(a, s.orgId()).compose(v -> pool.withTransaction(tx -> reports.submit(tx, id, s.orgId(),
              s.text().strip(), caller.personId())
          .compose(x -> Audit.record(tx, actor, s.orgId(), "assessment.report", "assessment:" + id,
              new JsonObject().put("orgId", s.orgId().toString())))));
    });
  }

  /**
   * A rating while the round is open, of a report that has been submitted, by one of the org's members frozen at
   * opening or a leader of an org above; once; never by the org's secretary. Audited without the grade.
   */
  Future<Void> rate(Caller caller, Audit.Actor actor, UUID id, Rating r) {
    if (!GRADES.contains(r.grade())) {
      return Future.failedFuture(ApiException.badRequest("request.invalid", "grade is good, fair or poor"));
    }
    return stored(id).compose(a -> {
      Instant now = clock.instant();
      if (now.isBefore(a.opensAt().toInstant()) || !now.isBefore(a.closesAt().toInstant())) {
        return Future.failedFuture(ApiException.conflict("assessment.not_open", "Ratings are given while the round is open"));
      }
      if (caller.has(Role.SECRETARY, r.orgId())) {
        return Future.failedFuture(ApiException.unprocessable("assessment.own_report",
            "The secretary who reports does not rate the report"));
      }
      return pool.withTransaction(tx -> reports.freezeOpened(tx, id)).compose(frozen -> Future.all(
              reports.electorOf(id, caller.personId()), scope.above(caller, r.orgId(), cn.zhibu.auth.Role.TEAM),
              reports.reports(id)))
          .compose(all -> {
            UUID elector = all.resultAt(0);
            boolean above = all.resultAt(1);
            java.util.Map<UUID, ReportRepository.Report> submitted = all.resultAt(2);
            if (!r.orgId().equals(elector) && !above) {
              return Future.failedFuture(ApiException.forbidden("The org's members and the leaders above rate its report"));
            }
            if (!submitted.containsKey(r.orgId())) {
              return Future.failedFuture(ApiException.conflict("assessment.no_report", "The report has not been submitted"));
            }
            return pool.withTransaction(tx -> reports.rate(tx, id, r.orgId(), caller.personId(), r.grade())
                .compose(rated -> rated ? Audit.record(tx, actor, a.orgId(), "assessment.rating", "assessment:" + id,
                        new JsonObject())
                    : Future.failedFuture(ApiException.conflict("assessment.already_rated", "Rated already"))));
          });
    });
  }

  Future<Mine> mine(Caller caller) {
    OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    return pool.withTransaction(tx -> reports.freezeOpened(tx, null))
        .compose(v -> reports.openFor(caller.personId(), now))
        .map(all -> new Mine(all.stream().map(o -> new Rateable(o.assessmentId(), o.year(), Times.format(o.closesAt()),
            o.orgId(), o.orgName(), o.report(), o.rated())).toList()));
  }

  /** The minute job: the electorates of the rounds that opened. */
  Future<Integer> freezeOpened() {
    return pool.withTransaction(tx -> reports.freezeOpened(tx, null));
  }
}
