package cn.zhibu.meeting;

import cn.zhibu.platform.Changes;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * What a check-in needs to know about its event — window, place, code secret and who is expected — kept in
 * memory, so that checking a scan costs no database round trip. One query loads an event's facts; loads of
 * the same event at once share it. Whoever changes an event or its attendees calls {@link #changed}: every
 * instance of every process forgets it ({@link Changes}). Entries also expire after {@link #TTL}, a bound
 * on staleness should a message be lost while Redis is away. Used from one event loop (its verticle's).
 */
public final class EventFacts {
  /** The topic of {@link Changes} that says an event or its attendee list changed. */
  public static final String TOPIC = "event";
  static final Duration TTL = Duration.ofSeconds(30);
  static final int MAX_EVENTS = 1_000;
  private final Pool pool;
  private final Changes changes;
  private final Clock clock;
  private final Map<UUID, Cached> cache = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<UUID, Cached> eldest) {
      return size() > MAX_EVENTS;
    }
  };

  /** An event and the people expected at it. */
  record Facts(Event event, Attendees expected) {
  }

  private record Cached(Future<Facts> facts, Instant loadedAt) {
  }

  EventFacts(Vertx vertx, Pool pool, Changes changes, Clock clock) {
    this.pool = pool;
    this.changes = changes;
    this.clock = clock;
    vertx.eventBus().<String>localConsumer(Changes.address(TOPIC), message -> cache.remove(UUID.fromString(message.body())));
  }

  /** The event's facts; a missing event fails with 404 (and is not remembered). */
  Future<Facts> of(UUID eventId) {
    Instant now = clock.instant();
    Cached cached = cache.get(eventId);
    if (cached != null && cached.loadedAt().plus(TTL).isAfter(now) && !cached.facts().failed()) {
      return cached.facts();
    }
    Future<Facts> loading = load(eventId);
    cache.put(eventId, new Cached(loading, now));
    return loading.onFailure(err -> cache.remove(eventId));
  }

  private Future<Facts> load(UUID eventId) {
    return pool.preparedQuery("SELECT " + Event.COLUMNS + """
            , coalesce((SELECT array_agg(a.person_id) FROM (SELECT person_id FROM event_attendees
                             WHERE event_id = e.id ORDER BY person_id) AS a), '{}') AS expected_ids
            FROM events e WHERE e.id = $1
            """).execute(Tuple.of(eventId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(cn.zhibu.platform.ApiException.notFound("The event"));
          }
          Row row = rows.iterator().next();
          return Future.succeededFuture(new Facts(Event.from(row), Attendees.of(row.getArrayOfUUIDs("expected_ids"))));
        });
  }

  /**
   * Tells every instance that this event or its attendee list changed. Call after the change committed. The
   * instances of this process hear it at once; other processes through Redis (or, if Redis is down, when
   * their entry expires).
   */
  public Future<Void> changed(UUID eventId) {
    return changes.publish(TOPIC, eventId.toString());
  }
}
