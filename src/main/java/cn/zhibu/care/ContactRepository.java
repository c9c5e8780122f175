package cn.zhibu.care;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Every query of the 失联 follow-up: who has gone silent, and what the secretary found. */
final class ContactRepository {
  private final Pool pool;

  ContactRepository(Pool pool) {
    this.pool = pool;
  }

  /** A party member and the last sign of them; {@code lost} null when nothing was recorded. */
  record Silent(UUID personId, String number, String name, String org, OffsetDateTime lastCheckin,
      OffsetDateTime lastDues, OffsetDateTime lastLogin, Boolean lost, String note, OffsetDateTime recordedAt) {
  }

  /**
   * Party members on rosters of the subtree with no check-in, no dues payment and no login (a session started or
   * refreshed) since {@code since}, by number.
   */
  Future<List<Silent>> silentSince(UUID orgId, OffsetDateTime since) {
    return pool.preparedQuery("""
            SELECT * FROM (
              SELECT p.id, p.number, p.name, o.name AS org,
                     (SELECT max(c.checked_in_at) FROM checkins c WHERE c.person_id = p.id) AS last_checkin,
                     (SELECT max(d.recorded_at) FROM dues_payments d WHERE d.person_id = p.id) AS last_dues,
                     (SELECT max(greatest(s.created_at, r.created_at)) FROM auth_sessions s
                        LEFT JOIN refresh_tokens r ON r.session_id = s.id WHERE s.person_id = p.id) AS last_login,
                     cs.lost, cs.note, cs.recorded_at
              FROM persons p JOIN orgs o ON o.id = p.org_id LEFT JOIN contact_status cs ON cs.person_id = p.id
              WHERE $1 = ANY(o.ancestry) AND p.anonymised_at IS NULL AND p.stage IN ('probationary', 'full')
            ) seen
            WHERE coalesce(last_checkin, '-infinity') < $2 AND coalesce(last_dues, '-infinity') < $2
              AND coalesce(last_login, '-infinity') < $2
            ORDER BY number
            """).execute(Tuple.of(orgId, since))
        .map(rows -> {
          List<Silent> all = new ArrayList<>(rows.size());
          rows.forEach(r -> all.add(new Silent(r.getUUID("id"), r.getString("number"), r.getString("name"), r.getString("org"),
              r.getOffsetDateTime("last_checkin"), r.getOffsetDateTime("last_dues"), r.getOffsetDateTime("last_login"),
              r.getBoolean("lost"), r.getString("note"), r.getOffsetDateTime("recorded_at"))));
          return all;
        });
  }

  /** Records the latest finding about the person (replacing the one before). */
  Future<OffsetDateTime> record(SqlClient tx, UUID personId, boolean lost, String note, UUID by) {
    return tx.preparedQuery("""
            INSERT INTO contact_status (person_id, lost, note, recorded_by) VALUES ($1, $2, $3, $4)
            ON CONFLICT (person_id) DO UPDATE SET lost = $2, note = $3, recorded_by = $4, recorded_at = now()
            RETURNING recorded_at
            """).execute(Tuple.of(personId, lost, note, by))
        .map(rows -> rows.iterator().next().getOffsetDateTime("recorded_at"));
  }

  /** The person's home org, or null (also once anonymised). */
  Future<UUID> homeOf(UUID personId) {
    return pool.preparedQuery("SELECT org_id FROM persons WHERE id = $1 AND anonymised_at IS NULL")
        .execute(Tuple.of(personId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("org_id"));
  }
}
