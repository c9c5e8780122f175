package cn.zhibu.points;

import cn.zhibu.platform.Hashing;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Writes awards into the append-only ledger, in the caller's transaction. A per-person advisory lock makes
 * the cap arithmetic and the hash chain exact under concurrency; the unique idempotency key makes a
 * repeated source a no-op.
 */
public final class Ledger {

  /** What the ledger holds for an award: the credited points, and whether this call wrote it. */
  public record Entry(long id, UUID personId, int points, int requested, boolean written) {
    /** No award was due: nothing written, nothing to refresh. */
    public static final Entry NONE = new Entry(0, null, 0, 0, false);
  }

  private Ledger() {
  }

  public static Future<Entry> write(SqlClient tx, Award award, Instant now) {
    Instant at = now.truncatedTo(ChronoUnit.MICROS);
    Instant yearStart = Periods.YEAR.start(at);
    return tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 7))")
        .execute(Tuple.of(award.personId().toString()))
        .compose(v -> tx.preparedQuery("""
            SELECT (SELECT id FROM points_ledger WHERE idempotency_key = $4) AS existing_id,
                   (SELECT points FROM points_ledger WHERE idempotency_key = $4) AS existing_points,
                   (SELECT requested FROM points_ledger WHERE idempotency_key = $4) AS existing_requested,
                   (SELECT person_id FROM points_ledger WHERE idempotency_key = $4) AS existing_person,
                   (SELECT coalesce(sum(points), 0) FROM points_ledger
                     WHERE person_id = $1 AND category = $2 AND awarded_at >= $3) AS today,
                   (SELECT coalesce(sum(points), 0) FROM points_ledger
                     WHERE person_id = $1 AND category = $2 AND awarded_at >= $5) AS this_year,
                   (SELECT hash FROM points_ledger WHERE person_id = $1 ORDER BY id DESC LIMIT 1) AS prev_hash
            """).execute(Tuple.of(award.personId(), award.category().wire(), utc(Periods.dayStart(at)), award.key(),
            utc(yearStart))))
        .compose(rows -> {
          Row row = rows.iterator().next();
          if (row.getLong("existing_id") != null) {
            return Future.succeededFuture(new Entry(row.getLong("existing_id"), row.getUUID("existing_person"),
                row.getInteger("existing_points"), row.getInteger("existing_requested"), false));
          }
          int credited = award.category().credit(award.amount(), row.getLong("today").intValue(),
              row.getLong("this_year").intValue());
          String prev = row.getString("prev_hash");
          String hash = chainHash(prev, award, credited, at);
          return tx.preparedQuery("""
                  INSERT INTO points_ledger (person_id, category, points, requested, minutes, source_type, source_id,
                                             idempotency_key, reason, granted_by, awarded_at, prev_hash, hash)
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id
                  """).execute(Tuple.tuple().addUUID(award.personId()).addString(award.category().wire())
                  .addInteger(credited).addInteger(award.amount()).addInteger(award.minutes())
                  .addString(award.sourceType()).addString(award.sourceId()).addString(award.key())
                  .addString(award.reason()).addUUID(award.grantedBy()).addOffsetDateTime(utc(at)).addString(prev)
                  .addString(hash))
              .map(inserted -> new Entry(inserted.iterator().next().getLong("id"), award.personId(), credited,
                  award.amount(), true));
        });
  }

  /** Each row's hash covers its fields and the previous row of the same person: an edit breaks the chain. */
  static String chainHash(String prev, Award award, int credited, Instant at) {
    return Hashing.sha256(String.join("|", prev == null ? "" : prev, award.personId().toString(),
        award.category().wire(), Integer.toString(credited), Integer.toString(award.minutes()), award.key(),
        Long.toString(at.getEpochSecond()), Integer.toString(at.getNano() / 1000)));
  }

  static java.time.OffsetDateTime utc(Instant instant) {
    return instant.atOffset(ZoneOffset.UTC);
  }
}
