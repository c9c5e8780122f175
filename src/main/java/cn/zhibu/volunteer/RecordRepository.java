package cn.zhibu.volunteer;

import static cn.zhibu.volunteer.HourRecords.hours;

import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Page;
import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Every query of volunteer hour records: self-reports, their review, a person's year and an org's report. */
final class RecordRepository {
  private final Pool pool;

  RecordRepository(Pool pool) {
    this.pool = pool;
  }

  /** What a new self-report meets on its day: another record at the same time, and the minutes already there. */
  record Day(boolean overlaps, int minutes) {
  }

  /** A record under review, locked for the reviewer's transaction. */
  record UnderReview(UUID personId, UUID homeOrgId, String status, int minutes) {
  }

  /** Serialises one person's hour records (self-reports, on-site check-ins and closings) within a transaction. */
  static Future<Void> lockPerson(SqlClient tx, UUID personId) {
    return tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 13))")
        .execute(Tuple.of(personId.toString())).mapEmpty();
  }

  /** The person's minutes already recorded (and not refused) on the school-time day of {@code at}, but one record. */
  static Future<Integer> dayMinutes(SqlClient tx, UUID personId, Instant at, UUID except) {
    Instant dayStart = dayStart(at);
    return tx.preparedQuery("""
            SELECT coalesce(sum(minutes), 0) FROM volunteer_records WHERE person_id = $1 AND status <> 'refused'
              AND id <> $2 AND started_at >= $3 AND started_at < $4
            """).execute(Tuple.of(personId, except, Times.utc(dayStart), Times.utc(dayStart.plus(Duration.ofDays(1)))))
        .map(rows -> rows.iterator().next().getLong(0).intValue());
  }

  /** Whether {@code [started, ended)} overlaps another of the person's records, and the day's minutes so far. */
  Future<Day> day(SqlClient tx, UUID personId, Instant started, Instant ended) {
    Instant dayStart = dayStart(started);
    return tx.preparedQuery("""
            SELECT
              EXISTS (SELECT 1 FROM volunteer_records WHERE person_id = $1 AND status <> 'refused'
                      AND started_at < $3 AND coalesce(ended_at, 'infinity') > $2) AS overlaps,
              (SELECT coalesce(sum(minutes), 0) FROM volunteer_records WHERE person_id = $1 AND status <> 'refused'
                      AND started_at >= $4 AND started_at < $5) AS day_minutes
            """).execute(Tuple.of(personId, Times.utc(started), Times.utc(ended), Times.utc(dayStart),
            Times.utc(dayStart.plus(Duration.ofDays(1)))))
        .map(rows -> {
          Row row = rows.iterator().next();
          return new Day(row.getBoolean("overlaps"), row.getLong("day_minutes").intValue());
        });
  }

  Future<Void> insertSelfReport(SqlClient tx, UUID id, UUID personId, UUID activityId, String status, Instant started,
      Instant ended, int minutes, String description, List<String> evidenceUrls, Instant now) {
    return tx.preparedQuery("""
            INSERT INTO volunteer_records (id, person_id, activity_id, source, status, started_at, ended_at, minutes,
                                           description, evidence_urls, created_at)
            VALUES ($1, $2, $3, 'self', $4, $5, $6, $7, $8, $9, $10)
            """).execute(Tuple.tuple().addUUID(id).addUUID(personId).addUUID(activityId).addString(status)
            .addOffsetDateTime(Times.utc(started)).addOffsetDateTime(Times.utc(ended)).addInteger(minutes)
            .addString(description).addArrayOfString(evidenceUrls.toArray(String[]::new))
            .addOffsetDateTime(Times.utc(now)))
        .mapEmpty();
  }

  /** The org an activity belongs to, or null when there is no such activity. */
  Future<UUID> activityOrg(UUID activityId) {
    return pool.preparedQuery("SELECT org_id FROM volunteer_activities WHERE id = $1").execute(Tuple.of(activityId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("org_id"));
  }

  /** The record and its author's branch, locked; null when there is none (or its author has left every org). */
  Future<UnderReview> lockForReview(SqlClient tx, UUID id) {
    return tx.preparedQuery("""
            SELECT r.person_id, r.status, r.minutes, p.org_id FROM volunteer_records r JOIN persons p ON p.id = r.person_id
            WHERE r.id = $1 FOR UPDATE OF r
            """).execute(Tuple.of(id))
        .map(rows -> {
          Row r = rows.size() == 0 ? null : rows.iterator().next();
          return r == null || r.getUUID("org_id") == null ? null
              : new UnderReview(r.getUUID("person_id"), r.getUUID("org_id"), r.getString("status"), r.getInteger("minutes"));
        });
  }

  Future<Void> review(SqlClient tx, UUID id, boolean approve, UUID reviewer, String note) {
    return tx.preparedQuery("""
            UPDATE volunteer_records SET status = $2, reviewed_by = $3, review_note = $4, reviewed_at = now()
            WHERE id = $1
            """).execute(Tuple.of(id, approve ? "approved" : "refused", reviewer, note)).mapEmpty();
  }

  /** The person's records of a year, oldest first, with the approved and pending totals. */
  Future<HourRecords.Year> year(UUID personId, int year) {
    return pool.preparedQuery("""
            SELECT r.id, r.activity_id, a.title, r.source, r.status, r.started_at, r.ended_at, r.minutes, r.description,
                   r.review_note
            FROM volunteer_records r LEFT JOIN volunteer_activities a ON a.id = r.activity_id
            WHERE r.person_id = $1 AND extract(year FROM r.started_at AT TIME ZONE 'Asia/Shanghai') = $2
            ORDER BY r.started_at
            """).execute(Tuple.of(personId, year))
        .map(rows -> {
          List<HourRecords.Own> records = new ArrayList<>(rows.size());
          int approved = 0;
          int pending = 0;
          for (Row r : rows) {
            String status = r.getString("status");
            approved += "approved".equals(status) ? r.getInteger("minutes") : 0;
            pending += status.startsWith("pending") ? r.getInteger("minutes") : 0;
            records.add(new HourRecords.Own(r.getUUID("id"), r.getUUID("activity_id"), r.getString("title"),
                r.getString("source"), r.getString("status"), Times.format(r.getOffsetDateTime("started_at")),
                Times.format(r.getOffsetDateTime("ended_at")), hours(r.getInteger("minutes")), r.getString("description"),
                r.getString("review_note")));
          }
          return new HourRecords.Year(year, hours(approved), hours(pending), records);
        });
  }

  /** Whom a certificate names: the person's name and number as on the roster. */
  record Named(String name, String number) {
  }

  Future<Named> named(UUID personId) {
    return pool.preparedQuery("SELECT name, number FROM persons WHERE id = $1").execute(Tuple.of(personId))
        .map(rows -> new Named(rows.iterator().next().getString("name"), rows.iterator().next().getString("number")));
  }

  /** Approved minutes of a school year. */
  Future<Integer> approvedMinutes(UUID personId, int year) {
    return pool.preparedQuery("""
            SELECT coalesce(sum(minutes), 0) FROM volunteer_records WHERE person_id = $1 AND status = 'approved'
              AND extract(year FROM started_at AT TIME ZONE 'Asia/Shanghai') = $2
            """).execute(Tuple.of(personId, year)).map(rows -> rows.iterator().next().getLong(0).intValue());
  }

  /** Approved and pending minutes of everyone on a roster in the subtree (numbers as stored), by number. */
  Future<List<HourRecords.MemberHours>> hoursOfSubtree(UUID orgId, int year) {
    return pool.preparedQuery("""
            SELECT p.id, p.number, p.name,
                   coalesce(sum(r.minutes) FILTER (WHERE r.status = 'approved'), 0) AS approved,
                   coalesce(sum(r.minutes) FILTER (WHERE r.status LIKE 'pending%'), 0) AS pending
            FROM persons p JOIN orgs o ON o.id = p.org_id
            LEFT JOIN volunteer_records r ON r.person_id = p.id
              AND extract(year FROM r.started_at AT TIME ZONE 'Asia/Shanghai') = $2
            WHERE $1 = ANY(o.ancestry) AND p.anonymised_at IS NULL
            GROUP BY p.id ORDER BY p.number
            """).execute(Tuple.of(orgId, year))
        .map(rows -> {
          List<HourRecords.MemberHours> members = new ArrayList<>(rows.size());
          for (Row r : rows) {
            members.add(new HourRecords.MemberHours(r.getUUID("id"), r.getString("number"), r.getString("name"),
                hours(r.getLong("approved").intValue()), hours(r.getLong("pending").intValue())));
          }
          return members;
        });
  }

  /**
   * Self-reported and closed records of people in the subtree, newest first, a page at a time; {@code status}
   * {@code pending} includes those waiting for the org above.
   */
  Future<Page<HourRecords.Listed>> ofSubtree(UUID orgId, String status, Cursor.Newest after, int limit) {
    return pool.preparedQuery("""
            SELECT r.id, r.person_id, p.name, r.source, r.status, r.started_at, r.ended_at, r.minutes, r.description,
                   r.evidence_urls
            FROM volunteer_records r JOIN persons p ON p.id = r.person_id JOIN orgs o ON o.id = p.org_id
            WHERE $1 = ANY(o.ancestry) AND r.status <> 'open' AND ($2::text IS NULL OR r.status LIKE $2 || '%')
              AND (r.started_at, r.id) < ($3, $4)
            ORDER BY r.started_at DESC, r.id DESC LIMIT $5
            """).execute(Tuple.tuple().addUUID(orgId).addString(status).addOffsetDateTime(after.utc())
            .addUUID(after.id()).addInteger(limit + 1))
        .map(rows -> {
          List<HourRecords.Listed> items = new ArrayList<>(rows.size());
          for (Row r : rows) {
            items.add(new HourRecords.Listed(r.getUUID("id"), r.getUUID("person_id"), r.getString("name"),
                r.getString("source"), r.getString("status"), Times.format(r.getOffsetDateTime("started_at")),
                Times.format(r.getOffsetDateTime("ended_at")), hours(r.getInteger("minutes")), r.getString("description"),
                List.of(r.getArrayOfStrings("evidence_urls"))));
          }
          return Page.of(items, limit, HourRecords.Listed::cursor);
        });
  }

  private static Instant dayStart(Instant at) {
    return at.atZone(Times.SCHOOL_ZONE).toLocalDate().atStartOfDay(Times.SCHOOL_ZONE).toInstant();
  }
}
