package cn.zhibu.assessment;

import cn.zhibu.auth.Caller;
import cn.zhibu.compliance.ComplianceService;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Input;
import cn.zhibu.platform.Operations;
import cn.zhibu.platform.Respond;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.Map;

/** Builds the year's judgement: assessments with their indicators and levels, and 整改. */
public final class AssessmentModule implements Operations {
  private final AssessmentService assessments;
  private final RectificationService rectifications;
  private final ReportService reports;
  private final HonourService honours;
  private final Vertx vertx;

  /**
   * {@code studyHours} and {@code volunteerHours} (person, year) come from their features: a nomination's evidence
   * reads them as {@code /me} does.
   */
  public AssessmentModule(Vertx vertx, Pool pool, Scope scope, cn.zhibu.org.OrgDirectory orgs, ComplianceService compliance,
      java.util.function.BiFunction<java.util.UUID, Integer, Future<Double>> studyHours,
      java.util.function.BiFunction<java.util.UUID, Integer, Future<Double>> volunteerHours,
      java.util.function.BiFunction<java.util.UUID, java.time.LocalDate,
          Future<Map<java.util.UUID, cn.zhibu.development.DevelopmentModule.OnTime>>> development,
      java.util.function.Function<java.util.UUID, Future<java.util.List<cn.zhibu.development.DevelopmentModule.Notice>>>
          admissions, Clock clock) {
    this.vertx = vertx;
    RectificationRepository items = new RectificationRepository(pool);
    AssessmentRepository rounds = new AssessmentRepository(pool);
    ReportRepository reported = new ReportRepository(pool);
    this.assessments = new AssessmentService(vertx, pool, rounds, new IndicatorRepository(pool), items, reported,
        compliance, cn.zhibu.meeting.EventTypes.LABELS, development, scope, clock);
    this.reports = new ReportService(pool, rounds, reported, scope, clock);
    this.honours = new HonourService(pool, new HonourRepository(pool), orgs, scope, studyHours, volunteerHours,
        admissions, clock);
    this.rectifications = new RectificationService(pool, items, scope, clock);
  }

  /** Freezes the rounds that closed and reminds 整改 owners at their deadline (minute jobs, each once). */
  public Future<Integer> freezeClosed() {
    return assessments.freeze(null);
  }

  /** The 述职 electorates of the rounds that opened, frozen once (a minute job). */
  public Future<Integer> freezeElectorates() {
    return reports.freezeOpened();
  }

  public Future<Integer> remindRectifications() {
    return rectifications.remind();
  }

  @Override
  public Map<String, Handler<RoutingContext>> handlers() {
    return Map.ofEntries(
        Map.entry("createAssessment", ctx -> Respond.with(ctx, 201, assessments.create(Caller.of(ctx), actor(ctx),
            Input.id(ctx, "id"), Input.body(ctx, Assessments.Draft.class)))),
        Map.entry("listAssessments", ctx -> Respond.with(ctx, assessments.list(Caller.of(ctx), Input.id(ctx, "id")))),
        Map.entry("getAssessment", ctx -> Respond.with(ctx, assessments.view(Caller.of(ctx), Input.id(ctx, "id")))),
        Map.entry("getAssessedOrg", ctx -> Respond.with(ctx, assessments.row(Caller.of(ctx), Input.id(ctx, "id"),
            Input.id(ctx, "orgId")))),
        Map.entry("scoreAssessedOrg", ctx -> Respond.with(ctx, assessments.manual(Caller.of(ctx), actor(ctx),
            Input.id(ctx, "id"), Input.id(ctx, "orgId"), Input.body(ctx, Assessments.ManualScore.class)))),
        Map.entry("setAssessmentLevels", ctx -> Respond.with(ctx, assessments.levels(Caller.of(ctx), actor(ctx),
            Input.id(ctx, "id"), Input.body(ctx, Assessments.Levels.class)))),
        Map.entry("getAssessmentResults", ctx -> {
          if (Input.wantsSpreadsheet(ctx)) {
            Respond.spreadsheet(ctx, "assessment.xlsx", assessments.spreadsheet(Caller.of(ctx), Input.id(ctx, "id")));
          } else {
            Respond.with(ctx, assessments.view(Caller.of(ctx), Input.id(ctx, "id")));
          }
        }),
        Map.entry("submitAssessmentReport", ctx -> Respond.noContent(ctx, reports.submit(Caller.of(ctx), actor(ctx),
            Input.id(ctx, "id"), Input.body(ctx, ReportService.Submission.class)))),
        Map.entry("rateAssessmentReport", ctx -> Respond.noContent(ctx, reports.rate(Caller.of(ctx), actor(ctx),
            Input.id(ctx, "id"), Input.body(ctx, ReportService.Rating.class)))),
        Map.entry("listMyAssessmentRatings", ctx -> Respond.with(ctx, reports.mine(Caller.of(ctx)))),
        Map.entry("createHonourRound", ctx -> Respond.with(ctx, 201, honours.create(Caller.of(ctx), actor(ctx),
            Input.id(ctx, "id"), Input.body(ctx, Honours.Draft.class)))),
        Map.entry("listHonourRounds", ctx -> Respond.with(ctx, honours.list(Caller.of(ctx), Input.id(ctx, "id"))
            .map(items -> Map.of("items", items)))),
        Map.entry("getHonourRound", ctx -> {
          if (Input.wantsSpreadsheet(ctx)) {
            Respond.spreadsheet(ctx, "honours.xlsx", honours.spreadsheet(vertx, Caller.of(ctx), Input.id(ctx, "id")));
          } else {
            Respond.with(ctx, honours.get(Caller.of(ctx), Input.id(ctx, "id")));
          }
        }),
        Map.entry("nominateHonour", ctx -> Respond.with(ctx, 201, honours.nominate(Caller.of(ctx), actor(ctx),
            Input.id(ctx, "id"), Input.body(ctx, Honours.NominationDraft.class)))),
        Map.entry("shortlistHonours", ctx -> Respond.with(ctx, honours.shortlist(Caller.of(ctx), actor(ctx),
            Input.id(ctx, "id"), Input.body(ctx, Honours.Ids.class)))),
        Map.entry("confirmHonours", ctx -> Respond.with(ctx, honours.confirm(Caller.of(ctx), actor(ctx),
            Input.id(ctx, "id"), Input.body(ctx, Honours.Ids.class)))),
        Map.entry("listPublicNotices", ctx -> Respond.with(ctx, honours.notices(Caller.of(ctx), Input.id(ctx, "id")))),
        Map.entry("listPersonHonours", ctx -> Respond.with(ctx, honours.ofPerson(Caller.of(ctx), Input.id(ctx, "id")))),
        Map.entry("listOrgHonours", ctx -> Respond.with(ctx, honours.ofOrg(Caller.of(ctx), Input.id(ctx, "id")))),
        Map.entry("createRectification", ctx -> Respond.with(ctx, 201, rectifications.create(Caller.of(ctx), actor(ctx),
            Input.id(ctx, "id"), Input.body(ctx, Assessments.RectificationDraft.class)))),
        Map.entry("listRectifications", ctx -> Respond.with(ctx, rectifications.list(Caller.of(ctx), Input.id(ctx, "id"),
            Input.query(ctx, "state")))),
        Map.entry("reportRectificationProgress", ctx -> Respond.with(ctx, rectifications.progress(Caller.of(ctx),
            actor(ctx), Input.id(ctx, "id"), Input.body(ctx, Assessments.Progress.class)))),
        Map.entry("verifyRectification", ctx -> Respond.with(ctx, rectifications.verify(Caller.of(ctx), actor(ctx),
            Input.id(ctx, "id"), Input.body(ctx, Assessments.Verification.class)))));
  }

  private static Audit.Actor actor(RoutingContext ctx) {
    return Audit.Actor.of(ctx, Caller.of(ctx).personId());
  }
}
