package cn.zhibu.volunteer;

import cn.zhibu.org.OrgDirectory;
import cn.zhibu.org.Scope;
import cn.zhibu.points.Points;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** Builds the volunteer feature. */
public final class VolunteerModule {
  public final VolunteerRoutes routes;
  public final RecordService records;
  public final ActivityReminders reminders;

  public VolunteerModule(Vertx vertx, Pool pool, Scope scope, OrgDirectory orgs, Points points, Clock clock) {
    this.records = new RecordService(pool, new RecordRepository(pool), scope, orgs, points, clock);
    ActivityRepository activities = new ActivityRepository(pool);
    this.reminders = new ActivityReminders(pool, activities, clock);
    this.routes = new VolunteerRoutes(vertx, new ActivityService(pool, activities, scope, orgs, points, clock), records);
  }
}
