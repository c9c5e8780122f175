package cn.zhibu.course;

import cn.zhibu.org.OrgDirectory;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.Redis;
import cn.zhibu.points.Points;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** Builds the courses feature. */
public final class CourseModule {
  public final CourseRoutes routes;
  public final StudyReports reports;

  public CourseModule(Vertx vertx, Pool pool, Redis redis, Scope scope, OrgDirectory orgs, Points points, Clock clock) {
    CourseService courses = new CourseService(pool, new CourseRepository(pool), scope, orgs, clock);
    this.reports = new StudyReports(vertx, pool, scope, clock);
    this.routes = new CourseRoutes(courses, new StudyService(pool, new StudyRepository(pool), courses, points, clock), reports,
        new TrainingReport(vertx, new HoursRepository(pool), scope, clock),
        new ContestService(new ContestRepository(pool), redis, scope, orgs, clock));
  }
}
