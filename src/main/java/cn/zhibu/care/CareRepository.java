package cn.zhibu.care;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Every query of the 关怀帮扶 register and its visits. */
final class CareRepository {
  private final Pool pool;

  CareRepository(Pool pool) {
    this.pool = pool;
  }

  /** Someone on the register, with their visits within the dates (and campaign, when given). */
  record Registered(UUID personId, String number, String name, String org, List<String> kinds, String note, int visits,
      LocalDate lastVisitedOn) {
  }

  record Stored(UUID id, UUID orgId, UUID personId, String name, LocalDate visitedOn, String campaign, String support,
      Integer amountFen, String note, String recordedBy) {
  }

  Future<Void> set(SqlClient tx, UUID person, List<String> kinds, String note, UUID by) {
    return tx.preparedQuery("""
            INSERT INTO care_register (person_id, kinds, note, set_by) VALUES ($1, $2, $3, $4)
            ON CONFLICT (person_id) DO UPDATE SET kinds = $2, note = $3, set_by = $4, set_at = now()
            """).execute(Tuple.of(person, kinds.toArray(String[]::new), note, by)).mapEmpty();
  }

  Future<Void> remove(SqlClient tx, UUID person) {
    return tx.preparedQuery("DELETE FROM care_register WHERE person_id = $1").execute(Tuple.of(person)).mapEmpty();
  }

  Future<Void> visit(SqlClient tx, Stored v, UUID by) {
    return tx.preparedQuery("""
            INSERT INTO care_visits (id, org_id, person_id, visited_on, campaign, support, amount_fen, note, recorded_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """).execute(Tuple.tuple().addUUID(v.id()).addUUID(v.orgId()).addUUID(v.personId())
            .addLocalDate(v.visitedOn()).addString(v.campaign()).addString(v.support()).addInteger(v.amountFen())
            .addString(v.note()).addUUID(by)).mapEmpty();
  }

  /** Whether the person is on a roster of the subtree (and not anonymised). */
  Future<Boolean> inSubtree(UUID orgId, UUID person) {
    return pool.preparedQuery("""
            SELECT 1 FROM persons p JOIN orgs o ON o.id = p.org_id
            WHERE p.id = $2 AND $1 = ANY(o.ancestry) AND p.anonymised_at IS NULL
            """).execute(Tuple.of(orgId, person)).map(rows -> rows.size() > 0);
  }

  /** The register of the subtree, those with no visit in the dates (and campaign) first. */
  Future<List<Registered>> register(UUID orgId, LocalDate from, LocalDate to, String campaign) {
    return pool.preparedQuery("""
            SELECT p.id, p.number, p.name, o.name AS org, c.kinds, c.note,
                   count(v.id) AS visits, max(v.visited_on) AS last_visited_on
            FROM care_register c JOIN persons p ON p.id = c.person_id JOIN orgs o ON o.id = p.org_id
            LEFT JOIN care_visits v ON v.person_id = p.id AND v.visited_on >= $2 AND v.visited_on < $3
                 AND ($4::text IS NULL OR v.campaign = $4)
            WHERE $1 = ANY(o.ancestry) AND p.anonymised_at IS NULL
            GROUP BY p.id, p.number, p.name, o.name, c.kinds, c.note
            ORDER BY count(v.id) > 0, p.number
            """).execute(Tuple.of(orgId, from, to, campaign)).map(rows -> {
              List<Registered> out = new ArrayList<>();
              for (Row r : rows) {
                out.add(new Registered(r.getUUID("id"), r.getString("number"), r.getString("name"), r.getString("org"),
                    Arrays.asList(r.getArrayOfStrings("kinds")), r.getString("note"), r.getLong("visits").intValue(),
                    r.getLocalDate("last_visited_on")));
              }
              return out;
            });
  }

  /** The visits to people of the subtree within the dates (and campaign), newest first. */
  Future<List<Stored>> visits(UUID orgId, LocalDate from, LocalDate to, String campaign) {
    return pool.preparedQuery(VISIT + """
             WHERE $1 = ANY(o.ancestry) AND v.visited_on >= $2 AND v.visited_on < $3 AND ($4::text IS NULL OR v.campaign = $4)
             ORDER BY v.visited_on DESC, v.recorded_at DESC""").execute(Tuple.of(orgId, from, to, campaign))
        .map(CareRepository::visits);
  }

  Future<Stored> find(UUID id) {
    return pool.preparedQuery(VISIT + " WHERE v.id = $1").execute(Tuple.of(id))
        .map(rows -> visits(rows).stream().findFirst().orElse(null));
  }

  private static final String VISIT = """
      SELECT v.id, v.org_id, v.person_id, p.name, v.visited_on, v.campaign, v.support, v.amount_fen, v.note,
             r.name AS recorded_by
      FROM care_visits v JOIN persons p ON p.id = v.person_id JOIN orgs o ON o.id = v.org_id
      LEFT JOIN persons r ON r.id = v.recorded_by
      """;

  private static List<Stored> visits(io.vertx.sqlclient.RowSet<Row> rows) {
    List<Stored> out = new ArrayList<>();
    for (Row r : rows) {
      out.add(new Stored(r.getUUID("id"), r.getUUID("org_id"), r.getUUID("person_id"), r.getString("name"),
          r.getLocalDate("visited_on"), r.getString("campaign"), r.getString("support"), r.getInteger("amount_fen"),
          r.getString("note"), r.getString("recorded_by")));
    }
    return out;
  }
}
