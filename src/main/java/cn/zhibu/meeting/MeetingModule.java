package cn.zhibu.meeting;

import cn.zhibu.org.Scope;
import cn.zhibu.platform.RateLimiter;
import cn.zhibu.platform.Redis;
import cn.zhibu.points.Points;
import cn.zhibu.wechat.WeChatClient;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** Builds the meetings feature: events and their records, check-in, leave, attendance, meeting reminders. */
public final class MeetingModule {
  public final MeetingRoutes routes;
  public final EventFacts facts;
  public final MeetingReminders reminders;
  /** The 台账's index of meeting photos and files. */
  public final PhotoIndex photoIndex;

  public MeetingModule(Vertx vertx, Pool pool, Redis redis, Scope scope, WeChatClient wechat, Points points,
      cn.zhibu.platform.Changes changes, java.time.Duration offlineWindow, String publicUrl, Clock clock) {
    EventRepository repository = new EventRepository(pool);
    EventService events = new EventService(repository, scope, wechat, new RateLimiter(redis), clock);
    this.facts = new EventFacts(vertx, pool, changes, clock);
    this.reminders = new MeetingReminders(pool, repository, clock);
    AttachmentRepository files = new AttachmentRepository(pool);
    this.photoIndex = new PhotoIndex(files, scope, publicUrl);
    this.routes = new MeetingRoutes(events, new Attachments(vertx, pool, files, events), new EventRecords(pool, events, repository, facts, scope, points, clock),
        new CheckinService(pool, events, facts, points, scope, clock, offlineWindow),
        new LeaveService(pool, new LeaveRepository(pool), events, scope, clock), new AttendanceService(vertx, pool, new AttendanceRepository(pool), events, scope, points, clock));
  }
}
