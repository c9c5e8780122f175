package cn.zhibu.meeting;

import cn.zhibu.auth.Caller;
import cn.zhibu.platform.ApiException;
import cn.zhibu.points.Points;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/** Check-in with the rotating code. */
final class CheckinService {
  private final EventService events;
  private final CheckinWriter writer;
  private final cn.zhibu.org.Scope scope;
  private final Clock clock;
  private final EventFacts facts;
  private final java.time.Duration offlineWindow;

  /** A check-in and whether this call created it (201) or found the first one (200). */
  record Outcome(Checkin checkin, boolean created) {
  }

  CheckinService(Pool pool, EventService events, EventFacts facts, Points points, cn.zhibu.org.Scope scope,
      Clock clock, java.time.Duration offlineWindow) {
    this.offlineWindow = offlineWindow;
    this.facts = facts;
    this.scope = scope;
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
      return writer.existing(eventId, personId).compose(found -> found == null ? Future.failedFuture(refused)
          : Future.succeededFuture(new Outcome(found, false)));
    });
  }




}
