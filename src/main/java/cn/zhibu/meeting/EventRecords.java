package cn.zhibu.meeting;

import cn.zhibu.auth.Caller;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Meetings as records (组织生活台账): correcting a meeting before it starts, writing its agenda, lecturer,
 * minutes and study hours up to 30 days after it ends, cancelling it before it starts. Every change is
 * audited, and every instance forgets the event's facts so check-ins see the change.
 */
final class EventRecords {
  /** How long after a meeting its record may still be written (minutes are often typed up days later). */
  static final Duration RECORD_WINDOW = Duration.ofDays(30);
  private final Pool pool;
  private final EventService events;
  private final EventRepository repository;
  private final EventFacts facts;
  private final Clock clock;
  private final cn.zhibu.org.Scope scope;
  static final java.util.Set<cn.zhibu.auth.Role> APPROVERS =
      java.util.Set.of(cn.zhibu.auth.Role.ADMIN, cn.zhibu.auth.Role.SECRETARY);

  private final cn.zhibu.points.Points points;

  EventRecords(Pool pool, EventService events, EventRepository repository, EventFacts facts, cn.zhibu.org.Scope scope,
      cn.zhibu.points.Points points, Clock clock) {
    this.points = points;
    this.scope = scope;
    this.pool = pool;
    this.events = events;
    this.repository = repository;
    this.facts = facts;
    this.clock = clock;
  }

  /** What a PATCH asks to change; null fields stay as they are. */
  record Changes(String title, Instant startsAt, Instant endsAt, JsonObject location, String agenda, String lecturer,
      String minutes, Double studyHours, Integer reviewsYear) {
    static Changes of(JsonObject body) {
      return new Changes(body.getString("title"), body.getString("startsAt") == null ? null
          : Times.parse(body.getString("startsAt")), body.getString("endsAt") == null ? null
          : Times.parse(body.getString("endsAt")), body.getJsonObject("location"), body.getString("agenda"),
          body.getString("lecturer"), body.getString("minutes"), body.getDouble("studyHours"),
          body.getInteger("reviewsYear"));
    }

    boolean touchesPlan() {
      return title != null || startsAt != null || endsAt != null || location != null;
    }

    boolean touchesRecord() {
      return agenda != null || lecturer != null || minutes != null || studyHours != null || reviewsYear != null;
    }

    JsonObject summary() {
      JsonObject changed = new JsonObject();
      if (title != null) {
        changed.put("title", title);
      }
      if (startsAt != null) {
        changed.put("startsAt", Times.format(startsAt));
      }
      if (endsAt != null) {
        changed.put("endsAt", Times.format(endsAt));
      }
      if (location != null) {
        changed.put("location", location);
      }
      for (String field : new String[] {"agenda", "lecturer", "minutes"}) {
        String value = "agenda".equals(field) ? agenda : "lecturer".equals(field) ? lecturer : minutes;
        if (value != null) {
          changed.put(field, value.length() > 200 ? value.substring(0, 200) + "…" : value);
        }
      }
      if (studyHours != null) {
        changed.put("studyHours", studyHours);
      }
      if (reviewsYear != null) {
        changed.put("reviewsYear", reviewsYear);
      }
      return changed;
    }
  }

  Future<Event.View> update(Caller caller, Audit.Actor actor, UUID id, Changes changes) {
    Instant now = clock.instant();
    return events.organised(caller, id).compose(event -> {
      if (event.closed()) {
        return Future.failedFuture(ApiException.conflict("event.not_editable",
            "This meeting is " + event.record().status() + " and can no longer be changed"));
      }
      if (changes.touchesPlan() && (event.record().backfilled() || !now.isBefore(event.startsAt()))) {
        return Future.failedFuture(ApiException.unprocessable("event.already_started",
            "Title, times and place can only change before the meeting starts"));
      }
      if (changes.touchesRecord() && now.isAfter(event.recordsUntil())) {
        return Future.failedFuture(ApiException.unprocessable("event.record_closed",
            "Agenda, lecturer, minutes and study hours can be written up to 30 days after the meeting"));
      }
      Instant starts = changes.startsAt() != null ? changes.startsAt() : event.startsAt();
      Instant ends = changes.endsAt() != null ? changes.endsAt() : event.endsAt();
      if (!ends.isAfter(starts)) {
        return Future.failedFuture(ApiException.unprocessable("event.invalid_time", "A meeting must end after it starts"));
      }
      if (changes.startsAt() != null && starts.isBefore(now)) {
        return Future.failedFuture(ApiException.unprocessable("event.backdated",
            "A meeting cannot be moved into the past"));
      }
      // A meeting names the year it reviews: its own, or — held in January to March — the year before (a
      // 组织生活会 in January reviewing last year counts for last year's yearly meeting; issue 30).
      if (changes.reviewsYear() != null) {
        java.time.LocalDate held = starts.atZone(Times.SCHOOL_ZONE).toLocalDate();
        boolean own = changes.reviewsYear() == held.getYear();
        boolean last = changes.reviewsYear() == held.getYear() - 1 && held.getMonthValue() <= 3;
        if (!own && !last) {
          return Future.failedFuture(ApiException.unprocessable("event.invalid_review_year",
              "A meeting reviews the year it is held in, or, held in January to March, the year before"));
        }
      }
      Double hours = changes.studyHours() != null ? changes.studyHours() : event.record().studyHours();
      if (hours != null && !withinLength(hours, starts, ends)) {
        return Future.failedFuture(ApiException.unprocessable("event.study_hours_exceed_length",
            "Study hours are at most the meeting's length at 45 minutes a 学时"));
      }
      return pool.withTransaction(tx -> repository.update(tx, event, changes, starts, ends)
              .compose(v -> Audit.record(tx, actor, event.orgId(), "event.update", "event:" + id, changes.summary())))
          .compose(v -> facts.changed(id))
          .compose(v -> repository.find(id));
    }).map(Event::view);
  }

  /** A meeting's study hours are at most its length at 45 minutes a 学时 (a 2-hour 党课 gives at most 2.5). */
  static boolean withinLength(double hours, Instant starts, Instant ends) {
    return hours * 45 * 60 <= java.time.Duration.between(starts, ends).toSeconds();
  }

  /**
   * Approves or refuses a 补录: an admin or secretary of an org above the meeting's, never the person who
   * recorded it. Approved, it counts like any meeting; refused, it is kept and counts for nothing.
   */
  Future<Event.View> decideBackfill(Caller caller, Audit.Actor actor, UUID id, boolean approve, String note) {
    Instant now = clock.instant();
    return events.visible(caller, id).compose(event -> scope.above(caller, event.orgId(), APPROVERS).compose(above -> {
      if (!above) {
        return Future.failedFuture(ApiException.forbidden("A 补录 is approved by an admin or secretary of an org above"));
      }
      if (caller.personId().equals(event.record().createdBy())) {
        return Future.failedFuture(ApiException.unprocessable("event.own_backfill",
            "Someone else must approve the meeting you recorded"));
      }
      return points.inTransaction(pool, (tx, awards) -> repository.decideBackfill(tx, id, approve, caller.personId(),
              note == null ? null : note.strip(), now)
          .compose(decided -> decided ? Audit.record(tx, actor, event.orgId(), "event.backfill_decision", "event:" + id,
                  new JsonObject().put("approve", approve).put("note", note))
              : Future.failedFuture(ApiException.conflict("event.not_pending", "This meeting is not waiting for approval")))
          // Approved, the meeting counts: those recorded present earn their attendance points now, once.
          .compose(v -> approve ? repository.present(tx, id).compose(people -> awards.addAll(
                  people.stream().map(p -> cn.zhibu.points.Award.of(p, cn.zhibu.points.PointRules.ATTENDANCE, "event",
                      id.toString())).toList())).mapEmpty()
              : Future.succeededFuture()))
          .compose(v -> facts.changed(id))
          .compose(v -> repository.find(id));
    })).map(Event::view);
  }

  Future<Event.View> cancel(Caller caller, Audit.Actor actor, UUID id, String reason) {
    Instant now = clock.instant();
    return events.organised(caller, id).compose(event -> {
      if (!"scheduled".equals(event.record().status())) {
        return Future.failedFuture(ApiException.conflict("event.not_editable",
            "This meeting is " + event.record().status() + " and cannot be cancelled"));
      }
      if (!now.isBefore(event.startsAt())) {
        return Future.failedFuture(ApiException.unprocessable("event.already_started",
            "A meeting can only be cancelled before it starts"));
      }
      return pool.withTransaction(tx -> repository.cancel(tx, id, reason.strip(), now)
              .compose(cancelled -> cancelled ? Audit.record(tx, actor, event.orgId(), "event.cancel", "event:" + id,
                  new JsonObject().put("reason", reason.strip()))
                  : Future.failedFuture(ApiException.conflict("event.not_editable", "This meeting was cancelled already"))))
          .compose(v -> facts.changed(id))
          .compose(v -> repository.find(id));
    }).map(Event::view);
  }
}
