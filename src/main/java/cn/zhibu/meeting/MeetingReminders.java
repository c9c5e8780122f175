package cn.zhibu.meeting;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * An hour before a meeting, a reminder to each expected attendee not on leave, queued in the push outbox (the
 * worker sends it to those with a subscription credit); queued once whatever the number of processes (the meeting
 * is claimed with {@code UPDATE … RETURNING}). The missing-meeting reminders are compliance's.
 */
public final class MeetingReminders {
  static final Duration BEFORE_MEETING = Duration.ofHours(1);
  private final Pool pool;
  private final EventRepository events;
  private final Clock clock;

  MeetingReminders(Pool pool, EventRepository events, Clock clock) {
    this.pool = pool;
    this.events = events;
    this.clock = clock;
  }

  /** Meetings starting within the hour, not reminded yet; answers how many pushes were queued. */
  public Future<Integer> run() {
    Instant now = clock.instant();
    return pool.withTransaction(tx -> events.claimReminders(tx, now, now.plus(BEFORE_MEETING))
        .compose(claimed -> events.queueReminders(tx, claimed)));
  }
}
