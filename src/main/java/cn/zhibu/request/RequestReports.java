package cn.zhibu.request;

import cn.zhibu.platform.Spreadsheet;
import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The public board, the metrics (响应率、解决率、满意率) and the overdue sweep. */
public final class RequestReports {
  private static final Logger LOG = LoggerFactory.getLogger(RequestReports.class);
  private final Vertx vertx;
  private final Pool pool;
  private final Scope scope;
  private final Clock clock;
  private final String[] hiddenCategories;

  RequestReports(Vertx vertx, Pool pool, Scope scope, Clock clock, java.util.Set<String> hiddenCategories) {
    this.hiddenCategories = hiddenCategories.toArray(String[]::new);
    this.vertx = vertx;
    this.pool = pool;
    this.scope = scope;
    this.clock = clock;
  }

  /** Resolved requests for 党务公开: what was asked and done, by which org; never who asked. */
  Future<JsonObject> board(String cursor, int limit) {
    String after = Cursor.decode(cursor);
    long afterNanos;
    try {
      afterNanos = after == null ? Long.MAX_VALUE : Long.parseLong(after);
    } catch (NumberFormatException e) {
      return Future.failedFuture(ApiException.badRequest("request.bad_cursor", "The cursor is not one this server gave out"));
    }
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
            """).execute(Tuple.of(cn.zhibu.platform.Times.utc(after == null ? Instant.parse("9999-01-01T00:00:00Z")
                : Instant.ofEpochSecond(0, afterNanos)), limit + 1, hiddenCategories))
        .map(rows -> {
          JsonArray items = new JsonArray();
          Instant last = null;
          for (Row row : rows) {
            if (items.size() == limit) {
              break;
            }
            last = row.getOffsetDateTime("resolved_at").toInstant();
            items.add(new JsonObject().put("id", row.getUUID("id").toString()).put("category", row.getString("category"))
                .put("title", row.getString("title")).put("org", row.getString("org_name"))
                .put("status", row.getString("status")).put("rating", row.getInteger("rating"))
                .put("resolution", row.getString("resolution")).put("resolvedAt", Times.format(last)));
          }
          return new JsonObject().put("items", items).put("nextCursor", rows.size() > limit
              ? Cursor.encode(Long.toString(last.getEpochSecond() * 1_000_000_000L + last.getNano())) : null);
        });
  }

  /**
   * For requests received in [from, to) by orgs in the subtree: received, response rate (accepted before
   * respondBy), resolution rate (resolved or closed), satisfaction rate (4-5 stars among rated), overdue;
   * the same for each child org.
   */
  public Future<JsonObject> metrics(Caller caller, UUID orgId, String from, String to) {
    Instant start = from == null ? Instant.EPOCH : Times.parse(from);
    Instant end = to == null ? clock.instant().plusSeconds(1) : Times.parse(to);
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> pool.preparedQuery("""
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
            """).execute(Tuple.of(org.id(), cn.zhibu.platform.Times.utc(start), cn.zhibu.platform.Times.utc(end))))
        .map(rows -> {
          JsonObject total = null;
          JsonArray children = new JsonArray();
          for (Row row : rows) {
            JsonObject figures = figures(row);
            if (row.getString("name") == null) {
              total = figures;
            } else {
              children.add(figures.put("orgId", row.getUUID("id").toString()).put("name", row.getString("name")));
            }
          }
          return total.put("orgId", orgId.toString()).put("children", children);
        });
  }

  private static JsonObject figures(Row row) {
    long received = row.getLong("received");
    long rated = row.getLong("rated");
    return new JsonObject().put("received", received)
        .put("responseRate", rate(row.getLong("responded"), received))
        .put("resolutionRate", rate(row.getLong("resolved"), received))
        .put("satisfactionRate", rate(row.getLong("satisfied"), rated))
        .put("overdue", row.getLong("overdue"));
  }

  private static Double rate(long part, long whole) {
    return whole == 0 ? null : Math.round(part * 10_000.0 / whole) / 10_000.0;
  }

  Future<Buffer> metricsSheet(Caller caller, UUID orgId, String from, String to) {
    return metrics(caller, orgId, from, to).compose(m -> vertx.executeBlocking(() -> Spreadsheet.write(book -> {
      Spreadsheet.Table sheet = book.table("办实事", List.of("组织", "受理数", "响应率", "解决率", "满意率", "超期"));
      for (Object o : m.getJsonArray("children").copy().add(m.copy().put("name", "合计"))) {
        JsonObject row = (JsonObject) o;
        sheet.row(row.getString("name"), row.getLong("received"), row.getDouble("responseRate"),
            row.getDouble("resolutionRate"), row.getDouble("satisfactionRate"), row.getLong("overdue"));
      }
    }), false));
  }

  /**
   * Flags requests past a deadline (not accepted by respondBy, or not resolved by resolveBy) and escalates them
   * to the parent org. One UPDATE flags each row once, so several instances can run it at the same time.
   */
  Future<Integer> sweepOverdue() {
    Instant now = clock.instant();
    return pool.withTransaction(tx -> tx.preparedQuery("""
            WITH due AS (
              SELECT id, org_id AS old_org FROM requests
              WHERE NOT overdue AND status NOT IN ('resolved', 'closed', 'rejected')
                AND (resolve_by < $1 OR (status IN ('held', 'submitted') AND respond_by < $1))
              FOR UPDATE)
            UPDATE requests r SET overdue = true,
                   org_id = coalesce((SELECT o.parent_id FROM orgs o WHERE o.id = r.org_id), r.org_id)
            FROM due WHERE r.id = due.id
            RETURNING r.id, r.status, r.org_id, due.old_org
            """).execute(Tuple.of(cn.zhibu.platform.Times.utc(now)))
        .compose(rows -> {
          Future<Void> chain = Future.succeededFuture();
          for (Row row : rows) {
            chain = chain.compose(v -> RequestRepository.addStep(tx, row.getUUID("id"), "overdue", row.getString("status"),
                row.getString("status"), null, false, "past its deadline; escalated to the org above", now))
                // The secretaries of the org that missed it, and the secretaries and admins of the org it
                // escalated to, are alerted through the push outbox.
                .compose(v -> tx.preparedQuery("""
                    INSERT INTO push_outbox (kind, request_id, person_id, note)
                    SELECT DISTINCT 'message', $1::uuid, r.person_id, '已超期' FROM org_roles r
                    WHERE (r.org_id = $3 AND r.role = 'secretary') OR (r.org_id = $2 AND r.role IN ('secretary', 'admin'))
                    """).execute(Tuple.of(row.getUUID("id"), row.getUUID("org_id"), row.getUUID("old_org"))).mapEmpty());
          }
          return chain.map(rows.rowCount());
        }))
        .onSuccess(n -> {
          if (n > 0) {
            LOG.info("{} requests became overdue and were escalated", n);
          }
        });
  }
}
