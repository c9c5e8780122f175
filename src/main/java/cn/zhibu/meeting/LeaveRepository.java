package cn.zhibu.meeting;

import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Page;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Every query of leave (请假). */
final class LeaveRepository {
  private static final String SELECT = "SELECT " + Leave.COLUMNS
      + " FROM leaves l JOIN events e ON e.id = l.event_id JOIN persons p ON p.id = l.person_id ";

  /** Where a person stands with a meeting when asking for leave. */
  record Standing(boolean expected, boolean checkedIn) {
  }

  /** Whose leave it is and for which meeting, before anyone may decide it. */
  record Owner(UUID eventId, UUID personId) {
  }

  private final Pool pool;

  LeaveRepository(Pool pool) {
    this.pool = pool;
  }

  Future<Standing> standing(SqlClient tx, UUID eventId, UUID personId) {
    return tx.preparedQuery("""
            SELECT EXISTS (SELECT 1 FROM event_attendees WHERE event_id = $1 AND person_id = $2) AS expected,
                   EXISTS (SELECT 1 FROM checkins WHERE event_id = $1 AND person_id = $2) AS checked_in
            """).execute(Tuple.of(eventId, personId))
        .map(rows -> {
          Row row = rows.iterator().next();
          return new Standing(row.getBoolean("expected"), row.getBoolean("checked_in"));
        });
  }

  /** Inserts the request; null when the person already asked for this meeting. */
  Future<Leave> insert(SqlClient tx, UUID id, UUID eventId, UUID personId, String reason) {
    return tx.preparedQuery("""
            INSERT INTO leaves (id, event_id, person_id, reason) VALUES ($1, $2, $3, $4)
            ON CONFLICT (event_id, person_id) DO NOTHING RETURNING id
            """).execute(Tuple.of(id, eventId, personId, reason))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture() : byId(tx, id));
  }

  Future<Owner> owner(UUID id) {
    return pool.preparedQuery("SELECT event_id, person_id FROM leaves WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null
            : new Owner(rows.iterator().next().getUUID("event_id"), rows.iterator().next().getUUID("person_id")));
  }

  /** Decides a pending request; null when it was decided meanwhile (by someone else, or a second click). */
  Future<Leave> decide(SqlClient tx, UUID id, boolean approve, UUID decidedBy) {
    return tx.preparedQuery("""
            UPDATE leaves SET status = $2, decided_by = $3, decided_at = now()
            WHERE id = $1 AND status = 'pending' RETURNING id
            """).execute(Tuple.of(id, approve ? "approved" : "refused", decidedBy))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture() : byId(tx, id));
  }

  /** Requests for meetings of the org's subtree, newest first, a page at a time; {@code status} null for all. */
  Future<Page<Leave>> ofSubtree(UUID orgId, String status, Cursor.Newest after, int limit) {
    return pool.preparedQuery(SELECT + """
            JOIN orgs o ON o.id = e.org_id
            WHERE $1 = ANY(o.ancestry) AND ($2::text IS NULL OR l.status = $2) AND (l.requested_at, l.id) < ($3, $4)
            ORDER BY l.requested_at DESC, l.id DESC LIMIT $5
            """).execute(Tuple.tuple().addUUID(orgId).addString(status).addOffsetDateTime(after.utc())
            .addUUID(after.id()).addInteger(limit + 1))
        .map(rows -> Page.of(list(rows), limit, Leave::cursor));
  }

  private Future<Leave> byId(SqlClient client, UUID id) {
    return client.preparedQuery(SELECT + "WHERE l.id = $1").execute(Tuple.of(id))
        .map(rows -> Leave.from(rows.iterator().next()));
  }

  private static List<Leave> list(RowSet<Row> rows) {
    List<Leave> leaves = new ArrayList<>(rows.size());
    rows.forEach(row -> leaves.add(Leave.from(row)));
    return leaves;
  }
}
