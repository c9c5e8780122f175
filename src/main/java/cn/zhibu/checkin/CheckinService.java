package cn.zhibu.checkin;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Times;
import cn.zhibu.points.Points;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** Check-in with the rotating code, and leave (请假). */
final class CheckinService {
  private final Pool pool;
  private final EventService events;
  private final CheckinWriter writer;
  private final cn.zhibu.org.Scope scope;
  private final Clock clock;
  private final EventFacts facts;
  private final java.time.Duration offlineWindow;

  /** A check-in and whether this call created it (201) or found the first one (200). */
  record Outcome(JsonObject checkin, boolean created) {
  }

  CheckinService(Pool pool, EventService events, EventFacts facts, Points points, cn.zhibu.org.Scope scope,
      Clock clock, java.time.Duration offlineWindow) {
    this.offlineWindow = offlineWindow;
    this.facts = facts;
    this.scope = scope;
    this.pool = pool;
    this.events = events;
    this.writer = new CheckinWriter(pool, points);
    this.clock = clock;
  }

  /**
   * A scan: judged against the event's facts in memory (no database round trip), then written by the batching
   * writer, which answers a repeat with the first record. A refused scan of someone already checked in is
   * answered with their first record too (a phone retrying after the code rotated). With {@code scannedAt}
   * (a weak signal: the phone kept the scan), it is judged as of the scan, if that is not in the future and
   * the upload comes within the offline window.
   */
  Future<Outcome> checkIn(Caller caller, UUID eventId, String code, Double lat, Double lng, Instant scannedAt) {
    // PostgreSQL keeps microseconds: the first answer and every repeat must show the same time.
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    Instant at = scannedAt == null ? now : scannedAt.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    UUID personId = caller.personId();
    return facts.of(eventId).compose(known -> {
      if (!known.expected().contains(personId)) {
        return events.visible(caller, eventId).compose(visible -> Future.failedFuture(
            ApiException.unprocessable("checkin.not_expected", "You are not on this event's attendee list")));
      }
      ApiException refusal = scannedAt == null ? null : CheckinRules.offlineRefusal(at, now, offlineWindow);
      refusal = refusal != null ? refusal : CheckinRules.refusal(known.event(), code, lat, lng, at);
      if (refusal == null) {
        return writer.write(eventId, personId, lat, lng, at, scannedAt != null);
      }
      ApiException refused = refusal;
      return pool.preparedQuery(
              "SELECT id, event_id, person_id, checked_in_at, offline FROM checkins WHERE event_id = $1 AND person_id = $2")
          .execute(Tuple.of(eventId, personId))
          .compose(rows -> rows.size() == 0 ? Future.failedFuture(refused)
              : Future.succeededFuture(new Outcome(json(rows.iterator().next()), false)));
    });
  }

  /** The one shape of a check-in on the wire, from its row (id, event_id, person_id, checked_in_at, offline). */
  static JsonObject json(Row row) {
    return new JsonObject().put("id", row.getUUID("id").toString()).put("eventId", row.getUUID("event_id").toString())
        .put("personId", row.getUUID("person_id").toString())
        .put("checkedInAt", Times.format(row.getOffsetDateTime("checked_in_at"))).put("offline", row.getBoolean("offline"));
  }

  Future<JsonObject> requestLeave(Caller caller, UUID eventId, String reason) {
    UUID id = UUID.randomUUID();
    return events.visible(caller, eventId).compose(event -> {
      ApiException closed = CheckinRules.notTakingPart(event);
      if (closed != null) {
        return Future.failedFuture(closed);
      }
      if (!clock.instant().isBefore(event.endsAt())) {
        return Future.failedFuture(ApiException.unprocessable("leave.too_late", "Leave must be asked before the event ends"));
      }
      return pool.withTransaction(tx -> tx.preparedQuery("""
              SELECT EXISTS (SELECT 1 FROM event_attendees WHERE event_id = $1 AND person_id = $2) AS expected,
                     EXISTS (SELECT 1 FROM checkins WHERE event_id = $1 AND person_id = $2) AS checked_in
              """).execute(Tuple.of(eventId, caller.personId()))
          .compose(rows -> {
            Row row = rows.iterator().next();
            if (!row.getBoolean("expected")) {
              return Future.failedFuture(ApiException.unprocessable("checkin.not_expected",
                  "You are not on this event's attendee list"));
            }
            if (row.getBoolean("checked_in")) {
              return Future.failedFuture(ApiException.conflict("leave.already_checked_in", "You have already checked in"));
            }
            return tx.preparedQuery("""
                    INSERT INTO leaves (id, event_id, person_id, reason) VALUES ($1, $2, $3, $4)
                    ON CONFLICT (event_id, person_id) DO NOTHING
                    RETURNING id, event_id, person_id, reason, status
                    """).execute(Tuple.of(id, eventId, caller.personId(), reason.strip()));
          })
          .compose(rows -> rows.size() == 0
              ? Future.failedFuture(ApiException.conflict("leave.already_requested", "You already asked for leave"))
              : Future.succeededFuture(leave(rows.iterator().next()))));
    });
  }

  /** A secretary of the event's org decides; never on their own request. */
  Future<JsonObject> decideLeave(Caller caller, Audit.Actor actor, UUID leaveId, boolean approve) {
    return pool.preparedQuery("SELECT event_id, person_id FROM leaves WHERE id = $1").execute(Tuple.of(leaveId))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiException.notFound("The leave request"))
            : events.managed(caller, rows.iterator().next().getUUID("event_id"), Set.of(Role.SECRETARY))
                .recover(err -> Future.failedFuture(err instanceof ApiException api && api.status() == 403
                    ? api : ApiException.notFound("The leave request")))
                .map(rows.iterator().next()))
        .compose(row -> {
          if (caller.personId().equals(row.getUUID("person_id"))) {
            return Future.failedFuture(ApiException.unprocessable("leave.own_request",
                "Someone else must decide on your own leave"));
          }
          return pool.withTransaction(tx -> tx.preparedQuery("""
                  UPDATE leaves SET status = $2, decided_by = $3, decided_at = now()
                  WHERE id = $1 AND status = 'pending' RETURNING id, event_id, person_id, reason, status
                  """).execute(Tuple.of(leaveId, approve ? "approved" : "refused", caller.personId()))
              .compose(updated -> updated.size() == 0
                  ? Future.failedFuture(ApiException.conflict("leave.already_decided", "This leave was already decided"))
                  : Audit.recordForPerson(tx, actor, row.getUUID("person_id"), "leave.decide", "leave:" + leaveId,
                      new JsonObject().put("approve", approve).put("eventId", row.getUUID("event_id").toString()))
                      .map(v -> leave(updated.iterator().next()))));
        });
  }

  /** Leave requests of events in the org's subtree, for the secretaries and admins who decide them. */
  Future<JsonObject> leavesOf(Caller caller, UUID orgId, String status) {
    return scope.require(caller, orgId, Set.of(Role.SECRETARY, Role.ADMIN)).compose(org -> pool.preparedQuery("""
            SELECT l.id, l.event_id, l.person_id, l.reason, l.status, l.requested_at, p.name, e.title, e.starts_at
            FROM leaves l JOIN events e ON e.id = l.event_id JOIN orgs o ON o.id = e.org_id
            JOIN persons p ON p.id = l.person_id
            WHERE $1 = ANY(o.ancestry) AND ($2::text IS NULL OR l.status = $2)
            ORDER BY l.requested_at DESC LIMIT 200
            """).execute(Tuple.of(org.id(), status)))
        .map(rows -> {
          io.vertx.core.json.JsonArray items = new io.vertx.core.json.JsonArray();
          for (Row row : rows) {
            items.add(leave(row).put("name", row.getString("name")).put("eventTitle", row.getString("title"))
                .put("startsAt", Times.format(row.getOffsetDateTime("starts_at")))
                .put("requestedAt", Times.format(row.getOffsetDateTime("requested_at"))));
          }
          return new JsonObject().put("items", items);
        });
  }

  private static JsonObject leave(Row row) {
    return new JsonObject().put("id", row.getUUID("id").toString()).put("eventId", row.getUUID("event_id").toString())
        .put("personId", row.getUUID("person_id").toString()).put("reason", row.getString("reason"))
        .put("status", row.getString("status"));
  }
}
