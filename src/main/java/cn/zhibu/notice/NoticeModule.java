package cn.zhibu.notice;

import cn.zhibu.org.OrgDirectory;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.Redis;
import cn.zhibu.points.Points;
import cn.zhibu.wechat.WeChatClient;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** Builds the notices feature and its push worker. */
public final class NoticeModule {
  public final NoticeRoutes routes;
  public final PushWorker worker;
  private final UnreadCounts unread;
  private final Audience audience;

  public NoticeModule(Vertx vertx, Pool pool, Redis redis, Scope scope, OrgDirectory orgs, WeChatClient wechat,
      Points points, cn.zhibu.platform.Changes changes, String templateId, String requestTemplateId,
      String meetingTemplateId, Clock clock) {
    this.unread = new UnreadCounts(pool, redis);
    this.audience = new Audience(orgs);
    NoticeRepository repository = new NoticeRepository(pool);
    NoticeService notices = new NoticeService(pool, repository, scope, orgs, audience, unread, points,
        new RecentNotices(changes, repository, clock), new ReadMarks(redis, repository), changes, clock);
    this.routes = new NoticeRoutes(notices, new ReceiptService(vertx, pool, repository, notices));
    this.worker = new PushWorker(pool, wechat, templateId, requestTemplateId, meetingTemplateId, clock);
  }

  /** The caller's unread notices (for /me). */
  public io.vertx.core.Future<Long> unreadFor(cn.zhibu.auth.Caller caller) {
    return audience.chain(caller).compose(chain -> unread.unread(caller.personId(), chain));
  }
}
