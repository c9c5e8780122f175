package cn.zhibu.volunteer;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * An hour before a volunteer activity, a reminder to each member signed up for it, queued in the push outbox (the
 * worker sends it to those with a subscription credit for the meeting template); queued once whatever the number
 * of processes (the activity is claimed with {@code UPDATE … RETURNING}).
 */
public final class ActivityReminders {
  static final Duration BEFORE = Duration.ofHours(1);
  private final Pool pool;
  private final ActivityRepository activities;
  private final Clock clock;

  ActivityReminders(Pool pool, ActivityRepository activities, Clock clock) {
    this.pool = pool;
    this.activities = activities;
    this.clock = clock;
  }

  /** The reminders due now; answers how many pushes were queued. */
  public Future<Integer> run() {
    Instant now = clock.instant();
    return pool.withTransaction(tx -> activities.claimReminders(tx, now, now.plus(BEFORE))
        .compose(claimed -> activities.queueReminders(tx, claimed)));
  }
}
