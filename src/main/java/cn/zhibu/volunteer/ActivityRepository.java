package cn.zhibu.volunteer;

import static cn.zhibu.platform.Times.utc;

import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Every query of volunteer activities: the activity, its sign-ups, and the on-site records it opens and closes. */
final class ActivityRepository {
  /** What an organiser creates. */
  record New(UUID id, UUID orgId, String title, Instant startsAt, Instant endsAt, Double lat, Double lng, Integer radiusM,
      Integer capacity, byte[] codeSecret, UUID createdBy, Instant createdAt) {
  }

  /** An activity of the list, and whether the caller signed up. */
  record Listed(Activity activity, boolean mine) {
  }

  /** An open on-site record, to be closed. */
  record Open(UUID recordId, UUID personId, Instant startedAt) {
  }

  private final Pool pool;

  ActivityRepository(Pool pool) {
    this.pool = pool;
  }

  Future<Void> insert(New a) {
    return pool.preparedQuery("""
            INSERT INTO volunteer_activities (id, org_id, title, starts_at, ends_at, lat, lng, radius_m, capacity,
                                              code_secret, created_by, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
            """).execute(Tuple.tuple().addUUID(a.id()).addUUID(a.orgId()).addString(a.title())
            .addOffsetDateTime(utc(a.startsAt())).addOffsetDateTime(utc(a.endsAt())).addDouble(a.lat()).addDouble(a.lng())
            .addInteger(a.radiusM()).addInteger(a.capacity()).addBuffer(Buffer.buffer(a.codeSecret()))
            .addUUID(a.createdBy()).addOffsetDateTime(utc(a.createdAt())))
        .mapEmpty();
  }

  /** The activity, or null. */
  Future<Activity> find(UUID id) {
    return pool.preparedQuery("SELECT " + Activity.COLUMNS + " FROM volunteer_activities WHERE id = $1")
        .execute(Tuple.of(id)).map(rows -> rows.size() == 0 ? null : Activity.from(rows.iterator().next()));
  }

  /**
   * Activities not yet ended of the orgs in {@code chain}, or anywhere below the orgs in {@code run}; soonest
   * first, at most 100, with whether {@code person} signed up.
   */
  Future<List<Listed>> upcoming(List<UUID> chain, List<UUID> run, UUID person, Instant now) {
    return pool.preparedQuery("""
            SELECT a.*, EXISTS (SELECT 1 FROM volunteer_signups s WHERE s.activity_id = a.id AND s.person_id = $3) AS mine
            FROM volunteer_activities a JOIN orgs o ON o.id = a.org_id
            WHERE a.ends_at > $4 AND (a.org_id = ANY($1) OR o.ancestry && $2)
            ORDER BY a.starts_at, a.id LIMIT 100
            """).execute(Tuple.tuple().addArrayOfUUID(chain.toArray(new UUID[0])).addArrayOfUUID(run.toArray(new UUID[0]))
            .addUUID(person).addOffsetDateTime(utc(now)))
        .map(rows -> {
          List<Listed> listed = new ArrayList<>(rows.size());
          rows.forEach(row -> listed.add(new Listed(Activity.from(row), row.getBoolean("mine"))));
          return listed;
        });
  }

  /**
   * Signs the person up if there is room: the row and the counter change together, so the capacity holds under
   * any load. Answers whether this call signed them up (false: they already were); full is an empty answer.
   */
  Future<Boolean> signUp(SqlClient tx, UUID id, UUID person, Instant at) {
    return tx.preparedQuery("""
            INSERT INTO volunteer_signups (activity_id, person_id, signed_up_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING
            """).execute(Tuple.of(id, person, utc(at)))
        .compose(inserted -> inserted.rowCount() == 0 ? Future.succeededFuture(false) : tx.preparedQuery("""
                UPDATE volunteer_activities SET signed_up = signed_up + 1
                WHERE id = $1 AND (capacity IS NULL OR signed_up < capacity)
                """).execute(Tuple.of(id)).map(updated -> updated.rowCount() == 1 ? true : null));
  }

  Future<Void> cancel(SqlClient tx, UUID id, UUID person) {
    return tx.preparedQuery("DELETE FROM volunteer_signups WHERE activity_id = $1 AND person_id = $2")
        .execute(Tuple.of(id, person))
        .compose(deleted -> deleted.rowCount() == 0 ? Future.succeededFuture()
            : tx.preparedQuery("UPDATE volunteer_activities SET signed_up = signed_up - 1 WHERE id = $1")
                .execute(Tuple.of(id)).mapEmpty());
  }

  Future<Boolean> signedUp(UUID id, UUID person) {
    return pool.preparedQuery("SELECT 1 FROM volunteer_signups WHERE activity_id = $1 AND person_id = $2")
        .execute(Tuple.of(id, person)).map(rows -> rows.size() > 0);
  }

  /** Whether the person has a record of another activity (or a self-report) over {@code [from, to)}. */
  Future<Boolean> busyElsewhere(SqlClient tx, UUID person, UUID activityId, Instant from, Instant to) {
    return tx.preparedQuery("""
            SELECT EXISTS (SELECT 1 FROM volunteer_records WHERE person_id = $1 AND status <> 'refused'
                             AND activity_id IS DISTINCT FROM $2
                             AND started_at < $4 AND coalesce(ended_at, 'infinity') > $3) AS overlaps
            """).execute(Tuple.of(person, activityId, utc(from), utc(to)))
        .map(rows -> rows.iterator().next().getBoolean("overlaps"));
  }

  /** Opens the person's on-site record at {@code at}; a second check-in keeps the first. */
  Future<Void> openOnsite(SqlClient tx, UUID activityId, UUID person, Instant at) {
    return tx.preparedQuery("""
            INSERT INTO volunteer_records (id, person_id, activity_id, source, status, started_at, created_at)
            VALUES ($1, $2, $3, 'onsite', 'open', $4, $4) ON CONFLICT DO NOTHING
            """).execute(Tuple.of(UUID.randomUUID(), person, activityId, utc(at))).mapEmpty();
  }

  /**
   * The activity's open on-site records, locked: the person's own ({@code theirs}) or everyone else's; by person,
   * so concurrent closings lock in the same order.
   */
  Future<List<Open>> lockOpen(SqlClient tx, UUID activityId, UUID person, boolean theirs) {
    return tx.preparedQuery("""
            SELECT id, person_id, started_at FROM volunteer_records
            WHERE activity_id = $1 AND source = 'onsite' AND status = 'open'
              AND (person_id = $2) = $3
            ORDER BY person_id FOR UPDATE
            """).execute(Tuple.of(activityId, person, theirs))
        .map(rows -> {
          List<Open> open = new ArrayList<>(rows.size());
          for (Row r : rows) {
            open.add(new Open(r.getUUID("id"), r.getUUID("person_id"), r.getOffsetDateTime("started_at").toInstant()));
          }
          return open;
        });
  }

  /** Closes an on-site record at {@code until}: approved ones count as reviewed then. */
  Future<Void> close(SqlClient tx, UUID recordId, String status, Instant until, int minutes) {
    return tx.preparedQuery("""
            UPDATE volunteer_records SET status = $2, ended_at = $3, minutes = $4,
                   reviewed_at = CASE WHEN $2::text = 'approved' THEN $3::timestamptz END
            WHERE id = $1
            """).execute(Tuple.of(recordId, status, utc(until), minutes)).mapEmpty();
  }

  /** The person's on-site record of the activity, or null before they checked in. */
  Future<Activity.Onsite> onsite(UUID activityId, UUID person) {
    return pool.preparedQuery("""
            SELECT id, status, started_at, ended_at, minutes FROM volunteer_records
            WHERE activity_id = $1 AND person_id = $2 AND source = 'onsite'
            """).execute(Tuple.of(activityId, person))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row r = rows.iterator().next();
          return new Activity.Onsite(r.getUUID("id"), r.getString("status"), Times.format(r.getOffsetDateTime("started_at")),
              Times.format(r.getOffsetDateTime("ended_at")), HourRecords.hours(r.getInteger("minutes")));
        });
  }

  /** The activities starting after {@code from} and by {@code until} not reminded yet, marked reminded now. */
  Future<java.util.List<UUID>> claimReminders(SqlClient tx, Instant from, Instant until) {
    return tx.preparedQuery("""
            UPDATE volunteer_activities SET reminded_at = $1
            WHERE reminded_at IS NULL AND starts_at > $1 AND starts_at <= $2 RETURNING id
            """).execute(Tuple.of(utc(from), utc(until))).map(rows -> {
              java.util.List<UUID> ids = new java.util.ArrayList<>();
              rows.forEach(row -> ids.add(row.getUUID("id")));
              return ids;
            });
  }

  /** One message to each person signed up for these activities; answers how many. */
  Future<Integer> queueReminders(SqlClient tx, java.util.List<UUID> activities) {
    return activities.isEmpty() ? Future.succeededFuture(0) : tx.preparedQuery("""
            INSERT INTO push_outbox (kind, activity_id, person_id)
            SELECT 'message', s.activity_id, s.person_id FROM volunteer_signups s WHERE s.activity_id = ANY($1)
            ON CONFLICT DO NOTHING
            """).execute(Tuple.of(activities.toArray(UUID[]::new))).map(inserted -> inserted.rowCount());
  }
}
