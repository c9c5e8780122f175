package cn.zhibu.points;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.org.OrgDirectory;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** Leaderboards, the org ranking, the caller's ledger, manual awards and rebuilds. */
final class PointsService {
  private final Pool pool;
  private final Boards boards;
  private final Points points;
  private final Scope scope;
  private final OrgDirectory orgs;
  private final Clock clock;
  private final boolean namesOutsideBranch;

  PointsService(Pool pool, Boards boards, Points points, Scope scope, OrgDirectory orgs, Clock clock,
      boolean namesOutsideBranch) {
    this.pool = pool;
    this.boards = boards;
    this.points = points;
    this.scope = scope;
    this.orgs = orgs;
    this.clock = clock;
    this.namesOutsideBranch = namesOutsideBranch;
  }

  Future<JsonObject> leaderboard(Caller caller, UUID orgId, Periods period, Boards.Metric metric, int limit) {
    return scope.visible(caller, orgId).compose(org -> boards.read(metric, period, org.id(), limit, caller.personId())
        .recover(err -> Future.failedFuture(ApiException.unavailable("leaderboard.unavailable",
            "Leaderboards are being rebuilt or Redis is down; points are still recorded")))
        .map(read -> {
          boolean showNames = namesOutsideBranch || "branch".equals(org.kind());
          JsonArray entries = new JsonArray();
          for (int i = 0; i < read.ids().size(); i++) {
            boolean self = read.ids().get(i).equals(caller.personId().toString());
            entries.add(new JsonObject().put("rank", i + 1)
                .put("personId", showNames || self ? read.ids().get(i) : null)
                .put("name", showNames || self ? read.names().get(i) : null)
                .put("score", shown(metric, Score.value(read.scores().get(i)))));
          }
          return new JsonObject().put("orgId", org.id().toString()).put("period", period.wire())
              .put("periodKey", period.key(clock.instant())).put("metric", metric.name().toLowerCase())
              .put("entries", entries).put("me", new JsonObject().put("rank", read.myRank())
                  .put("score", read.myScore() == null ? 0 : shown(metric, Score.value(read.myScore()))));
        }));
  }

  /** Points as they are; hours boards hold minutes and show hours to two decimals. */
  private static Number shown(Boards.Metric metric, long value) {
    return metric == Boards.Metric.POINTS ? value : Math.round(value * 100.0 / 60) / 100.0;
  }

  /** Child orgs ranked by average points per party member in the period (size does not win). */
  Future<JsonObject> orgRanking(Caller caller, UUID orgId, Periods period) {
    Instant now = clock.instant();
    return scope.visible(caller, orgId).compose(org -> pool.preparedQuery("""
            WITH kids AS (SELECT id, name FROM orgs WHERE parent_id = $1),
            members AS (
              SELECT k.id AS org_id, count(DISTINCT r.person_id) AS n
              FROM kids k JOIN orgs o ON k.id = ANY(o.ancestry) JOIN org_roles r ON r.org_id = o.id AND r.role = 'member'
              GROUP BY k.id),
            earned AS (
              SELECT k.id AS org_id, sum(l.points) AS total
              FROM kids k JOIN orgs o ON k.id = ANY(o.ancestry) JOIN persons p ON p.org_id = o.id
              JOIN points_ledger l ON l.person_id = p.id AND l.awarded_at >= $2 AND l.awarded_at < $3
              GROUP BY k.id)
            SELECT k.id, k.name, coalesce(m.n, 0) AS members, coalesce(e.total, 0) AS total
            FROM kids k LEFT JOIN members m ON m.org_id = k.id LEFT JOIN earned e ON e.org_id = k.id
            """).execute(Tuple.of(org.id(), cn.zhibu.platform.Times.utc(period.start(now)), cn.zhibu.platform.Times.utc(period.end(now)))))
        .map(rows -> {
          java.util.List<JsonObject> list = new java.util.ArrayList<>();
          for (Row row : rows) {
            long members = row.getLong("members");
            long total = row.getLong("total");
            double average = members == 0 ? 0 : Math.round(total * 100.0 / members) / 100.0;
            list.add(new JsonObject().put("orgId", row.getUUID("id").toString()).put("name", row.getString("name"))
                .put("members", members).put("points", total).put("averagePoints", average));
          }
          list.sort((a, b) -> {
            int byAverage = Double.compare(b.getDouble("averagePoints"), a.getDouble("averagePoints"));
            return byAverage != 0 ? byAverage : a.getString("name").compareTo(b.getString("name"));
          });
          JsonArray entries = new JsonArray();
          for (int i = 0; i < list.size(); i++) {
            entries.add(list.get(i).put("rank", i + 1));
          }
          return new JsonObject().put("orgId", orgId.toString()).put("period", period.wire())
              .put("periodKey", period.key(now)).put("entries", entries);
        });
  }

  Future<JsonObject> myPoints(Caller caller, String cursor, int limit) {
    String before = Cursor.decode(cursor);
    long beforeId;
    try {
      beforeId = before == null ? Long.MAX_VALUE : Long.parseLong(before);
    } catch (NumberFormatException e) {
      return Future.failedFuture(ApiException.badRequest("request.bad_cursor", "The cursor is not one this server gave out"));
    }
    Instant now = clock.instant();
    Future<JsonObject> page = pool.preparedQuery("""
            SELECT id, category, points, requested, minutes, source_type, source_id, reason, awarded_at, hash
            FROM points_ledger WHERE person_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3
            """).execute(Tuple.of(caller.personId(), beforeId, limit + 1))
        .map(rows -> {
          JsonArray items = new JsonArray();
          Long last = null;
          for (Row row : rows) {
            if (items.size() == limit) {
              break;
            }
            last = row.getLong("id");
            items.add(new JsonObject().put("id", last).put("category", row.getString("category"))
                .put("points", row.getInteger("points")).put("requested", row.getInteger("requested"))
                .put("capped", row.getInteger("points") < row.getInteger("requested"))
                .put("minutes", row.getInteger("minutes"))
                .put("source", new JsonObject().put("type", row.getString("source_type"))
                    .put("id", row.getString("source_id")))
                .put("reason", row.getString("reason")).put("awardedAt", Times.format(row.getOffsetDateTime("awarded_at")))
                .put("hash", row.getString("hash")));
          }
          return new JsonObject().put("items", items)
              .put("nextCursor", rows.size() > limit ? Cursor.encode(String.valueOf(last)) : null);
        });
    Future<Long> year = pool.preparedQuery("""
            SELECT coalesce(sum(points), 0) FROM points_ledger WHERE person_id = $1 AND awarded_at >= $2
            """).execute(Tuple.of(caller.personId(), cn.zhibu.platform.Times.utc(Periods.YEAR.start(now))))
        .map(rows -> rows.iterator().next().getLong(0));
    return Future.all(page, year).map(all -> page.result().put("totalThisYear", year.result()));
  }

  /** A manual award by an admin or secretary over the person's branch; never to oneself; always with a reason. */
  Future<JsonObject> manual(Caller caller, Audit.Actor actor, UUID personId, int amount, String reason, String key) {
    if (personId.equals(caller.personId())) {
      return Future.failedFuture(ApiException.unprocessable("points.self_award", "Nobody can award points to themself"));
    }
    return pool.preparedQuery("SELECT org_id FROM persons WHERE id = $1 AND anonymised_at IS NULL")
        .execute(Tuple.of(personId))
        .compose(rows -> rows.size() == 0 || rows.iterator().next().getUUID("org_id") == null
            ? Future.failedFuture(ApiException.notFound("The person"))
            : orgs.find(rows.iterator().next().getUUID("org_id")))
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
        .map(entry -> new JsonObject().put("id", entry.id()).put("personId", personId.toString())
            .put("points", entry.points()).put("requested", entry.requested())
            .put("capped", entry.points() < entry.requested()));
  }

  Future<JsonObject> rebuild(Caller caller) {
    if (!caller.has(Role.ADMIN, orgs.rootId())) {
      return Future.failedFuture(ApiException.forbidden("Only school admins rebuild leaderboards"));
    }
    return boards.rebuild().map(people -> new JsonObject().put("rebuilt", true).put("people", people));
  }

}
