package cn.zhibu.org;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.UUID;

/**
 * What an org keeps beside its place in the tree and may change: its category and its term. Kept apart from
 * {@link OrgDirectory}, whose tree is cached for the process's life because it never changes.
 */
final class OrgSettingsRepository {
  /** An org's category and term as stored (termYears null: the default for its kind). */
  record Settings(String category, LocalDate termStartedOn, Integer termYears) {
  }

  private final Pool pool;

  OrgSettingsRepository(Pool pool) {
    this.pool = pool;
  }

  Future<Settings> find(UUID orgId) {
    return pool.preparedQuery("SELECT category, term_started_on, term_years FROM orgs WHERE id = $1")
        .execute(Tuple.of(orgId)).map(rows -> settings(rows.iterator().next()));
  }

  /** Sets the fields whose flag is true (null clears one); answers what is stored before and after. */
  Future<Settings[]> update(SqlClient tx, UUID orgId, boolean setCategory, String category, boolean setStart,
      LocalDate start, boolean setYears, Integer years) {
    return tx.preparedQuery("SELECT category, term_started_on, term_years FROM orgs WHERE id = $1 FOR UPDATE")
        .execute(Tuple.of(orgId))
        .compose(before -> tx.preparedQuery("""
                UPDATE orgs SET category = CASE WHEN $2 THEN $3 ELSE category END,
                  term_started_on = CASE WHEN $4 THEN $5::date ELSE term_started_on END,
                  term_years = CASE WHEN $6 THEN $7::int ELSE term_years END
                WHERE id = $1 RETURNING category, term_started_on, term_years""")
            .execute(Tuple.tuple().addUUID(orgId).addBoolean(setCategory).addString(category).addBoolean(setStart)
                .addLocalDate(start).addBoolean(setYears).addInteger(years))
            .map(after -> new Settings[] {settings(before.iterator().next()), settings(after.iterator().next())}));
  }

  private static Settings settings(Row r) {
    return new Settings(r.getString("category"), r.getLocalDate("term_started_on"), r.getInteger("term_years"));
  }
}
