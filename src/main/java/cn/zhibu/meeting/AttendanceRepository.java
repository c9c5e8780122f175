package cn.zhibu.meeting;

import static cn.zhibu.platform.Times.utc;

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

/** Every query of attendance: who was expected and how each came out (the {@code attendance} view), and 补签. */
final class AttendanceRepository {
  /** One expected attendee as the view says: present, on leave or absent, by check-in or by a mark. */
  record Stored(UUID personId, String number, String name, String status, boolean marked, String markReason,
      String checkedInAt, boolean offline) {
  }

  private final Pool pool;

  AttendanceRepository(Pool pool) {
    this.pool = pool;
  }

  /** The meeting's expected attendees by number (numbers as stored). */
  Future<List<Stored>> ofEvent(UUID eventId) {
    return pool.preparedQuery("""
            SELECT a.person_id, p.number, p.name, a.status, a.marked, a.mark_reason, a.checked_in_at, a.offline
            FROM attendance a JOIN persons p ON p.id = a.person_id
            WHERE a.event_id = $1 ORDER BY p.number NULLS LAST, a.person_id
            """).execute(Tuple.of(eventId))
        .map(rows -> {
          List<Stored> all = new ArrayList<>(rows.size());
          for (Row row : rows) {
            all.add(new Stored(row.getUUID("person_id"), row.getString("number"), row.getString("name"),
                row.getString("status"), row.getBoolean("marked"), row.getString("mark_reason"),
                Times.format(row.getOffsetDateTime("checked_in_at")), row.getBoolean("offline")));
          }
          return all;
        });
  }

  /** One person's place in a meeting: whether expected, how it came out, and their leave request if any. */
  record Mine(boolean expected, String status, boolean marked, String checkedInAt, boolean offline, String leaveId,
      String leaveStatus, String leaveReason) {
  }

  Future<Mine> mine(UUID eventId, UUID personId) {
    return pool.preparedQuery("""
            SELECT a.status, a.marked, a.checked_in_at, a.offline, l.id AS leave_id, l.status AS leave_status,
                   l.reason AS leave_reason
            FROM attendance a LEFT JOIN leaves l ON l.event_id = a.event_id AND l.person_id = a.person_id
            WHERE a.event_id = $1 AND a.person_id = $2
            """).execute(Tuple.of(eventId, personId))
        .map(rows -> {
          if (rows.size() == 0) {
            return new Mine(false, null, false, null, false, null, null, null);
          }
          Row r = rows.iterator().next();
          return new Mine(true, r.getString("status"), r.getBoolean("marked"), Times.format(r.getOffsetDateTime("checked_in_at")),
              r.getBoolean("offline"), r.getUUID("leave_id") == null ? null : r.getUUID("leave_id").toString(),
              r.getString("leave_status"), r.getString("leave_reason"));
        });
  }

  /** Marks an expected attendee by hand (replacing an earlier mark); false when they are not expected. */
  Future<Boolean> mark(SqlClient tx, UUID eventId, UUID personId, String status, String reason, UUID by, Instant at) {
    return tx.preparedQuery("""
            INSERT INTO attendance_marks (event_id, person_id, status, reason, marked_by, marked_at)
            SELECT $1, $2, $3, $4, $5, $6 WHERE EXISTS
              (SELECT 1 FROM event_attendees WHERE event_id = $1 AND person_id = $2)
            ON CONFLICT (event_id, person_id) DO UPDATE SET status = $3, reason = $4, marked_by = $5, marked_at = $6
            """).execute(Tuple.of(eventId, personId, status, reason, by, utc(at))).map(written -> written.rowCount() > 0);
  }
}
