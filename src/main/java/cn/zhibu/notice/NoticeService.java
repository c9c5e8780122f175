package cn.zhibu.notice;

import static cn.zhibu.platform.Times.utc;

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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
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
  private final Pool pool;
  private final Scope scope;
  private final OrgDirectory orgs;
  private final Audience audience;
  private final UnreadCounts unread;
  private final Points points;
  private final Clock clock;

  NoticeService(Pool pool, Scope scope, OrgDirectory orgs, Audience audience, UnreadCounts unread, Points points,
      Clock clock) {
    this.pool = pool;
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
  Future<JsonObject> publish(Caller caller, JsonObject body) {
    List<UUID> requested = body.getJsonArray("targetOrgIds").stream().map(o -> UUID.fromString((String) o)).toList();
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    UUID id = UUID.randomUUID();
    boolean push = body.getBoolean("push", false);
    return Future.all(requested.stream().map(org -> scope.require(caller, org, Role.MANAGERS)).toList())
        .map(all -> Audience.disjoint(all.<Org>list()))
        .compose(targets -> pool.withTransaction(tx -> tx.preparedQuery("""
                INSERT INTO notices (id, author_id, title, body, must_read, push, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                """).execute(Tuple.of(id, caller.personId(), body.getString("title").strip(), body.getString("body"),
                    body.getBoolean("mustRead", false), push, utc(now)))
            .compose(v -> tx.preparedQuery("INSERT INTO notice_targets (notice_id, org_id) SELECT $1, unnest($2::uuid[])")
                .execute(Tuple.tuple().addUUID(id).addArrayOfUUID(targets.stream().map(Org::id).toArray(UUID[]::new))))
            .compose(v -> push ? tx.preparedQuery("INSERT INTO push_outbox (kind, notice_id) VALUES ('fanout', $1)")
                .execute(Tuple.of(id)).mapEmpty() : Future.succeededFuture()))
            .compose(v -> unread.published(targets.stream().map(Org::id).toList()))
            .map(v -> new JsonObject().put("id", id.toString()).put("title", body.getString("title").strip())
                .put("mustRead", body.getBoolean("mustRead", false)).put("push", push)
                .put("targetOrgIds", new JsonArray(targets.stream().map(t -> t.id().toString()).toList()))
                .put("createdAt", Times.format(now))));
  }

  /** One notice of the feed, as the member sees it. */
  record FeedItem(UUID id, String title, boolean mustRead, String author, String createdAt, boolean read) {
  }

  /** {@code NoticePage}: a page of the feed and how many the member has not read (for the tab's badge). */
  record Feed(List<FeedItem> items, String nextCursor, long unread) {
  }

  Future<Feed> feed(Caller caller, String cursor, int limit) {
    Cursor.Newest after = Cursor.newest(cursor);
    return audience.chain(caller).compose(chain -> pool.preparedQuery("""
            SELECT n.id, n.title, n.must_read, n.created_at, a.name AS author, r.read_at
            FROM notices n JOIN persons a ON a.id = n.author_id
            LEFT JOIN notice_reads r ON r.notice_id = n.id AND r.person_id = $1
            WHERE EXISTS (SELECT 1 FROM notice_targets t WHERE t.notice_id = n.id AND t.org_id = ANY($2))
              AND (n.created_at, n.id) < ($3, $4)
            ORDER BY n.created_at DESC, n.id DESC LIMIT $5
            """).execute(Tuple.of(caller.personId(), chain.toArray(UUID[]::new), after.utc(), after.id(), limit + 1))
        .compose(rows -> unread.unread(caller.personId(), chain).map(count -> {
          Page<FeedItem> page = Page.ofRows(rows, limit, row -> new FeedItem(row.getUUID("id"), row.getString("title"),
              row.getBoolean("must_read"), row.getString("author"), Times.format(row.getOffsetDateTime("created_at")),
              row.getValue("read_at") != null), row -> Cursor.newest(row, "created_at"));
          return new Feed(page.items(), page.nextCursor(), count);
        })));
  }

  /** The notice; opening it as a targeted member marks it read. Authors and admins in scope may look too. */
  Future<JsonObject> open(Caller caller, UUID id) {
    return access(caller, id).compose(access -> (access.targeted() ? markRead(caller, id) : Future.<Void>succeededFuture())
        .map(v -> {
          Row row = access.notice();
          return new JsonObject().put("id", id.toString()).put("title", row.getString("title"))
              .put("body", row.getString("body")).put("html", NoticeBody.html(row.getString("body")))
              .put("mustRead", row.getBoolean("must_read")).put("author", row.getString("author"))
              .put("createdAt", Times.format(row.getOffsetDateTime("created_at")))
              .put("read", access.targeted());
        }));
  }

  Future<Void> read(Caller caller, UUID id) {
    return access(caller, id).compose(access -> access.targeted() ? markRead(caller, id)
        : Future.failedFuture(ApiException.notFound("The notice")));
  }

  /** Once per person and notice whatever the concurrency; a must-read read in time earns points. */
  private Future<Void> markRead(Caller caller, UUID id) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    return points.inTransaction(pool, (tx, awards) -> tx.preparedQuery("""
            INSERT INTO notice_reads (notice_id, person_id, read_at) VALUES ($1, $2, $3)
            ON CONFLICT DO NOTHING
            RETURNING (SELECT must_read AND created_at > $4 FROM notices WHERE id = $1) AS in_time
            """).execute(Tuple.of(id, caller.personId(), utc(now), utc(now.minus(READ_IN_TIME))))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(false);
          }
          boolean inTime = Boolean.TRUE.equals(rows.iterator().next().getBoolean("in_time"));
          return inTime ? awards.add(Award.of(caller.personId(), PointRules.NOTICE_READ, "notice", id.toString())).map(true)
              : Future.succeededFuture(true);
        }))
        .compose(firstRead -> firstRead ? unread.read(caller.personId()) : Future.succeededFuture());
  }

  record Access(Row notice, boolean targeted) {
  }

  /** Targeted members, the author, and admins or secretaries over a target; anyone else gets 404. */
  Future<Access> access(Caller caller, UUID id) {
    return pool.preparedQuery("""
            SELECT n.id, n.title, n.body, n.must_read, n.created_at, n.author_id, a.name AS author,
                   array_agg(t.org_id) AS targets
            FROM notices n JOIN persons a ON a.id = n.author_id JOIN notice_targets t ON t.notice_id = n.id
            WHERE n.id = $1 GROUP BY n.id, a.name
            """).execute(Tuple.of(id))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiException.notFound("The notice"))
            : audience.chain(caller).compose(chain -> {
              Row row = rows.iterator().next();
              List<UUID> targets = List.of(row.getArrayOfUUIDs("targets"));
              boolean targeted = targets.stream().anyMatch(chain::contains);
              if (targeted) {
                return Future.succeededFuture(new Access(row, true));
              }
              return manages(caller, row).compose(ok -> ok ? Future.succeededFuture(new Access(row, false))
                  : Future.failedFuture(ApiException.notFound("The notice")));
            }));
  }

  /** Whether the caller is an admin over any of the notice's targets. */
  Future<Boolean> adminOverTargets(Caller caller, Row notice) {
    List<UUID> targets = List.of(notice.getArrayOfUUIDs("targets"));
    return Future.all(targets.stream().map(orgs::find).toList()).map(all -> {
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
  Future<Boolean> manages(Caller caller, Row notice) {
    if (!caller.personId().equals(notice.getUUID("author_id"))) {
      return adminOverTargets(caller, notice);
    }
    List<UUID> targets = List.of(notice.getArrayOfUUIDs("targets"));
    return Future.all(targets.stream().map(orgs::find).toList()).compose(all -> {
      for (int i = 0; i < all.size(); i++) {
        if (!Scope.covers(caller, all.resultAt(i), Role.MANAGERS)) {
          return adminOverTargets(caller, notice);
        }
      }
      return Future.succeededFuture(true);
    });
  }

}
