package cn.zhibu.points;

import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * What every board shows, as the ledger says it: each person's points and hours in every current period, and
 * when each total was reached (ties go to whoever got there first). One query, for one person, many or all.
 */
final class LedgerTotals {
  /** A person's totals, indexed by period × metric; {@code version} is their newest ledger entry. */
  record Totals(UUID personId, UUID orgId, String name, long version, long[] values, Instant[] reached) {
  }

  private final Pool pool;

  LedgerTotals(Pool pool) {
    this.pool = pool;
  }

  Future<List<Totals>> of(List<UUID> people, Instant now) {
    return pool.preparedQuery(sql("AND l.person_id = ANY($8)"))
        .execute(windows(now).addArrayOfUUID(people.toArray(UUID[]::new))).map(LedgerTotals::list);
  }

  Future<List<Totals>> everyone(Instant now) {
    return pool.preparedQuery(sql("")).execute(windows(now)).map(LedgerTotals::list);
  }

  /** People with awards since {@code since} (those a rebuild may have read before their award). */
  Future<List<UUID>> awardedSince(Instant since) {
    return pool.preparedQuery("SELECT DISTINCT person_id FROM points_ledger WHERE awarded_at >= $1")
        .execute(Tuple.of(Times.utc(since)))
        .map(rows -> {
          List<UUID> people = new ArrayList<>(rows.size());
          rows.forEach(row -> people.add(row.getUUID("person_id")));
          return people;
        });
  }

  private static String sql(String where) {
    StringBuilder sql = new StringBuilder("SELECT l.person_id, p.org_id, p.name, max(l.id) AS version");
    int param = 1;
    for (Periods period : Periods.values()) {
      String window = "l.awarded_at >= $" + param + " AND l.awarded_at < $" + (param + 1);
      param += 2;
      for (Boards.Metric metric : Boards.Metric.values()) {
        String column = metric == Boards.Metric.POINTS ? "l.points" : "l.minutes";
        String category = switch (metric) {
          case POINTS -> "";
          case VOLUNTEER_HOURS -> " AND l.category = 'volunteer'";
          case STUDY_HOURS -> " AND l.category = 'study'";
        };
        String name = period.wire() + "_" + metric.ordinal();
        sql.append(", coalesce(sum(").append(column).append(") FILTER (WHERE ").append(window).append(category)
            .append("), 0) AS v_").append(name)
            .append(", max(l.awarded_at) FILTER (WHERE ").append(window).append(category).append(" AND ")
            .append(column).append(" <> 0) AS t_").append(name);
      }
    }
    sql.append(" FROM points_ledger l JOIN persons p ON p.id = l.person_id WHERE l.awarded_at >= $7 ")
        .append(where).append(" GROUP BY l.person_id, p.org_id, p.name");
    return sql.toString();
  }

  private static Tuple windows(Instant now) {
    Tuple tuple = Tuple.tuple();
    Instant earliest = now;
    for (Periods period : Periods.values()) {
      tuple.addOffsetDateTime(Times.utc(period.start(now))).addOffsetDateTime(Times.utc(period.end(now)));
      earliest = period.start(now).isBefore(earliest) ? period.start(now) : earliest;
    }
    return tuple.addOffsetDateTime(Times.utc(earliest));
  }

  private static List<Totals> list(RowSet<Row> rows) {
    List<Totals> all = new ArrayList<>(rows.size());
    rows.forEach(row -> all.add(totals(row)));
    return all;
  }

  /** Reads a row of {@link #sql} by position (the columns are known; a name look-up per cell is not free). */
  private static Totals totals(Row row) {
    int n = Periods.values().length * Boards.Metric.values().length;
    long[] values = new long[n];
    Instant[] reached = new Instant[n];
    for (int i = 0; i < n; i++) {
      values[i] = row.getLong(4 + 2 * i);
      OffsetDateTime t = row.getOffsetDateTime(5 + 2 * i);
      reached[i] = t == null ? null : t.toInstant();
    }
    return new Totals(row.getUUID(0), row.getUUID(1), row.getString(2), row.getLong(3), values, reached);
  }
}
