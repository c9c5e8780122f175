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
  private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  private final CourseService courses;
  private final StudyService study;
  private final StudyReports reports;

  CourseRoutes(CourseService courses, StudyService study, StudyReports reports) {
    this.courses = courses;
    this.study = study;
    this.reports = reports;
  }

  @Override
  public Map<String, Handler<RoutingContext>> handlers() {
    return Map.of(
        "createCourse", ctx -> Respond.with(ctx, 201, courses.create(Caller.of(ctx), Input.body(ctx))),
        "listCourses", ctx -> Respond.with(ctx, courses.list(Caller.of(ctx), Input.query(ctx, "cursor"),
            Input.queryInt(ctx, "limit", Cursor.DEFAULT_LIMIT))),
        "getCourse", ctx -> Respond.with(ctx, courses.get(Caller.of(ctx), Input.id(ctx, "id"))),
        "startStudySession", ctx -> Respond.with(ctx, 201, study.start(Caller.of(ctx), Input.id(ctx, "id"))),
        "studyHeartbeat", ctx -> Respond.with(ctx, study.heartbeat(Caller.of(ctx), Input.id(ctx, "id"),
            Input.body(ctx).getInteger("positionSeconds"))),
        "attemptQuiz", ctx -> Respond.with(ctx, study.attempt(Caller.of(ctx), Input.id(ctx, "id"),
            Input.body(ctx).getJsonArray("answers").stream().map(a -> a == null ? null : ((Number) a).intValue())
                .toList())),
        "getMyStudy", ctx -> Respond.with(ctx, reports.mine(Caller.of(ctx), year(ctx))),
        "getStudyReport", ctx -> {
          if ("xlsx".equals(Input.query(ctx, "format"))) {
            Respond.binary(ctx, XLSX, "study-report.xlsx", reports.spreadsheet(Caller.of(ctx), Input.id(ctx, "id"),
                year(ctx)));
          } else {
            Respond.with(ctx, reports.report(Caller.of(ctx), Input.id(ctx, "id"), year(ctx)));
          }
        });
  }

  private static Integer year(RoutingContext ctx) {
    String year = Input.query(ctx, "year");
    return year == null ? null : Integer.valueOf(year);
  }
}
