package cn.zhibu.meeting;

import cn.zhibu.points.Award;
import cn.zhibu.points.Ledger;
import cn.zhibu.points.PointRules;
import cn.zhibu.points.Points;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;

/**
 * Writes check-ins in batches, like group commit: while a batch is being written, new check-ins queue, and
 * the next batch takes them all (up to {@link #MAX_BATCH}) in one transaction: one multi-row
 * {@code INSERT … ON CONFLICT DO NOTHING}, the attendance awards of the rows it inserted (set-based,
 * {@link Ledger#writeAll}), one commit. When the
 * server is idle a batch is a single check-in, so nobody waits for company. Every check-in is still answered
 * only after its own row has been committed. Used from one event loop (the verticle's).
 */
final class CheckinWriter {
  static final int MAX_BATCH = 256;
  static final int MAX_IN_FLIGHT = 4;
  private final Pool pool;
  private final Points points;
  private final Queue<Pending> queue = new ArrayDeque<>();
  private int inFlight;

  private record Pending(UUID eventId, UUID personId, Double lat, Double lng, Instant at, boolean offline,
      Promise<CheckinService.Outcome> answer) {
  }

  CheckinWriter(Pool pool, Points points) {
    this.pool = pool;
    this.points = points;
  }

  /** The person's check-in at the event, if there is one (a repeated scan answers it), else null. */
  Future<Checkin> existing(UUID eventId, UUID personId) {
    return pool.preparedQuery(
            "SELECT id, event_id, person_id, checked_in_at, offline FROM checkins WHERE event_id = $1 AND person_id = $2")
        .execute(io.vertx.sqlclient.Tuple.of(eventId, personId))
        .map(rows -> rows.size() == 0 ? null : Checkin.from(rows.iterator().next()));
  }

  Future<CheckinService.Outcome> write(UUID eventId, UUID personId, Double lat, Double lng, Instant at,
      boolean offline) {
    Promise<CheckinService.Outcome> answer = Promise.promise();
    queue.add(new Pending(eventId, personId, lat, lng, at, offline, answer));
    if (inFlight < MAX_IN_FLIGHT) {
      flush();
    }
    return answer.future();
  }

  private void flush() {
    if (queue.isEmpty()) {
      return;
    }
    List<Pending> batch = new ArrayList<>();
    while (!queue.isEmpty() && batch.size() < MAX_BATCH) {
      batch.add(queue.poll());
    }
    inFlight++;
    List<Ledger.Entry> awards = new ArrayList<>();
    // One row per (event, person), in a fixed order: concurrent batches then take the unique-index locks in
    // the same order and cannot deadlock, and a repeat inside the batch is answered like any other repeat.
    Map<Key, Pending> distinct = new java.util.TreeMap<>();
    batch.forEach(p -> distinct.putIfAbsent(key(p.eventId(), p.personId()), p));
    List<Pending> rows = new ArrayList<>(distinct.values());
    Instant awardedAt = rows.stream().map(Pending::at).max(Instant::compareTo).orElseThrow();
    pool.withTransaction(tx -> insert(tx, rows).compose(inserted -> award(tx, rows, inserted, awardedAt, awards)
            .compose(v -> existing(tx, rows, inserted))))
        .onComplete(ar -> {
          inFlight--;
          if (ar.succeeded()) {
            Map<Key, CheckinService.Outcome> outcomes = ar.result();
            java.util.Set<Key> answered = new java.util.HashSet<>();
            for (Pending p : batch) {
              Key key = key(p.eventId(), p.personId());
              CheckinService.Outcome outcome = outcomes.get(key);
              boolean first = answered.add(key);
              p.answer().complete(first ? outcome : new CheckinService.Outcome(outcome.checkin(), false));
            }
            points.committedAll(awards, PointRules.ATTENDANCE, awardedAt);
          } else {
            batch.forEach(p -> p.answer().fail(ar.cause()));
          }
          flush();
        });
  }

  /** Inserts the batch; answers the rows this batch created, keyed by event and person. */
  private static Future<Map<Key, CheckinService.Outcome>> insert(SqlClient tx, List<Pending> batch) {
    UUID[] ids = new UUID[batch.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = UUID.randomUUID();
    }
    return tx.preparedQuery("""
            INSERT INTO checkins (id, event_id, person_id, checked_in_at, lat, lng, offline)
            SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::timestamptz[], $5::float8[], $6::float8[],
                                 $7::bool[])
            ON CONFLICT (event_id, person_id) DO NOTHING
            RETURNING id, event_id, person_id, checked_in_at, offline
            """).execute(Tuple.of(ids,
            batch.stream().map(Pending::eventId).toArray(UUID[]::new),
            batch.stream().map(Pending::personId).toArray(UUID[]::new),
            batch.stream().map(p -> p.at().atOffset(ZoneOffset.UTC)).toArray(java.time.OffsetDateTime[]::new),
            batch.stream().map(Pending::lat).toArray(Double[]::new),
            batch.stream().map(Pending::lng).toArray(Double[]::new),
            batch.stream().map(Pending::offline).toArray(Boolean[]::new)))
        .map(rows -> {
          Map<Key, CheckinService.Outcome> created = new HashMap<>();
          for (Row row : rows) {
            created.put(key(row.getUUID("event_id"), row.getUUID("person_id")), outcome(row, true));
          }
          return created;
        });
  }

  /** One attendance award per inserted row, in this transaction, written set-based for the whole batch. */
  private static Future<Void> award(SqlClient tx, List<Pending> batch, Map<Key, CheckinService.Outcome> inserted,
      Instant at, List<Ledger.Entry> awards) {
    List<Award> due = batch.stream().filter(p -> inserted.containsKey(key(p.eventId(), p.personId())))
        .map(p -> Award.of(p.personId(), PointRules.ATTENDANCE, "event", p.eventId().toString())).toList();
    return Ledger.writeAll(tx, due, at).map(entries -> {
      awards.addAll(entries);
      return null;
    });
  }

  /** Adds the first record of every check-in in the batch that was already there. */
  private static Future<Map<Key, CheckinService.Outcome>> existing(SqlClient tx, List<Pending> batch,
      Map<Key, CheckinService.Outcome> outcomes) {
    List<Pending> repeats = batch.stream().filter(p -> !outcomes.containsKey(key(p.eventId(), p.personId()))).toList();
    if (repeats.isEmpty()) {
      return Future.succeededFuture(outcomes);
    }
    return tx.preparedQuery("""
            SELECT c.id, c.event_id, c.person_id, c.checked_in_at, c.offline FROM checkins c
            JOIN unnest($1::uuid[], $2::uuid[]) AS t(event_id, person_id)
              ON c.event_id = t.event_id AND c.person_id = t.person_id
            """).execute(Tuple.tuple().addArrayOfUUID(repeats.stream().map(Pending::eventId).toArray(UUID[]::new))
            .addArrayOfUUID(repeats.stream().map(Pending::personId).toArray(UUID[]::new)))
        .map(rows -> {
          Map<Key, CheckinService.Outcome> all = new HashMap<>(outcomes);
          for (Row row : rows) {
            all.putIfAbsent(key(row.getUUID("event_id"), row.getUUID("person_id")), outcome(row, false));
          }
          return all;
        });
  }

  private static CheckinService.Outcome outcome(Row row, boolean created) {
    return new CheckinService.Outcome(Checkin.from(row), created);
  }

  private static Key key(UUID eventId, UUID personId) {
    return new Key(eventId, personId);
  }

  /** A check-in's identity; its order is the order a batch writes its rows in. */
  private record Key(UUID eventId, UUID personId) implements Comparable<Key> {
    @Override
    public int compareTo(Key other) {
      int byEvent = eventId.compareTo(other.eventId);
      return byEvent != 0 ? byEvent : personId.compareTo(other.personId);
    }
  }
}
