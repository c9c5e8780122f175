package cn.zhibu.notice;


import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.org.Org;
import cn.zhibu.org.OrgDirectory;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Page;
import cn.zhibu.platform.Times;
import cn.zhibu.points.Award;
import cn.zhibu.points.PointRules;
import cn.zhibu.points.Points;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Publishing notices, the member's feed and reading them. */
final class NoticeService {
  /** Reading a must-read notice within this long of publishing earns notice_read points. */
  static final Duration READ_IN_TIME = Duration.ofHours(72);

  /** What a publisher sends (the contract has checked it). */
  record Draft(String title, String body, List<UUID> targetOrgIds, boolean mustRead, boolean push) {
  }

  /** {@code NoticePublished}. */
  record Published(UUID id, String title, boolean mustRead, boolean push, List<UUID> targetOrgIds, String createdAt) {
  }

  /** One notice of the feed, as the member sees it. */
  record FeedItem(UUID id, String title, boolean mustRead, String author, String createdAt, boolean read) {
  }

  /** {@code NoticePage}: a page of the feed and how many the member has not read (for the tab's badge). */
  record Feed(List<FeedItem> items, String nextCursor, long unread) {
  }

  /** {@code NoticeDetail}: the notice with its body rendered safely, and whether the caller is one of its readers. */
  record Detail(UUID id, String title, String body, String html, boolean mustRead, String author, String createdAt,
      boolean read) {
  }

  /** The notice, and whether the caller is among those it targets (else they manage it). */
  record Access(NoticeRepository.Notice notice, boolean targeted) {
  }

  private final Pool pool;
  private final NoticeRepository notices;
  private final Scope scope;
  private final OrgDirectory orgs;
  private final Audience audience;
  private final UnreadCounts unread;
  private final Points points;
  private final Clock clock;
  private final RecentNotices recent;
  private final ReadMarks marks;
  private final cn.zhibu.platform.Changes changes;

  NoticeService(Pool pool, NoticeRepository notices, Scope scope, OrgDirectory orgs, Audience audience,
      UnreadCounts unread, Points points, RecentNotices recent, ReadMarks marks, cn.zhibu.platform.Changes changes,
      Clock clock) {
    this.recent = recent;
    this.marks = marks;
    this.changes = changes;
    this.pool = pool;
    this.notices = notices;
    this.scope = scope;
    this.orgs = orgs;
    this.audience = audience;
    this.unread = unread;
    this.points = points;
    this.clock = clock;
  }

  /**
   * Writes the notice, its targets and (when pushing) one outbox row, in one transaction: constant work
   * whatever the audience. The outbox worker fans the push out later.
   */
  Future<Published> publish(Caller caller, Draft draft) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    UUID id = UUID.randomUUID();
    boolean push = draft.push();
    String title = draft.title().strip();
    boolean mustRead = draft.mustRead();
    return Future.all(draft.targetOrgIds().stream().map(org -> scope.require(caller, org, Role.MANAGERS)).toList())
        .map(all -> Audience.disjoint(all.<Org>list()).stream().map(Org::id).toList())
        .compose(targets -> pool.withTransaction(tx -> notices.insert(tx, new NoticeRepository.Notice(id, title,
                draft.body(), mustRead, now, caller.personId(), null, targets), push))
            .compose(v -> unread.published(targets))
            .compose(v -> changes.publish(RecentNotices.TOPIC, id.toString()))
            .map(v -> new Published(id, title, mustRead, push, targets, Times.format(now))));
  }

  /**
   * A page of the caller's feed. The first page (the one every member opens) comes from the chain's recent
   * notices in memory and the read flags in Redis, with no query; later pages, or any trouble with Redis, read
   * PostgreSQL.
   */
  Future<Feed> feed(Caller caller, String cursor, int limit) {
    return audience.chain(caller).compose(chain -> {
      Future<Page<FeedItem>> page = (cursor == null || cursor.isEmpty()) && limit < RecentNotices.SIZE
          ? firstPage(caller.personId(), chain, limit)
              .recover(err -> notices.feed(caller.personId(), chain, Cursor.newest(null), limit))
          : notices.feed(caller.personId(), chain, Cursor.newest(cursor), limit);
      // The count does not depend on the page: both are asked at once (two Redis round trips in flight, not in turn).
      Future<Long> count = unread.unread(caller.personId(), chain);
      return Future.all(page, count).map(both -> new Feed(page.result().items(), page.result().nextCursor(),
          count.result()));
    });
  }

  private Future<Page<FeedItem>> firstPage(UUID person, List<UUID> chain, int limit) {
    return recent.of(chain).compose(all -> {
      List<RecentNotices.Item> shown = all.subList(0, Math.min(limit, all.size()));
      return marks.readAmong(person, shown.stream().map(RecentNotices.Item::id).toList()).map(read -> {
        List<FeedItem> items = shown.stream().map(n -> new FeedItem(n.id(), n.title(), n.mustRead(), n.author(),
            n.shownAt(), read.contains(n.id()))).toList();
        RecentNotices.Item last = shown.isEmpty() ? null : shown.get(shown.size() - 1);
        return new Page<>(items, all.size() > limit ? Cursor.newest(last.createdAt(), last.id()) : null);
      });
    });
  }

  /** The notice; opening it as a targeted member marks it read. Authors and admins in scope may look too. */
  Future<Detail> open(Caller caller, UUID id) {
    return access(caller, id).compose(access -> (access.targeted() ? markRead(caller, id) : Future.<Void>succeededFuture())
        .map(v -> {
          NoticeRepository.Notice n = access.notice();
          return new Detail(id, n.title(), n.body(), NoticeBody.html(n.body()), n.mustRead(), n.author(),
              Times.format(n.createdAt()), access.targeted());
        }));
  }

  Future<Void> read(Caller caller, UUID id) {
    return access(caller, id).compose(access -> access.targeted() ? markRead(caller, id)
        : Future.failedFuture(ApiException.notFound("The notice")));
  }

  /** Once per person and notice whatever the concurrency; a must-read read in time earns points. */
  private Future<Void> markRead(Caller caller, UUID id) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    return points.inTransaction(pool, (tx, awards) -> notices.markRead(tx, id, caller.personId(), now, READ_IN_TIME)
        .compose(inTime -> inTime == null ? Future.succeededFuture(false)
            : inTime ? awards.add(Award.of(caller.personId(), PointRules.NOTICE_READ, "notice", id.toString())).map(true)
            : Future.succeededFuture(true)))
        .compose(firstRead -> firstRead ? unread.read(caller.personId()) : Future.succeededFuture())
        .compose(v -> marks.marked(caller.personId(), id));
  }

  /** Targeted members, the author, and admins or secretaries over a target; anyone else gets 404. */
  Future<Access> access(Caller caller, UUID id) {
    return notices.find(id).compose(notice -> notice == null ? Future.failedFuture(ApiException.notFound("The notice"))
        : audience.chain(caller).compose(chain -> {
          if (notice.targets().stream().anyMatch(chain::contains)) {
            return Future.succeededFuture(new Access(notice, true));
          }
          return manages(caller, notice).compose(ok -> ok ? Future.succeededFuture(new Access(notice, false))
              : Future.failedFuture(ApiException.notFound("The notice")));
        }));
  }

  /** Whether the caller is an admin over any of the notice's targets. */
  Future<Boolean> adminOverTargets(Caller caller, NoticeRepository.Notice notice) {
    return Future.all(notice.targets().stream().map(orgs::find).toList()).map(all -> {
      for (int i = 0; i < all.size(); i++) {
        if (Scope.covers(caller, all.resultAt(i), Set.of(Role.ADMIN))) {
          return true;
        }
      }
      return false;
    });
  }

  /**
   * The author while they still hold the right to publish to every target (secretary or admin over it, as of
   * this request), or an admin over any of the targets. A secretary who hands over the branch loses receipts.
   */
  Future<Boolean> manages(Caller caller, NoticeRepository.Notice notice) {
    if (!caller.personId().equals(notice.authorId())) {
      return adminOverTargets(caller, notice);
    }
    return Future.all(notice.targets().stream().map(orgs::find).toList()).compose(all -> {
      for (int i = 0; i < all.size(); i++) {
        if (!Scope.covers(caller, all.resultAt(i), Role.MANAGERS)) {
          return adminOverTargets(caller, notice);
        }
      }
      return Future.succeededFuture(true);
    });
  }
}
