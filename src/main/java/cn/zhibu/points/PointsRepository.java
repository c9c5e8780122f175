package cn.zhibu.points;

import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Page;
import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The ledger as people and orgs read it: a person's entries and year, the orgs' totals, whom to award. */
final class PointsRepository {
  /** One ledger entry as its owner sees it ({@code MyPoints} items). */
  record Entry(long id, String category, int points, int requested, boolean capped, int minutes, Source source,
      String reason, String awardedAt, String hash) {
  }

  /** What an entry rewards. */
  record Source(String type, String id) {
  }

  /** A child org's party members and the points they earned in a period. */
  record OrgTotal(UUID orgId, String name, long members, long points) {
  }

  private final Pool pool;

  PointsRepository(Pool pool) {
    this.pool = pool;
  }

  /** The person's entries, newest first, before the entry {@code beforeId}. */
  Future<Page<Entry>> entries(UUID person, long beforeId, int limit) {
    return pool.preparedQuery("""
            SELECT id, category, points, requested, minutes, source_type, source_id, reason, awarded_at, hash
            FROM points_ledger WHERE person_id = $1 AND id < $2 ORDER BY id DESC LIMIT $3
            """).execute(Tuple.of(person, beforeId, limit + 1))
        .map(rows -> Page.ofRows(rows, limit, row -> new Entry(row.getLong("id"), row.getString("category"),
                row.getInteger("points"), row.getInteger("requested"), row.getInteger("points") < row.getInteger("requested"),
                row.getInteger("minutes"), new Source(row.getString("source_type"), row.getString("source_id")),
                row.getString("reason"), Times.format(row.getOffsetDateTime("awarded_at")), row.getString("hash")),
            row -> Cursor.encode(String.valueOf(row.getLong("id")))));
  }

  /** The person's points since {@code from}. */
  Future<Long> totalSince(UUID person, Instant from) {
    return pool.preparedQuery("SELECT coalesce(sum(points), 0) FROM points_ledger WHERE person_id = $1 AND awarded_at >= $2")
        .execute(Tuple.of(person, Times.utc(from))).map(rows -> rows.iterator().next().getLong(0));
  }

  /** Each child org of {@code orgId}: its party members (anywhere below it) and their points in the period. */
  Future<List<OrgTotal>> childTotals(UUID orgId, Instant from, Instant to) {
    return pool.preparedQuery("""
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
            """).execute(Tuple.of(orgId, Times.utc(from), Times.utc(to)))
        .map(rows -> {
          List<OrgTotal> totals = new ArrayList<>(rows.size());
          for (Row row : rows) {
            totals.add(new OrgTotal(row.getUUID("id"), row.getString("name"), row.getLong("members"), row.getLong("total")));
          }
          return totals;
        });
  }

  /** The branch of someone who may be awarded points by hand, or null (no such person, or not on a roster). */
  Future<UUID> homeOrg(UUID person) {
    return pool.preparedQuery("SELECT org_id FROM persons WHERE id = $1 AND anonymised_at IS NULL").execute(Tuple.of(person))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("org_id"));
  }
}
