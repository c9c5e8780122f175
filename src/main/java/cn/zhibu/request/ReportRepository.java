package cn.zhibu.request;

import static cn.zhibu.platform.Times.utc;

import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Page;
import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The queries of what requests add up to: the public board, the metrics, and the overdue sweep. */
final class ReportRepository {
  /** One resolved request on the board ({@code RequestBoard} items): what was asked and done, never who asked. */
  record Posted(UUID id, String category, String title, String org, String status, Integer rating, String resolution,
      String resolvedAt) {
  }

  /** An org's counts over a period (the org itself when {@code name} is null). */
  record Counts(UUID orgId, String name, long received, long responded, long resolved, long rated, long satisfied,
      long overdue) {
  }

  /** A request the sweep flagged, with the org it left. */
  record Escalated(UUID id, String status, UUID orgId, UUID oldOrgId) {
  }

  private final Pool pool;

  ReportRepository(Pool pool) {
    this.pool = pool;
  }

  /** Resolved, public, not anonymous requests (not of {@code hidden} categories), newest resolution first. */
  Future<Page<Posted>> board(Instant before, int limit, String[] hidden) {
    return pool.preparedQuery("""
            SELECT r.id, r.category, r.title, r.status, r.rating, r.resolved_at,
                   (SELECT u.name FROM orgs u WHERE u.id = ANY(o.ancestry) AND u.kind IN ('college', 'school')
                     ORDER BY array_length(u.ancestry, 1) DESC LIMIT 1) AS org_name,
                   (SELECT note FROM request_timeline t WHERE t.request_id = r.id AND t.action = 'resolve'
                     ORDER BY t.id DESC LIMIT 1) AS resolution
            FROM requests r JOIN orgs o ON o.id = r.org_id
            WHERE r.status IN ('resolved', 'closed') AND r.resolved_at < $1
              AND NOT r.anonymous AND r.on_board AND NOT (r.category = ANY($3))
            ORDER BY r.resolved_at DESC LIMIT $2
            """).execute(Tuple.of(utc(before), limit + 1, hidden))
        .map(rows -> Page.ofRows(rows, limit, row -> new Posted(row.getUUID("id"), row.getString("category"),
            row.getString("title"), row.getString("org_name"), row.getString("status"), row.getInteger("rating"),
            row.getString("resolution"), Times.format(row.getOffsetDateTime("resolved_at"))), row -> {
              Instant last = row.getOffsetDateTime("resolved_at").toInstant();
              return Cursor.encode(Long.toString(last.getEpochSecond() * 1_000_000_000L + last.getNano()));
            }));
  }

  /** Counts of requests received in [from, to) by the subtree of {@code orgId}, and by each child org. */
  Future<List<Counts>> counts(UUID orgId, Instant from, Instant to) {
    return pool.preparedQuery("""
            WITH scoped AS (
              SELECT r.*, o.ancestry FROM requests r JOIN orgs o ON o.id = r.org_id
              WHERE $1 = ANY(o.ancestry) AND r.created_at >= $2 AND r.created_at < $3),
            groups AS (SELECT $1::uuid AS id, NULL::text AS name UNION ALL SELECT id, name FROM orgs WHERE parent_id = $1)
            SELECT g.id, g.name, count(s.id) AS received,
                   count(s.id) FILTER (WHERE s.accepted_at IS NOT NULL AND s.accepted_at <= s.respond_by) AS responded,
                   count(s.id) FILTER (WHERE s.status IN ('resolved', 'closed')) AS resolved,
                   count(s.id) FILTER (WHERE s.rating IS NOT NULL) AS rated,
                   count(s.id) FILTER (WHERE s.rating >= 4) AS satisfied,
                   count(s.id) FILTER (WHERE s.overdue) AS overdue
            FROM groups g LEFT JOIN scoped s ON g.id = ANY(s.ancestry)
            GROUP BY g.id, g.name ORDER BY g.name NULLS FIRST
            """).execute(Tuple.of(orgId, utc(from), utc(to)))
        .map(rows -> {
          List<Counts> counts = new ArrayList<>(rows.size());
          for (Row row : rows) {
            counts.add(new Counts(row.getUUID("id"), row.getString("name"), row.getLong("received"),
                row.getLong("responded"), row.getLong("resolved"), row.getLong("rated"), row.getLong("satisfied"),
                row.getLong("overdue")));
          }
          return counts;
        });
  }

  /**
   * Flags requests past a deadline (not accepted by respondBy, or not resolved by resolveBy) and hands each to
   * the parent of its org. One UPDATE flags each row once, so several instances can run it at the same time.
   */
  Future<List<Escalated>> flagOverdue(SqlClient tx, Instant now) {
    return tx.preparedQuery("""
            WITH due AS (
              SELECT id, org_id AS old_org FROM requests
              WHERE NOT overdue AND status NOT IN ('resolved', 'closed', 'rejected')
                AND (resolve_by < $1 OR (status IN ('held', 'submitted') AND respond_by < $1))
              FOR UPDATE)
            UPDATE requests r SET overdue = true,
                   org_id = coalesce((SELECT o.parent_id FROM orgs o WHERE o.id = r.org_id), r.org_id)
            FROM due WHERE r.id = due.id
            RETURNING r.id, r.status, r.org_id, due.old_org
            """).execute(Tuple.of(utc(now)))
        .map(rows -> {
          List<Escalated> flagged = new ArrayList<>(rows.size());
          for (Row row : rows) {
            flagged.add(new Escalated(row.getUUID("id"), row.getString("status"), row.getUUID("org_id"),
                row.getUUID("old_org")));
          }
          return flagged;
        });
  }

  /** Alerts the secretaries of the org that missed it and the secretaries and admins of the org it went to. */
  Future<Void> alertOverdue(SqlClient tx, Escalated r) {
    return tx.preparedQuery("""
            INSERT INTO push_outbox (kind, request_id, person_id, note)
            SELECT DISTINCT 'message', $1::uuid, r.person_id, '已超期' FROM org_roles r
            WHERE (r.org_id = $3 AND r.role = 'secretary') OR (r.org_id = $2 AND r.role IN ('secretary', 'admin'))
            """).execute(Tuple.of(r.id(), r.orgId(), r.oldOrgId())).mapEmpty();
  }
}
