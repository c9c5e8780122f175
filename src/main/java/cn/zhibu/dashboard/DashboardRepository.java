package cn.zhibu.dashboard;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** The dashboard's figures for an org's subtree and a year, each one statement. */
final class DashboardRepository {
  /** A month's meetings: how many were expected, checked in, and excused. */
  record MonthAttendance(int month, long expected, long checkedIn, long onLeave) {
  }

  /** A party member's credited study hours against what is required of them (32 h, or 56 h for leaders). */
  record StudyHours(int required, double hours) {
  }

  /** Approved volunteer minutes of a month. */
  record MonthMinutes(int month, long minutes) {
  }

  /** A member's points this year. */
  record MemberPoints(UUID personId, String name, long points) {
  }

  /** A branch's party members and their points this year. */
  record BranchPoints(UUID orgId, String name, long members, long points) {
  }

  private final Pool pool;

  DashboardRepository(Pool pool) {
    this.pool = pool;
  }

  /** Meetings of the year that have ended by {@code now}: one later this month is nobody's absence yet. */
  Future<List<MonthAttendance>> attendanceByMonth(UUID orgId, int year, java.time.Instant now) {
    return query("""
        SELECT extract(month FROM e.starts_at AT TIME ZONE 'Asia/Shanghai')::int AS month,
               sum(e.expected) AS expected, sum(c.present) AS checked_in, sum(c.on_leave) AS on_leave
        FROM events e JOIN orgs o ON o.id = e.org_id
        CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE a.status = 'present') AS present,
                                   count(*) FILTER (WHERE a.status = 'leave') AS on_leave
                            FROM attendance a WHERE a.event_id = e.id) c
        WHERE $1 = ANY(o.ancestry) AND e.status = 'scheduled'
          AND e.starts_at >= make_timestamptz($2, 1, 1, 0, 0, 0, 'Asia/Shanghai')
          AND e.starts_at < make_timestamptz($2 + 1, 1, 1, 0, 0, 0, 'Asia/Shanghai') AND e.ends_at <= $3
        GROUP BY 1 ORDER BY 1
        """, Tuple.of(orgId, year, now.atOffset(java.time.ZoneOffset.UTC)), row -> new MonthAttendance(row.getInteger("month"), row.getLong("expected"),
        row.getLong("checked_in"), row.getLong("on_leave")));
  }

  /** Every party member on a roster in the subtree: online courses and collective study ({@code study_hours_in}, V32). */
  Future<List<StudyHours>> study(UUID orgId, int year) {
    return query("""
        SELECT CASE WHEN EXISTS (SELECT 1 FROM org_roles r WHERE r.person_id = p.id AND leader_role(r.role))
                    THEN 56 ELSE 32 END AS required,
               credited_hours(h.online, h.collective) AS hours
        FROM study_hours_in($1, $2) h JOIN persons p ON p.id = h.person_id
        WHERE p.anonymised_at IS NULL AND p.stage IN ('probationary', 'full')
        """, orgId, year, row -> new StudyHours(row.getInteger("required"), row.getBigDecimal("hours").doubleValue()));
  }

  Future<List<MonthMinutes>> volunteerByMonth(UUID orgId, int year) {
    return query("""
        SELECT extract(month FROM r.started_at AT TIME ZONE 'Asia/Shanghai')::int AS month, sum(r.minutes) AS minutes
        FROM volunteer_records r JOIN persons p ON p.id = r.person_id JOIN orgs o ON o.id = p.org_id
        WHERE $1 = ANY(o.ancestry) AND r.status = 'approved'
          AND r.started_at >= make_timestamptz($2, 1, 1, 0, 0, 0, 'Asia/Shanghai')
          AND r.started_at < make_timestamptz($2 + 1, 1, 1, 0, 0, 0, 'Asia/Shanghai')
        GROUP BY 1
        """, orgId, year, row -> new MonthMinutes(row.getInteger("month"), row.getLong("minutes")));
  }

  /** The ten with most points (ties: who got there first). */
  Future<List<MemberPoints>> topMembers(UUID orgId, int year) {
    return query("""
        SELECT p.id, p.name, sum(l.points) AS points
        FROM points_ledger l JOIN persons p ON p.id = l.person_id JOIN orgs o ON o.id = p.org_id
        WHERE $1 = ANY(o.ancestry) AND l.awarded_at >= make_timestamptz($2, 1, 1, 0, 0, 0, 'Asia/Shanghai')
          AND l.awarded_at < make_timestamptz($2 + 1, 1, 1, 0, 0, 0, 'Asia/Shanghai')
        GROUP BY p.id, p.name ORDER BY points DESC, max(l.awarded_at) LIMIT 10
        """, orgId, year, row -> new MemberPoints(row.getUUID("id"), row.getString("name"), row.getLong("points")));
  }

  Future<List<BranchPoints>> branches(UUID orgId, int year) {
    return query("""
        SELECT b.id, b.name,
               (SELECT count(*) FROM org_roles r WHERE r.org_id = b.id AND r.role = 'member') AS members,
               coalesce((SELECT sum(l.points) FROM points_ledger l JOIN persons p ON p.id = l.person_id
                         WHERE p.org_id = b.id AND l.awarded_at >= make_timestamptz($2, 1, 1, 0, 0, 0, 'Asia/Shanghai')
                           AND l.awarded_at < make_timestamptz($2 + 1, 1, 1, 0, 0, 0, 'Asia/Shanghai')), 0)
                 AS points
        FROM orgs b WHERE b.kind = 'branch' AND $1 = ANY(b.ancestry)
        """, orgId, year, row -> new BranchPoints(row.getUUID("id"), row.getString("name"), row.getLong("members"),
        row.getLong("points")));
  }

  private <T> Future<List<T>> query(String sql, UUID orgId, int year, Function<Row, T> mapper) {
    return query(sql, Tuple.of(orgId, year), mapper);
  }

  private <T> Future<List<T>> query(String sql, Tuple args, Function<Row, T> mapper) {
    return pool.preparedQuery(sql).execute(args).map((RowSet<Row> rows) -> {
      List<T> all = new ArrayList<>(rows.size());
      rows.forEach(row -> all.add(mapper.apply(row)));
      return all;
    });
  }
}
