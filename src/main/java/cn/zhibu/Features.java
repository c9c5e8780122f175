package cn.zhibu;

import cn.zhibu.auth.AuthModule;
import cn.zhibu.auth.SessionCache;
import cn.zhibu.compliance.ComplianceModule;
import cn.zhibu.development.LifeReminders;
import cn.zhibu.meeting.MeetingModule;
import cn.zhibu.development.DevelopmentModule;
import cn.zhibu.dues.DuesModule;
import cn.zhibu.platform.Exports;
import cn.zhibu.course.CourseModule;
import cn.zhibu.dashboard.DashboardRoutes;
import cn.zhibu.dashboard.PackSheet;
import cn.zhibu.notice.NoticeModule;
import cn.zhibu.notice.PushWorker;
import cn.zhibu.org.OrgModule;
import cn.zhibu.photo.PhotoModule;
import cn.zhibu.profile.ProfileModule;
import cn.zhibu.platform.Changes;
import cn.zhibu.platform.Config;
import cn.zhibu.platform.Redis;
import cn.zhibu.platform.Times;
import cn.zhibu.points.Boards;
import cn.zhibu.points.PointsModule;
import cn.zhibu.request.RequestModule;
import cn.zhibu.review.ReviewModule;
import cn.zhibu.transfer.TransferModule;
import cn.zhibu.volunteer.VolunteerModule;
import cn.zhibu.wechat.WeChatClient;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every feature, built from its dependencies: the operations' handlers by operationId, and the pieces the
 * process-wide jobs use. Each HTTP verticle instance builds its own; building is cheap and holds no I/O.
 */
final class Features {
  final Map<String, Handler<RoutingContext>> handlers = new HashMap<>();
  final AuthModule auth;
  final OrgModule org;
  final Boards boards;
  final RequestModule requests;
  final PushWorker pushWorker;
  /** The jobs run every minute, by name; each stands alone (see {@link BackgroundJobs}). */
  final Map<String, Supplier<Future<Integer>>> minuteJobs = new LinkedHashMap<>();

  /**
   * What the HTTP instances of one process share: news of changes, the checked sessions, the contract with its
   * validators, and {@code pay}, the school's WeChat Pay merchant account (null when it has none).
   */
  record Shared(Changes changes, SessionCache sessions, java.util.concurrent.atomic.AtomicInteger uploadsReading,
      cn.zhibu.wechatpay.PaySettings pay, cn.zhibu.platform.Contract contract) {
    static Shared of(Vertx vertx, Redis redis, cn.zhibu.wechatpay.PaySettings pay, cn.zhibu.platform.Contract contract) {
      Changes changes = new Changes(vertx, redis);
      return new Shared(changes, new SessionCache(changes), new java.util.concurrent.atomic.AtomicInteger(), pay,
          contract);
    }
  }

  Features(Vertx vertx, Config config, Pool pool, Redis redis, WeChatClient wechat, Shared shared, Clock clock) {
    auth = new AuthModule(config, pool, redis, wechat, shared.sessions());
    org = new OrgModule(vertx, pool, auth.sessions, clock);
    PointsModule points = new PointsModule(pool, redis, org.directory, org.scope, clock,
        config.leaderboardNamesEverywhere());
    boards = points.boards;
    MeetingModule meetings = new MeetingModule(vertx, pool, redis, org.scope, wechat, points.points, shared.changes(),
        config.offlineUploadWindow(), config.publicUrl(), clock);
    ComplianceModule compliance = new ComplianceModule(pool, org.scope, config.complianceRemindDay(), clock);
    LifeReminders life = new LifeReminders(pool, clock, config.complianceRemindDay(), org.scope::rootId);
    ReviewModule reviews = new ReviewModule(pool, redis, org.scope, clock);
    // A 民主评议 round's electorate is frozen at its opening minute, not at its first visitor's.
    minuteJobs.put("review-electorate", reviews::freezeOpened);
    minuteJobs.put("meeting-reminders", meetings.reminders::run);
    minuteJobs.put("missing-meeting-reminders", compliance.reminders::run);
    minuteJobs.put("life-reminders", life::run);
    requests = new RequestModule(vertx, pool, redis, org.scope, org.directory, wechat, points.points,
        config.requestCategories(), config.boardHiddenCategories(), clock);
    NoticeModule notices = new NoticeModule(vertx, pool, redis, org.scope, org.directory, wechat, points.points,
        shared.changes(), config.noticeTemplateId(), config.requestTemplateId(), config.meetingTemplateId(), clock);
    pushWorker = notices.worker;
    CourseModule courses = new CourseModule(vertx, pool, redis, org.scope, org.directory, points.points, clock);
    VolunteerModule volunteer = new VolunteerModule(vertx, pool, org.scope, org.directory, points.points, clock);
    minuteJobs.put("volunteer-reminders", volunteer.reminders::run);
    auth.countUnreadWith(notices::unreadFor);
    auth.countVolunteerWith(caller -> volunteer.records.approvedHours(caller.personId(),
        clock.instant().atZone(Times.SCHOOL_ZONE).getYear()));
    auth.countStudyWith(caller -> courses.reports.hours(caller.personId(),
        clock.instant().atZone(Times.SCHOOL_ZONE).getYear()));
    handlers.put("getLabels", ctx -> {
      ctx.response().putHeader("Cache-Control", "public, max-age=3600");
      cn.zhibu.platform.Respond.json(ctx, 200, cn.zhibu.platform.Labels.all());
    });
    handlers.putAll(auth.routes.handlers());
    handlers.putAll(org.routes.handlers());
    handlers.putAll(meetings.routes.handlers());
    handlers.putAll(compliance.routes.handlers());
    handlers.putAll(points.routes.handlers());
    handlers.putAll(requests.routes.handlers());
    handlers.putAll(notices.routes.handlers());
    handlers.putAll(courses.routes.handlers());
    Exports exports = new Exports(pool, config.pgExportTimeoutMillis());
    DuesModule dues = new DuesModule(vertx, pool, exports, org.scope, shared.pay() == null ? null
        : new cn.zhibu.wechatpay.WeChatPayClient(vertx, shared.pay(), clock, 5_000), clock);
    minuteJobs.put("dues-orders", dues::tidyOrders);
    DevelopmentModule development = new DevelopmentModule(pool, org.scope, auth.sessions, clock);
    cn.zhibu.talk.TalkModule talks = new cn.zhibu.talk.TalkModule(pool, org.scope, clock);
    // The 台账 pack's 党费, 党费收支, 思想汇报, 发展党员, 民主评议, 谈心谈话 and meeting-photo sheets, from their own features. Seed 002 三(二) asks for a 工作台账;
    // which sheets it holds is ours, from what inspectors asked for (issue 28).
    List<PackSheet> packSheets = List.of(
        (book, caller, orgId, year, title) -> dues.ledgerInto(caller, orgId, year, book, "党费",
            title + "：" + year + " 年党费"),
        (book, caller, orgId, year, title) -> dues.fundsSheet(caller, orgId, year, "党费收支",
            title + "：" + year + " 年党费收支").compose(book::write),
        (book, caller, orgId, year, title) -> development.rosterSheet(caller, orgId, "发展党员", title + "：发展党员")
            .compose(book::write),
        (book, caller, orgId, year, title) -> reviews.resultsSheet(caller, orgId, year,
            title + "：" + year + " 年民主评议党员（只有票数，不记谁投了谁）").compose(book::write),
        (book, caller, orgId, year, title) -> development.thoughtReportSheet(caller, orgId, year, "思想汇报",
            title + "：" + year + " 年思想汇报").compose(book::write),
        (book, caller, orgId, year, title) -> talks.sheet(caller, orgId, year, "谈心谈话",
            title + "：" + year + " 年谈心谈话").compose(book::write),
        (book, caller, orgId, year, title) -> meetings.photoIndex.sheet(caller, orgId, year, "会议照片",
            title + "：" + year + " 年会议照片与附件").compose(book::write));
    handlers.putAll(new DashboardRoutes(vertx, pool, exports, org.scope, compliance.compliance, requests.reports, clock,
        packSheets).handlers());
    handlers.putAll(volunteer.routes.handlers());
    handlers.putAll(new PhotoModule(vertx, pool, redis, wechat, config, clock).routes.handlers());
    handlers.putAll(development.routes.handlers());
    handlers.putAll(dues.routes.handlers());
    handlers.putAll(reviews.routes.handlers());
    handlers.putAll(new ProfileModule(pool, org.scope, clock).handlers());
    handlers.putAll(talks.handlers());
    cn.zhibu.term.TermModule terms = new cn.zhibu.term.TermModule(pool, org.scope, auth.sessions, clock);
    minuteJobs.put("term-reminders", terms::remind);
    handlers.putAll(terms.handlers());
    cn.zhibu.assessment.AssessmentModule judgement = new cn.zhibu.assessment.AssessmentModule(vertx, pool, org.scope,
        org.directory, compliance.compliance, courses.reports::hours, volunteer.records::approvedHours,
        development::onTime, development::notices, clock);
    minuteJobs.put("assessment-freeze", judgement::freezeClosed);
    minuteJobs.put("assessment-electorate", judgement::freezeElectorates);
    minuteJobs.put("rectification-reminders", judgement::remindRectifications);
    handlers.putAll(judgement.handlers());
    handlers.putAll(new cn.zhibu.statistics.StatisticsModule(vertx, pool, org.scope, clock).handlers());
    handlers.putAll(new cn.zhibu.care.CareModule(pool, org.scope, clock).handlers());
    handlers.putAll(new TransferModule(vertx, pool, org.scope, org.directory, auth.sessions, clock).handlers());
  }

  /**
   * Every minute job once, now (tests; the timers run them every minute): each alone, a failing one logged and
   * skipped; answers how many pushes and changes they made.
   */
  Future<Integer> runMinuteJobs() {
    return BackgroundJobs.runAll(minuteJobs, null);
  }
}
