package cn.zhibu.term;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Every query of the elections and of the roles they hand over. */
final class ElectionRepository {
  private final Pool pool;

  ElectionRepository(Pool pool) {
    this.pool = pool;
  }

  /** An election as stored, its candidates most votes first. */
  record Stored(UUID id, UUID orgId, String orgName, LocalDate heldOn, int eligible, int present, int seats,
      String state, UUID recordedById, String recordedBy, OffsetDateTime recordedAt, String decidedBy,
      OffsetDateTime decidedAt, String note, List<Candidate> candidates) {
  }

  /** A candidate as stored; role null unless elected. */
  record Candidate(UUID personId, String name, int votes, boolean elected, String role, String post) {
  }

  /** A role held at the org by a leader, before the hand-over. */
  record Held(UUID personId, String role, String post) {
  }

  /**
   * Of {@code people}, the full members who may stand at the org: on its roster for a branch, anywhere in its
   * subtree above the branch.
   */
  Future<List<UUID>> standing(UUID orgId, boolean branch, List<UUID> people) {
    return pool.preparedQuery("""
            SELECT p.id FROM persons p JOIN orgs o ON o.id = p.org_id
            WHERE p.id = ANY($2) AND p.stage = 'full' AND p.anonymised_at IS NULL
              AND CASE WHEN $3 THEN p.org_id = $1 ELSE $1 = ANY(o.ancestry) END
            """).execute(Tuple.tuple().addUUID(orgId).addArrayOfUUID(people.toArray(UUID[]::new)).addBoolean(branch))
        .map(rows -> {
          List<UUID> found = new ArrayList<>();
          rows.forEach(r -> found.add(r.getUUID("id")));
          return found;
        });
  }

  Future<Void> insert(SqlClient tx, UUID id, UUID orgId, LocalDate heldOn, int eligible, int present, int seats,
      UUID recordedBy, List<Candidate> candidates) {
    return tx.preparedQuery("""
            INSERT INTO elections (id, org_id, held_on, eligible, present, seats, recorded_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7)""")
        .execute(Tuple.of(id, orgId, heldOn, eligible, present, seats, recordedBy))
        .compose(v -> tx.preparedQuery("""
                INSERT INTO election_candidates (election_id, person_id, votes, elected, role, post)
                SELECT $1, * FROM unnest($2::uuid[], $3::int[], $4::bool[], $5::text[], $6::text[])""")
            .execute(Tuple.tuple().addUUID(id)
                .addArrayOfUUID(candidates.stream().map(Candidate::personId).toArray(UUID[]::new))
                .addArrayOfInteger(candidates.stream().map(Candidate::votes).toArray(Integer[]::new))
                .addArrayOfBoolean(candidates.stream().map(Candidate::elected).toArray(Boolean[]::new))
                .addArrayOfString(candidates.stream().map(Candidate::role).toArray(String[]::new))
                .addArrayOfString(candidates.stream().map(Candidate::post).toArray(String[]::new))))
        .mapEmpty();
  }

  private static final String SELECT = """
      SELECT e.id, e.org_id, o.name AS org_name, e.held_on, e.eligible, e.present, e.seats, e.state, e.recorded_by,
             rb.name AS recorded_by_name, e.recorded_at, db.name AS decided_by_name, e.decided_at, e.note,
             coalesce((SELECT json_agg(json_build_object('personId', c.person_id, 'name', p.name, 'votes', c.votes,
                        'elected', c.elected, 'role', c.role, 'post', c.post) ORDER BY c.votes DESC, p.name)
                       FROM election_candidates c JOIN persons p ON p.id = c.person_id WHERE c.election_id = e.id),
                      '[]') AS candidates
      FROM elections e JOIN orgs o ON o.id = e.org_id JOIN persons rb ON rb.id = e.recorded_by
      LEFT JOIN persons db ON db.id = e.decided_by
      """;

  Future<Stored> find(UUID id) {
    return pool.preparedQuery(SELECT + " WHERE e.id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : stored(rows.iterator().next()));
  }

  Future<List<Stored>> ofOrg(UUID orgId) {
    return pool.preparedQuery(SELECT + " WHERE e.org_id = $1 ORDER BY e.held_on DESC, e.recorded_at DESC")
        .execute(Tuple.of(orgId)).map(ElectionRepository::all);
  }

  /** Decides a pending election; false when it was no longer pending (decided meanwhile). */
  Future<Boolean> decide(SqlClient tx, UUID id, boolean approve, UUID by, String note) {
    return tx.preparedQuery("""
            UPDATE elections SET state = CASE WHEN $2 THEN 'approved' ELSE 'rejected' END, decided_by = $3,
              decided_at = now(), note = $4
            WHERE id = $1 AND state = 'pending'""")
        .execute(Tuple.of(id, approve, by, note)).map(rows -> rows.rowCount() == 1);
  }

  /**
   * Hands the org's leadership to the elected: the secretary, deputy and committee roles held there end, the
   * elected take theirs, and the new term starts on the day of the election. Answers who held what before.
   */
  Future<List<Held>> handOver(SqlClient tx, UUID electionId, UUID orgId, LocalDate heldOn) {
    return tx.preparedQuery("""
            DELETE FROM org_roles WHERE org_id = $1 AND role IN ('secretary', 'deputy_secretary', 'committee')
            RETURNING person_id, role, post""").execute(Tuple.of(orgId))
        .compose(before -> tx.preparedQuery("""
                INSERT INTO org_roles (person_id, org_id, role, post)
                SELECT person_id, $2, role, CASE WHEN role <> 'secretary' THEN post END
                FROM election_candidates WHERE election_id = $1 AND elected""").execute(Tuple.of(electionId, orgId))
            .compose(v -> tx.preparedQuery("UPDATE orgs SET term_started_on = $2 WHERE id = $1")
                .execute(Tuple.of(orgId, heldOn)))
            .map(v -> held(before)));
  }

  private static List<Held> held(RowSet<Row> rows) {
    List<Held> all = new ArrayList<>();
    rows.forEach(r -> all.add(new Held(r.getUUID("person_id"), r.getString("role"), r.getString("post"))));
    return all;
  }

  private static List<Stored> all(RowSet<Row> rows) {
    List<Stored> all = new ArrayList<>();
    rows.forEach(r -> all.add(stored(r)));
    return all;
  }

  private static Stored stored(Row r) {
    List<Candidate> candidates = new ArrayList<>();
    io.vertx.core.json.JsonArray list = (io.vertx.core.json.JsonArray) r.getJson("candidates");
    for (int i = 0; i < list.size(); i++) {
      io.vertx.core.json.JsonObject c = list.getJsonObject(i);
      candidates.add(new Candidate(UUID.fromString(c.getString("personId")), c.getString("name"), c.getInteger("votes"),
          c.getBoolean("elected"), c.getString("role"), c.getString("post")));
    }
    return new Stored(r.getUUID("id"), r.getUUID("org_id"), r.getString("org_name"), r.getLocalDate("held_on"),
        r.getInteger("eligible"), r.getInteger("present"), r.getInteger("seats"), r.getString("state"),
        r.getUUID("recorded_by"), r.getString("recorded_by_name"), r.getOffsetDateTime("recorded_at"),
        r.getString("decided_by_name"), r.getOffsetDateTime("decided_at"), r.getString("note"), candidates);
  }
}
