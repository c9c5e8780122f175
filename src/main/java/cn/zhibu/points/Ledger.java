package cn.zhibu.points;

import static cn.zhibu.platform.Times.utc;

import cn.zhibu.platform.Hashing;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Writes awards into the append-only ledger, in the caller's transaction. A per-person advisory lock makes
 * the cap arithmetic and the hash chain exact under concurrency; the unique idempotency key makes a
 * repeated source a no-op.
 */
public final class Ledger {

  /**
   * What the ledger holds for an award: the credited points, and whether this call wrote it. A batch
   * ({@link #writeAll}) also says what came before a written row — {@code previous}, the id of the person's
   * newest row before it (0 when it is their first), and the person's org then — so the boards can be moved by
   * the award instead of re-reading the ledger; a single {@link #write} leaves them unknown (-1, null).
   */
  public record Entry(long id, UUID personId, int points, int requested, boolean written, long previous,
      UUID orgId) {
    /** No award was due: nothing written, nothing to refresh. */
    public static final Entry NONE = new Entry(0, null, 0, 0, false, -1, null);

    Entry(long id, UUID personId, int points, int requested, boolean written) {
      this(id, personId, points, requested, written, -1, null);
    }
  }

  private Ledger() {
  }

  /** One award: a batch of one (the same locks, caps, idempotency and chain as {@link #writeAll}). */
  public static Future<Entry> write(SqlClient tx, Award award, Instant now) {
    return writeAll(tx, List.of(award), now).map(entries -> entries.get(0));
  }

  /**
   * Writes a batch of awards of one category set-based: the people's ledger locks in one statement (in person
   * order, as every writer takes them), their caps and chain heads and the keys already used in a second, all
   * new rows in a third — three statements whatever the batch size, instead of three per award. The rules
   * (caps, idempotency, the hash chain) are applied in Java, in the batch's person order.
   */
  public static Future<List<Entry>> writeAll(SqlClient tx, List<Award> awards, Instant now) {
    if (awards.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    PointRules category = awards.get(0).category();
    if (awards.stream().anyMatch(a -> a.category() != category)) {
      throw new IllegalArgumentException("writeAll takes awards of one category");
    }
    Instant at = now.truncatedTo(ChronoUnit.MICROS);
    List<Award> ordered = awards.stream().sorted(Comparator.comparing(Award::personId)).toList();
    UUID[] people = ordered.stream().map(Award::personId).distinct().toArray(UUID[]::new);
    String[] keys = ordered.stream().map(Award::key).toArray(String[]::new);
    return tx.preparedQuery("""
            SELECT pg_advisory_xact_lock(hashtextextended(p::text, 7))
            FROM (SELECT p FROM unnest($1::uuid[]) AS p ORDER BY p) AS ordered
            """).execute(Tuple.of(people))
        .compose(v -> tx.preparedQuery("""
            SELECT p AS person_id, sums.today, sums.this_year,
                   head.hash AS prev_hash, coalesce(head.id, 0) AS prev_id,
                   (SELECT org_id FROM persons WHERE id = p) AS org_id,
                   NULL::text AS key, NULL::bigint AS id, NULL::int AS points, NULL::int AS requested
            FROM unnest($1::uuid[]) AS p
                 CROSS JOIN LATERAL (
                   -- one pass over the year's rows gives both caps (the day lies within the year)
                   SELECT coalesce(sum(points) FILTER (WHERE awarded_at >= $3), 0) AS today,
                          coalesce(sum(points), 0) AS this_year
                   FROM points_ledger
                   WHERE person_id = p AND category = $2 AND awarded_at >= $4) AS sums
                 LEFT JOIN LATERAL (SELECT id, hash FROM points_ledger WHERE person_id = p ORDER BY id DESC LIMIT 1)
                   AS head ON true
            UNION ALL
            SELECT person_id, NULL, NULL, NULL, NULL, NULL, idempotency_key, id, points, requested
            FROM points_ledger WHERE idempotency_key = ANY($5)
            """).execute(Tuple.of(people, category.wire(), utc(Periods.dayStart(at)), utc(Periods.YEAR.start(at)),
            keys)))
        .compose(rows -> {
          Map<UUID, long[]> caps = new HashMap<>();
          Map<UUID, String> heads = new HashMap<>();
          Map<UUID, Long> headIds = new HashMap<>();
          Map<UUID, UUID> homes = new HashMap<>();
          Map<String, Entry> known = new HashMap<>();
          for (Row row : rows) {
            if (row.getString("key") != null) {
              known.put(row.getString("key"), new Entry(row.getLong("id"), row.getUUID("person_id"),
                  row.getInteger("points"), row.getInteger("requested"), false));
            } else {
              caps.put(row.getUUID("person_id"), new long[] {row.getLong("today"), row.getLong("this_year")});
              heads.put(row.getUUID("person_id"), row.getString("prev_hash"));
              headIds.put(row.getUUID("person_id"), row.getLong("prev_id"));
              homes.put(row.getUUID("person_id"), row.getUUID("org_id"));
            }
          }
          Batch batch = new Batch();
          for (Award award : ordered) {
            if (known.containsKey(award.key()) || !batch.keys.add(award.key())) {
              continue;
            }
            long[] cap = caps.get(award.personId());
            int points = category.credit(award.amount(), (int) cap[0], (int) cap[1]);
            cap[0] += points;
            cap[1] += points;
            String prev = heads.get(award.personId());
            String hash = chainHash(prev, award, points, at);
            heads.put(award.personId(), hash);
            batch.add(award, points, prev, hash);
          }
          return batch.insert(tx, category, at).map(ids -> {
            for (int i = 0; i < batch.awards.size(); i++) {
              Award award = batch.awards.get(i);
              long id = ids.get(award.key());
              // The rows were inserted in chain order, so each one's predecessor is the head read above or the
              // person's previous row in this batch.
              long previous = headIds.put(award.personId(), id);
              known.put(award.key(), new Entry(id, award.personId(), batch.points.get(i), award.amount(), true,
                  previous, homes.get(award.personId())));
            }
            return ordered.stream().map(a -> known.get(a.key())).toList();
          });
        });
  }

  /** The new rows of a {@link #writeAll}, in chain order. */
  private static final class Batch {
    final java.util.Set<String> keys = new java.util.HashSet<>();
    final List<Award> awards = new ArrayList<>();
    final List<Integer> points = new ArrayList<>();
    final List<String> prevs = new ArrayList<>();
    final List<String> hashes = new ArrayList<>();

    void add(Award award, int credited, String prev, String hash) {
      awards.add(award);
      points.add(credited);
      prevs.add(prev);
      hashes.add(hash);
    }

    /** One multi-row insert, in this order (the ids, and so each person's chain, follow it). */
    Future<Map<String, Long>> insert(SqlClient tx, PointRules category, Instant at) {
      if (awards.isEmpty()) {
        return Future.succeededFuture(Map.of());
      }
      return tx.preparedQuery("""
              INSERT INTO points_ledger (person_id, category, points, requested, minutes, source_type, source_id,
                                         idempotency_key, reason, granted_by, awarded_at, prev_hash, hash)
              SELECT t.person_id, $1, t.points, t.requested, t.minutes, t.source_type, t.source_id, t.key, t.reason,
                     t.granted_by, $2, t.prev_hash, t.hash
              FROM unnest($3::uuid[], $4::int[], $5::int[], $6::int[], $7::text[], $8::text[], $9::text[],
                          $10::text[], $11::uuid[], $12::text[], $13::text[])
                   WITH ORDINALITY AS t(person_id, points, requested, minutes, source_type, source_id, key, reason,
                                        granted_by, prev_hash, hash, n)
              ORDER BY t.n
              RETURNING id, idempotency_key
              """).execute(Tuple.tuple().addString(category.wire()).addOffsetDateTime(utc(at))
              .addArrayOfUUID(awards.stream().map(Award::personId).toArray(UUID[]::new))
              .addArrayOfInteger(points.toArray(Integer[]::new))
              .addArrayOfInteger(awards.stream().map(Award::amount).toArray(Integer[]::new))
              .addArrayOfInteger(awards.stream().map(Award::minutes).toArray(Integer[]::new))
              .addArrayOfString(awards.stream().map(Award::sourceType).toArray(String[]::new))
              .addArrayOfString(awards.stream().map(Award::sourceId).toArray(String[]::new))
              .addArrayOfString(awards.stream().map(Award::key).toArray(String[]::new))
              .addArrayOfString(awards.stream().map(Award::reason).toArray(String[]::new))
              .addArrayOfUUID(awards.stream().map(Award::grantedBy).toArray(UUID[]::new))
              .addArrayOfString(prevs.toArray(String[]::new))
              .addArrayOfString(hashes.toArray(String[]::new)))
          .map(rows -> {
            Map<String, Long> ids = new HashMap<>();
            rows.forEach(row -> ids.put(row.getString("idempotency_key"), row.getLong("id")));
            return ids;
          });
    }
  }

  /** Each row's hash covers its fields and the previous row of the same person: an edit breaks the chain. */
  static String chainHash(String prev, Award award, int credited, Instant at) {
    return Hashing.sha256(String.join("|", prev == null ? "" : prev, award.personId().toString(),
        award.category().wire(), Integer.toString(credited), Integer.toString(award.minutes()), award.key(),
        Long.toString(at.getEpochSecond()), Integer.toString(at.getNano() / 1000)));
  }
}
