package cn.zhibu.course;

import cn.zhibu.auth.Caller;
import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Input;
import cn.zhibu.platform.Operations;
import cn.zhibu.platform.Respond;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** Micro-courses and study hours. */
public final class CourseRoutes implements Operations {
  private final CourseService courses;
  private final StudyService study;
  private final StudyReports reports;
  private final TrainingReport training;
  private final ContestService contests;

  CourseRoutes(CourseService courses, StudyService study, StudyReports reports, TrainingReport training,
      ContestService contests) {
    this.courses = courses;
    this.study = study;
    this.reports = reports;
    this.training = training;
    this.contests = contests;
  }

  @Override
  public Map<String, Handler<RoutingContext>> handlers() {
    return Map.ofEntries(
        Map.entry("createContest", ctx -> Respond.with(ctx, 201, contests.create(Caller.of(ctx), Input.body(ctx, ContestService.Draft.class)))),
        Map.entry("getContest", ctx -> Respond.with(ctx, contests.get(Caller.of(ctx), Input.id(ctx, "id")))),
        Map.entry("enterContest", ctx -> Respond.with(ctx, 201, contests.enter(Caller.of(ctx), Input.id(ctx, "id"),
            java.util.UUID.fromString(Input.body(ctx).getString("courseId"))))),
        Map.entry("voteInContest", ctx -> Respond.with(ctx, 201, contests.vote(Caller.of(ctx), Input.id(ctx, "id"),
            Input.id(ctx, "entryId")))),
        Map.entry("createCourse", ctx -> Respond.with(ctx, 201, courses.create(Caller.of(ctx), Input.body(ctx, CourseService.Draft.class)))),
        Map.entry("listCourses", ctx -> Respond.with(ctx, courses.list(Caller.of(ctx), Input.query(ctx, "cursor"),
            Input.queryInt(ctx, "limit", Cursor.DEFAULT_LIMIT)))),
        Map.entry("getCourse", ctx -> Respond.with(ctx, courses.get(Caller.of(ctx), Input.id(ctx, "id")))),
        Map.entry("startStudySession", ctx -> Respond.with(ctx, 201, study.start(Caller.of(ctx), Input.id(ctx, "id")))),
        Map.entry("studyHeartbeat", ctx -> Respond.with(ctx, study.heartbeat(Caller.of(ctx), Input.id(ctx, "id"),
            Input.body(ctx).getInteger("positionSeconds")))),
        Map.entry("attemptQuiz", ctx -> Respond.with(ctx, study.attempt(Caller.of(ctx), Input.id(ctx, "id"),
            Input.body(ctx).getJsonArray("answers").stream().map(a -> a == null ? null : ((Number) a).intValue())
                .toList()))),
        Map.entry("getMyStudy", ctx -> Respond.with(ctx, reports.mine(Caller.of(ctx), year(ctx)))),
        Map.entry("getTrainingReport", ctx -> {
          if (Input.wantsSpreadsheet(ctx)) {
            Respond.spreadsheet(ctx, "training-report.xlsx", training.spreadsheet(Caller.of(ctx), Input.id(ctx, "id"),
                year(ctx)));
          } else {
            Respond.with(ctx, training.report(Caller.of(ctx), Input.id(ctx, "id"), year(ctx)));
          }
        }),
        Map.entry("getStudyReport", ctx -> {
          if (Input.wantsSpreadsheet(ctx)) {
            Respond.spreadsheet(ctx, "study-report.xlsx", reports.spreadsheet(Caller.of(ctx), Input.id(ctx, "id"),
                year(ctx)));
          } else {
            Respond.with(ctx, reports.report(Caller.of(ctx), Input.id(ctx, "id"), year(ctx)));
          }
        }));
  }

  private static Integer year(RoutingContext ctx) {
    return Input.queryInteger(ctx, "year");
  }
}
