package cn.zhibu.care;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Every query of the 流动党员 register. */
final class MobilityRepository {
  private final Pool pool;

  MobilityRepository(Pool pool) {
    this.pool = pool;
  }

  /** A member away, with their branch. */
  record Away(UUID personId, String number, String name, String org, String destination, String contact, LocalDate since,
      LocalDate until) {
  }

  Future<Void> set(SqlClient tx, UUID person, String destination, String contact, LocalDate since, LocalDate until,
      UUID by) {
    return tx.preparedQuery("""
            INSERT INTO mobility (person_id, destination, contact, since, until, set_by) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (person_id) DO UPDATE SET destination = $2, contact = $3, since = $4, until = $5, set_by = $6,
              set_at = now()""").execute(Tuple.of(person, destination, contact, since, until, by)).mapEmpty();
  }

  Future<Void> clear(SqlClient tx, UUID person) {
    return tx.preparedQuery("DELETE FROM mobility WHERE person_id = $1").execute(Tuple.of(person)).mapEmpty();
  }

  /** The members of the subtree away now, those whose return date has passed first, then by return date. */
  Future<List<Away>> ofSubtree(UUID orgId, LocalDate today) {
    return pool.preparedQuery("""
            SELECT p.id, p.number, p.name, o.name AS org, m.destination, m.contact, m.since, m.until
            FROM mobility m JOIN persons p ON p.id = m.person_id JOIN orgs o ON o.id = p.org_id
            WHERE $1 = ANY(o.ancestry) AND p.anonymised_at IS NULL
            ORDER BY (m.until IS NOT NULL AND m.until < $2) DESC, m.until NULLS LAST, p.number
            """).execute(Tuple.of(orgId, today)).map(rows -> {
              List<Away> all = new ArrayList<>();
              for (Row r : rows) {
                all.add(new Away(r.getUUID("id"), r.getString("number"), r.getString("name"), r.getString("org"),
                    r.getString("destination"), r.getString("contact"), r.getLocalDate("since"), r.getLocalDate("until")));
              }
              return all;
            });
  }
}
