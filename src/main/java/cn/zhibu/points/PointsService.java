package cn.zhibu.points;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.org.OrgDirectory;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Page;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Leaderboards, the org ranking, the caller's ledger, manual awards and rebuilds. */
final class PointsService {
  private final Pool pool;
  private final PointsRepository ledger;
  private final Boards boards;
  private final Points points;
  private final Scope scope;
  private final OrgDirectory orgs;
  private final Clock clock;
  private final boolean namesOutsideBranch;

  PointsService(Pool pool, PointsRepository ledger, Boards boards, Points points, Scope scope, OrgDirectory orgs,
      Clock clock, boolean namesOutsideBranch) {
    this.pool = pool;
    this.ledger = ledger;
    this.boards = boards;
    this.points = points;
    this.scope = scope;
    this.orgs = orgs;
    this.clock = clock;
    this.namesOutsideBranch = namesOutsideBranch;
  }

  /** One line of a board: the name only where names are shown (one's branch, or oneself). */
  record Line(int rank, String personId, String name, Number score) {
  }

  record MyPlace(Long rank, Number score) {
  }

  /** {@code Leaderboard}. */
  record Board(UUID orgId, String period, String periodKey, String metric, List<Line> entries, MyPlace me) {
  }

  /** {@code ManualAward}: what was credited (less than asked when a cap applied). */
  record Manual(long id, UUID personId, int points, int requested, boolean capped) {
  }

  record Rebuilt(boolean rebuilt, long people) {
  }

  Future<Board> leaderboard(Caller caller, UUID orgId, Periods period, Boards.Metric metric, int limit) {
    return scope.visible(caller, orgId).compose(org -> boards.read(metric, period, org.id(), limit, caller.personId())
        .recover(err -> Future.failedFuture(ApiException.unavailable("leaderboard.unavailable",
            "Leaderboards are being rebuilt or Redis is down; points are still recorded")))
        .map(read -> {
          boolean showNames = namesOutsideBranch || "branch".equals(org.kind());
          List<Line> entries = new java.util.ArrayList<>();
          for (int i = 0; i < read.ids().size(); i++) {
            boolean self = read.ids().get(i).equals(caller.personId().toString());
            entries.add(new Line(i + 1, showNames || self ? read.ids().get(i) : null,
                showNames || self ? read.names().get(i) : null, shown(metric, Score.value(read.scores().get(i)))));
          }
          return new Board(org.id(), period.wire(), period.key(clock.instant()), metric.name().toLowerCase(), entries,
              new MyPlace(read.myRank() == null ? null : read.myRank().longValue(),
                  read.myScore() == null ? 0 : shown(metric, Score.value(read.myScore()))));
        }));
  }

  /** Points as they are; hours boards hold minutes and show hours to two decimals. */
  private static Number shown(Boards.Metric metric, long value) {
    return metric == Boards.Metric.POINTS ? value : Math.round(value * 100.0 / 60) / 100.0;
  }

  /** One child org of the ranking. */
  record Ranked(int rank, UUID orgId, String name, long members, long points, double averagePoints) {
  }

  /** {@code OrgLeaderboard}. */
  record OrgRanking(UUID orgId, String period, String periodKey, List<Ranked> entries) {
  }

  /** {@code MyPoints}: a page of the caller's ledger and their total this year. */
  record Mine(List<PointsRepository.Entry> items, String nextCursor, long totalThisYear) {
  }

  /** Child orgs ranked by average points per party member in the period (size does not win). */
  Future<OrgRanking> orgRanking(Caller caller, UUID orgId, Periods period) {
    Instant now = clock.instant();
    return scope.visible(caller, orgId)
        .compose(org -> ledger.childTotals(org.id(), period.start(now), period.end(now)))
        .map(totals -> {
          List<PointsRepository.OrgTotal> sorted = new java.util.ArrayList<>(totals);
          sorted.sort(java.util.Comparator.comparingDouble(PointsService::average).reversed()
              .thenComparing(PointsRepository.OrgTotal::name));
          List<Ranked> entries = new java.util.ArrayList<>(sorted.size());
          for (PointsRepository.OrgTotal t : sorted) {
            entries.add(new Ranked(entries.size() + 1, t.orgId(), t.name(), t.members(), t.points(), average(t)));
          }
          return new OrgRanking(orgId, period.wire(), period.key(now), entries);
        });
  }

  private static double average(PointsRepository.OrgTotal t) {
    return t.members() == 0 ? 0 : Math.round(t.points() * 100.0 / t.members()) / 100.0;
  }

  Future<Mine> myPoints(Caller caller, String cursor, int limit) {
    String before = Cursor.decode(cursor);
    long beforeId;
    try {
      beforeId = before == null ? Long.MAX_VALUE : Long.parseLong(before);
    } catch (NumberFormatException e) {
      return Future.failedFuture(ApiException.badRequest("request.bad_cursor", "The cursor is not one this server gave out"));
    }
    Future<Page<PointsRepository.Entry>> page = ledger.entries(caller.personId(), beforeId, limit);
    Future<Long> year = ledger.totalSince(caller.personId(), Periods.YEAR.start(clock.instant()));
    return Future.all(page, year).map(all -> new Mine(page.result().items(), page.result().nextCursor(), year.result()));
  }

  /** A manual award by an admin or secretary over the person's branch; never to oneself; always with a reason. */
  Future<Manual> manual(Caller caller, Audit.Actor actor, UUID personId, int amount, String reason, String key) {
    if (personId.equals(caller.personId())) {
      return Future.failedFuture(ApiException.unprocessable("points.self_award", "Nobody can award points to themself"));
    }
    return ledger.homeOrg(personId)
        .compose(home -> home == null ? Future.failedFuture(ApiException.notFound("The person")) : orgs.find(home))
        .compose(home -> Scope.covers(caller, home, Role.MANAGERS) ? Future.succeededFuture(home)
            : Future.failedFuture(ApiException.notFound("The person")))
        .compose(home -> {
          Award award = new Award(personId, PointRules.MANUAL, amount, 0, "manual", caller.personId().toString(),
              "manual:" + (key == null ? UUID.randomUUID().toString() : caller.personId() + ":" + key),
              reason.strip(), caller.personId());
          return points.inTransaction(pool, (tx, awards) -> awards.add(award).compose(entry -> {
                if (!entry.written() && (!personId.equals(entry.personId()) || entry.requested() != amount)) {
                  // A retry repeats the same award; the same key for another award is a mistake, not a retry.
                  return Future.failedFuture(ApiException.conflict("points.key_reused",
                      "This idempotency key was already used for a different award"));
                }
                return entry.written() ? Audit.recordForPerson(tx, actor, personId, "points.manual_award",
                    "person:" + personId, new JsonObject().put("amount", amount).put("credited", entry.points())
                        .put("reason", reason.strip())).map(entry) : Future.succeededFuture(entry);
              }));
        })
        .map(entry -> new Manual(entry.id(), personId, entry.points(), entry.requested(),
            entry.points() < entry.requested()));
  }

  Future<Rebuilt> rebuild(Caller caller) {
    if (!caller.has(Role.ADMIN, orgs.rootId())) {
      return Future.failedFuture(ApiException.forbidden("Only school admins rebuild leaderboards"));
    }
    return boards.rebuild().map(people -> new Rebuilt(true, people.longValue()));
  }

}
