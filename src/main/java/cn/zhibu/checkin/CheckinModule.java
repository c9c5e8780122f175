package cn.zhibu.checkin;

import cn.zhibu.org.Scope;
import cn.zhibu.platform.RateLimiter;
import cn.zhibu.platform.Redis;
import cn.zhibu.points.Points;
import cn.zhibu.wechat.WeChatClient;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** Builds the check-in feature. */
public final class CheckinModule {
  public final CheckinRoutes routes;
  public final ComplianceService compliance;
  public final EventFacts facts;
  public final Reminders reminders;

  public CheckinModule(Vertx vertx, Pool pool, Redis redis, Scope scope, WeChatClient wechat, Points points,
      cn.zhibu.platform.Changes changes, java.time.Duration offlineWindow, int remindDay, Clock clock) {
    EventRepository repository = new EventRepository(pool);
    EventService events = new EventService(repository, scope, wechat, new RateLimiter(redis), clock);
    this.compliance = new ComplianceService(pool, new ComplianceRepository(pool), scope, scope::rootId);
    this.facts = new EventFacts(vertx, pool, changes, clock);
    this.reminders = new Reminders(pool, compliance, clock, remindDay);
    this.routes = new CheckinRoutes(events, new Attachments(vertx, pool, new AttachmentRepository(pool), events), new EventRecords(pool, events, repository, facts, scope, points, clock),
        new CheckinService(pool, events, facts, points, scope, clock, offlineWindow),
        new LeaveService(pool, new LeaveRepository(pool), events, scope, clock), new AttendanceService(vertx, pool, new AttendanceRepository(pool), events, scope, points, clock),
        compliance);
  }
}
