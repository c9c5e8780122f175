package cn.zhibu.checkin;

import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reminders, queued in the push outbox (the worker sends them to those with a subscription credit): an hour
 * before a meeting, to each expected attendee not on leave; and on the remind day of the month, to the
 * secretaries of each branch still missing a required meeting. Each is queued once, whatever the number of
 * processes (a row claimed with {@code UPDATE … RETURNING}, a month recorded with its key).
 */
public final class Reminders {
  static final Duration BEFORE_MEETING = Duration.ofHours(1);
  private final Pool pool;
  private final ComplianceService compliance;
  private final Clock clock;
  private final int remindDay;

  Reminders(Pool pool, ComplianceService compliance, Clock clock, int remindDay) {
    this.pool = pool;
    this.compliance = compliance;
    this.clock = clock;
    this.remindDay = remindDay;
  }

  /** Both kinds, as due now; answers how many pushes were queued. */
  public Future<Integer> run() {
    return upcoming().compose(a -> missing().map(b -> a + b));
  }

  /** Meetings starting within the hour, not reminded yet: one message to each attendee not on leave. */
  Future<Integer> upcoming() {
    Instant now = clock.instant();
    return pool.withTransaction(tx -> tx.preparedQuery("""
            UPDATE events SET reminded_at = $1
            WHERE status = 'scheduled' AND reminded_at IS NULL AND starts_at > $1 AND starts_at <= $2
            RETURNING id
            """).execute(Tuple.of(cn.zhibu.platform.Times.utc(now), cn.zhibu.platform.Times.utc(now.plus(BEFORE_MEETING))))
        .compose(rows -> {
          List<UUID> events = new ArrayList<>();
          rows.forEach(row -> events.add(row.getUUID("id")));
          return events.isEmpty() ? Future.succeededFuture(0) : tx.preparedQuery("""
                  INSERT INTO push_outbox (kind, event_id, person_id)
                  SELECT 'message', a.event_id, a.person_id FROM attendance a
                  WHERE a.event_id = ANY($1) AND a.status = 'absent'
                  ON CONFLICT DO NOTHING
                  """).execute(Tuple.of(events.toArray(UUID[]::new))).map(inserted -> inserted.rowCount());
        }));
  }

  /**
   * From the remind day on, once a month per branch: the secretaries of branches missing a required meeting of
   * this period hear which ones (the push carries the list).
   */
  Future<Integer> missing() {
    Instant now = clock.instant();
    java.time.LocalDate today = now.atZone(Times.SCHOOL_ZONE).toLocalDate();
    if (today.getDayOfMonth() < remindDay) {
      return Future.succeededFuture(0);
    }
    String month = YearMonth.from(today).toString();
    return compliance.everyBranch(month).compose(branches -> {
      List<UUID> orgs = new ArrayList<>();
      List<String> lists = new ArrayList<>();
      for (Object o : branches) {
        JsonObject branch = (JsonObject) o;
        if (!branch.getJsonArray("missing").isEmpty()) {
          orgs.add(UUID.fromString(branch.getString("orgId")));
          lists.add(String.join(",", branch.getJsonArray("missing").stream().map(String::valueOf).toList()));
        }
      }
      if (orgs.isEmpty()) {
        return Future.succeededFuture(0);
      }
      return pool.withTransaction(tx -> tx.preparedQuery("""
              INSERT INTO compliance_reminders (org_id, period, missing)
              SELECT t.org_id, $3, string_to_array(t.missing, ',') FROM unnest($1::uuid[], $2::text[]) AS t(org_id, missing)
              ON CONFLICT DO NOTHING
              RETURNING org_id, array_to_string(missing, ',') AS missing
              """).execute(Tuple.of(orgs.toArray(UUID[]::new), lists.toArray(String[]::new), month))
          .compose(claimed -> {
            List<UUID> ids = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            for (Row row : claimed) {
              ids.add(row.getUUID("org_id"));
              notes.add(row.getString("missing"));
            }
            return ids.isEmpty() ? Future.succeededFuture(0) : tx.preparedQuery("""
                    INSERT INTO push_outbox (kind, org_id, person_id, note)
                    SELECT 'message', t.org_id, r.person_id, t.missing
                    FROM unnest($1::uuid[], $2::text[]) AS t(org_id, missing)
                    JOIN org_roles r ON r.org_id = t.org_id AND r.role = 'secretary'
                    """).execute(Tuple.tuple().addArrayOfUUID(ids.toArray(UUID[]::new))
                        .addArrayOfString(notes.toArray(String[]::new)))
                .map(inserted -> inserted.rowCount());
          }));
    });
  }
}
