package cn.zhibu.meeting;

import static cn.zhibu.platform.Times.utc;

import cn.zhibu.platform.ApiException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** SQL for events and the people expected at them. */
final class EventRepository {
  private final Pool pool;

  EventRepository(Pool pool) {
    this.pool = pool;
  }

  /**
   * The expected attendees of event $1 at org $2: whoever is in its audience now ({@code in_audience()}, V36, the
   * same rule that ends expectations when someone leaves); $3 the people named, for a {@code people} audience. The
   * candidates are narrowed first to rosters below the org, so a branch's meeting reads its branch only.
   */
  private static final String ATTENDEES = """
      INSERT INTO event_attendees (event_id, person_id)
      SELECT $1, p.id FROM persons p JOIN orgs home ON home.id = p.org_id
      WHERE ($2 = ANY(home.ancestry) OR EXISTS (SELECT 1 FROM org_roles r WHERE r.person_id = p.id AND r.org_id = $2))
        AND in_audience(p.id, $1, $3)""";

  /** Inserts the event and freezes its expected attendees from its audience. */
  Future<Event> insert(Event event, UUID createdBy, EventService.Audience audience) {
    UUID[] named = audience.personIds() == null ? new UUID[0] : audience.personIds().toArray(UUID[]::new);
    return pool.withTransaction(tx -> tx.preparedQuery("""
            INSERT INTO events (id, org_id, type, title, starts_at, ends_at, lat, lng, radius_m, code_step_seconds,
                                checkin_opens_at, checkin_closes_at, code_secret, created_by, status, backfilled,
                                backfill_reason, audience)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
            """).execute(Tuple.tuple().addUUID(event.id()).addUUID(event.orgId()).addString(event.type())
                .addString(event.title()).addOffsetDateTime(utc(event.startsAt())).addOffsetDateTime(utc(event.endsAt()))
                .addDouble(event.lat()).addDouble(event.lng()).addInteger(event.radiusM())
                .addInteger(event.codeStepSeconds()).addOffsetDateTime(utc(event.checkinOpensAt()))
                .addOffsetDateTime(utc(event.checkinClosesAt())).addBuffer(Buffer.buffer(event.codeSecret()))
                .addUUID(createdBy).addString(event.record().status()).addBoolean(event.record().backfilled())
                .addString(event.record().backfillReason()).addString(audience.kind()))
            .compose(v -> tx.preparedQuery(ATTENDEES).execute(Tuple.of(event.id(), event.orgId(), named)))
            .compose(inserted -> tx.preparedQuery("UPDATE events SET expected = $2 WHERE id = $1")
                .execute(Tuple.of(event.id(), inserted.rowCount())))
            .compose(v -> find(tx, event.id())));
  }

  Future<Event> find(UUID id) {
    return find(pool, id);
  }

  private static Future<Event> find(SqlClient client, UUID id) {
    return client.preparedQuery("SELECT " + Event.COLUMNS + " FROM events e WHERE e.id = $1").execute(Tuple.of(id))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiException.notFound("The event"))
            : Future.succeededFuture(Event.from(rows.iterator().next())));
  }

  /**
   * Applies a PATCH. New times move the check-in window with them (opens 30 minutes before, closes at the end),
   * as at creation.
   */
  Future<Void> update(SqlClient tx, Event event, EventRecords.Changes c, Instant starts, Instant ends) {
    boolean retimed = c.startsAt() != null || c.endsAt() != null;
    JsonObject place = c.location();
    return tx.preparedQuery("""
            UPDATE events SET title = coalesce($2, title), starts_at = $3, ends_at = $4,
                   checkin_opens_at = CASE WHEN $5 THEN $6 ELSE checkin_opens_at END,
                   checkin_closes_at = CASE WHEN $5 THEN $4 ELSE checkin_closes_at END,
                   lat = CASE WHEN $7 THEN $8 ELSE lat END, lng = CASE WHEN $7 THEN $9 ELSE lng END,
                   radius_m = CASE WHEN $7 THEN $10 ELSE radius_m END,
                   agenda = coalesce($11, agenda), lecturer = coalesce($12, lecturer), minutes = coalesce($13, minutes),
                   study_hours = coalesce($14, study_hours), reviews_year = coalesce($15, reviews_year)
            WHERE id = $1
            """).execute(Tuple.tuple().addUUID(event.id()).addString(c.title() == null ? null : c.title().strip())
            .addOffsetDateTime(utc(starts)).addOffsetDateTime(utc(ends)).addBoolean(retimed)
            .addOffsetDateTime(utc(starts.minus(EventService.CHECKIN_OPENS_BEFORE))).addBoolean(place != null)
            .addDouble(place == null ? null : place.getDouble("lat")).addDouble(place == null ? null : place.getDouble("lng"))
            .addInteger(place == null ? null : place.getInteger("radiusM")).addString(c.agenda()).addString(c.lecturer())
            .addString(c.minutes()).addValue(c.studyHours() == null ? null : java.math.BigDecimal.valueOf(c.studyHours()))
            .addInteger(c.reviewsYear()))
        .mapEmpty();
  }

  /** Cancels a scheduled meeting; false when it was no longer scheduled (a concurrent cancel got there first). */
  Future<Boolean> cancel(SqlClient tx, UUID id, String reason, Instant at) {
    return tx.preparedQuery("""
            UPDATE events SET status = 'cancelled', cancel_reason = $2, cancelled_at = $3
            WHERE id = $1 AND status = 'scheduled'
            """).execute(Tuple.of(id, reason, utc(at))).map(rows -> rows.rowCount() == 1);
  }


  /** Settles a 补录: approved (scheduled) or refused; only a pending one (false if it was not pending). */
  Future<Boolean> decideBackfill(SqlClient tx, UUID id, boolean approve, UUID by, String note, Instant at) {
    return tx.preparedQuery("""
            UPDATE events SET status = $2, decided_by = $3, decision_note = $4, decided_at = $5
            WHERE id = $1 AND status = 'pending_approval'
            """).execute(Tuple.of(id, approve ? "scheduled" : "refused", by, note, utc(at)))
        .map(rows -> rows.rowCount() == 1);
  }

  /** Who attended the event, as the attendance view says. */
  Future<List<UUID>> present(SqlClient tx, UUID eventId) {
    return tx.preparedQuery("SELECT person_id FROM attendance WHERE event_id = $1 AND status = 'present' ORDER BY 1")
        .execute(Tuple.of(eventId)).map(rows -> {
          List<UUID> people = new ArrayList<>();
          rows.forEach(row -> people.add(row.getUUID(0)));
          return people;
        });
  }

  Future<Boolean> isExpected(UUID eventId, UUID personId) {
    return pool.preparedQuery("SELECT 1 FROM event_attendees WHERE event_id = $1 AND person_id = $2")
        .execute(Tuple.of(eventId, personId)).map(rows -> rows.size() > 0);
  }

  /** Events of an org starting in [from, to), by start time then id, after the cursor's position. */
  Future<List<Event>> list(UUID orgId, Instant from, Instant to, Instant afterStart, UUID afterId, int limit) {
    return pool.preparedQuery("SELECT " + Event.COLUMNS + """
             FROM events e WHERE e.org_id = $1 AND e.starts_at >= $2 AND e.starts_at < $3
              AND (e.starts_at, e.id) > ($4, $5) ORDER BY e.starts_at, e.id LIMIT $6
            """).execute(Tuple.of(orgId, utc(from), utc(to), utc(afterStart), afterId, limit))
        .map(rows -> {
          List<Event> events = new ArrayList<>();
          for (Row row : rows) {
            events.add(Event.from(row));
          }
          return events;
        });
  }

  /** Events the person is expected at, starting in [from, to), by start time then id, after the cursor's position. */
  Future<List<Event>> expectedOf(UUID personId, Instant from, Instant to, Instant afterStart, UUID afterId, int limit) {
    return pool.preparedQuery("SELECT " + Event.COLUMNS + """
             FROM event_attendees a JOIN events e ON e.id = a.event_id
             WHERE a.person_id = $1 AND e.starts_at >= $2 AND e.starts_at < $3
              AND (e.starts_at, e.id) > ($4, $5) ORDER BY e.starts_at, e.id LIMIT $6
            """).execute(Tuple.of(personId, utc(from), utc(to), utc(afterStart), afterId, limit))
        .map(rows -> {
          List<Event> events = new ArrayList<>();
          for (Row row : rows) {
            events.add(Event.from(row));
          }
          return events;
        });
  }

  /** 补录 waiting for a decision: meetings of orgs strictly below this one, oldest first. */
  Future<List<Event>> pendingBackfills(UUID orgId) {
    return pool.preparedQuery("SELECT " + Event.COLUMNS + """
             FROM events e JOIN orgs o ON o.id = e.org_id
             WHERE $1 = ANY(o.ancestry) AND e.org_id <> $1 AND e.status = 'pending_approval'
             ORDER BY e.starts_at, e.id LIMIT 200
            """).execute(Tuple.of(orgId))
        .map(rows -> {
          List<Event> events = new ArrayList<>();
          for (Row row : rows) {
            events.add(Event.from(row));
          }
          return events;
        });
  }

  /** The scheduled meetings starting after {@code from} and by {@code until} not reminded yet, marked reminded now. */
  Future<java.util.List<UUID>> claimReminders(SqlClient tx, Instant from, Instant until) {
    return tx.preparedQuery("""
            UPDATE events SET reminded_at = $1
            WHERE status = 'scheduled' AND reminded_at IS NULL AND starts_at > $1 AND starts_at <= $2
            RETURNING id
            """).execute(Tuple.of(utc(from), utc(until))).map(rows -> {
              java.util.List<UUID> ids = new java.util.ArrayList<>();
              rows.forEach(row -> ids.add(row.getUUID("id")));
              return ids;
            });
  }

  /** One message to each attendee of these meetings who is neither checked in nor on leave; answers how many. */
  Future<Integer> queueReminders(SqlClient tx, java.util.List<UUID> events) {
    return events.isEmpty() ? Future.succeededFuture(0) : tx.preparedQuery("""
            INSERT INTO push_outbox (kind, event_id, person_id)
            SELECT 'message', a.event_id, a.person_id FROM attendance a
            WHERE a.event_id = ANY($1) AND a.status = 'absent'
            ON CONFLICT DO NOTHING
            """).execute(Tuple.of(events.toArray(UUID[]::new))).map(inserted -> inserted.rowCount());
  }
}
