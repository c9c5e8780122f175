package cn.zhibu.transfer;

import io.vertx.core.Future;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The transfers table, and the move itself: the person's home org, roles and future meetings. */
final class TransferRepository {
  static final String COLUMNS = """
      t.id, t.person_id, p.name, p.number, t.from_org_id, f.name AS from_name, t.to_org_id, o.name AS to_name,
      t.external_org, t.external_address, t.reason, t.status, t.requested_by, t.requested_at, t.decided_at,
      t.decision_note
      """;
  private static final String FROM = """
      FROM transfers t JOIN persons p ON p.id = t.person_id JOIN orgs f ON f.id = t.from_org_id
      LEFT JOIN orgs o ON o.id = t.to_org_id
      """;
  private final Pool pool;

  TransferRepository(Pool pool) {
    this.pool = pool;
  }

  /** A transfer as stored, with the names of the person and both ends. */
  record Stored(UUID id, UUID personId, String name, UUID fromOrgId, String fromName, UUID toOrgId, String toName,
      String externalOrg, String externalAddress, String reason, String status, UUID requestedBy,
      OffsetDateTime requestedAt, OffsetDateTime decidedAt, String decisionNote) {
  }

  /** A person's home org (null when not on a roster or unknown). */
  Future<UUID> homeOf(UUID person) {
    return pool.preparedQuery("SELECT org_id FROM persons WHERE id = $1 AND anonymised_at IS NULL").execute(Tuple.of(person))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("org_id"));
  }

  /** The homes of these people on rosters (people not found are absent). */
  Future<java.util.Map<UUID, UUID>> homesOf(List<UUID> people) {
    return pool.preparedQuery("""
            SELECT id, org_id FROM persons WHERE id = ANY($1) AND anonymised_at IS NULL AND org_id IS NOT NULL
            """).execute(Tuple.of(people.toArray(UUID[]::new))).map(rows -> {
              java.util.Map<UUID, UUID> homes = new java.util.HashMap<>();
              rows.forEach(r -> homes.put(r.getUUID("id"), r.getUUID("org_id")));
              return homes;
            });
  }

  Future<Void> insert(SqlClient client, UUID id, UUID person, UUID from, UUID to, String externalOrg,
      String externalAddress, String reason, UUID by, UUID batch) {
    return client.preparedQuery("""
            INSERT INTO transfers (id, person_id, from_org_id, to_org_id, external_org, external_address, reason, requested_by,
                                   batch_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """).execute(Tuple.tuple().addUUID(id).addUUID(person).addUUID(from).addUUID(to).addString(externalOrg)
            .addString(externalAddress).addString(reason).addUUID(by).addUUID(batch)).mapEmpty();
  }

  Future<Stored> find(SqlClient client, UUID id, boolean lock) {
    return client.preparedQuery("SELECT " + COLUMNS + FROM + " WHERE t.id = $1" + (lock ? " FOR UPDATE OF t" : ""))
        .execute(Tuple.of(id)).map(rows -> rows.size() == 0 ? null : stored(rows.iterator().next()));
  }

  Future<List<Stored>> ofBatch(UUID batch) {
    return pool.preparedQuery("SELECT " + COLUMNS + FROM + " WHERE t.batch_id = $1 ORDER BY p.number")
        .execute(Tuple.of(batch)).map(TransferRepository::stored);
  }

  Future<List<Stored>> ofSubtree(UUID orgId) {
    return pool.preparedQuery("SELECT " + COLUMNS + FROM + """
            WHERE $1 = ANY(f.ancestry) OR $1 = ANY(o.ancestry) ORDER BY t.requested_at DESC LIMIT 200
            """).execute(Tuple.of(orgId)).map(TransferRepository::stored);
  }

  /** A graduate still on a roster of the subtree, with a pending transfer's id if there is one. */
  record Graduate(UUID id, String number, String name, String org, String stage, LocalDate graduatesOn, UUID pending) {
  }

  /** The people on rosters of the subtree graduating within the dates, by graduation date and number. */
  Future<List<Graduate>> graduates(UUID orgId, LocalDate from, LocalDate to) {
    return pool.preparedQuery("""
            SELECT p.id, p.number, p.name, o.name AS org, p.stage, p.graduates_on, t.id AS pending
            FROM persons p JOIN orgs o ON o.id = p.org_id
            LEFT JOIN transfers t ON t.person_id = p.id AND t.status = 'pending'
            WHERE $1 = ANY(o.ancestry) AND p.anonymised_at IS NULL AND p.graduates_on >= $2 AND p.graduates_on < $3
            ORDER BY p.graduates_on, p.number
            """).execute(Tuple.of(orgId, from, to)).map(rows -> {
              List<Graduate> out = new ArrayList<>();
              rows.forEach(r -> out.add(new Graduate(r.getUUID("id"), r.getString("number"), r.getString("name"),
                  r.getString("org"), r.getString("stage"), r.getLocalDate("graduates_on"), r.getUUID("pending"))));
              return out;
            });
  }

  private static List<Stored> stored(io.vertx.sqlclient.RowSet<Row> rows) {
    List<Stored> list = new ArrayList<>();
    rows.forEach(r -> list.add(stored(r)));
    return list;
  }

  private static Stored stored(Row r) {
    return new Stored(r.getUUID("id"), r.getUUID("person_id"), r.getString("name"), r.getUUID("from_org_id"),
        r.getString("from_name"), r.getUUID("to_org_id"), r.getString("to_name"), r.getString("external_org"),
        r.getString("external_address"), r.getString("reason"), r.getString("status"), r.getUUID("requested_by"),
        r.getOffsetDateTime("requested_at"), r.getOffsetDateTime("decided_at"), r.getString("decision_note"));
  }

  Future<Void> decide(SqlClient tx, UUID id, boolean approve, UUID by, String note) {
    return tx.preparedQuery("""
            UPDATE transfers SET status = $2, decided_by = $3, decided_at = now(), decision_note = $4 WHERE id = $1
            """).execute(Tuple.of(id, approve ? "approved" : "refused", by, note)).mapEmpty();
  }

  /**
   * Moves the person: their home org (NULL when they leave the school), their branch roles gone (member again at
   * the new branch if a party member), and they are no longer expected at meetings of the old branch that have
   * not started (their leave for those is moot and goes; a meeting they already checked into keeps them). Past
   * meetings, points and hours are not touched.
   */
  /**
   * Moves the person with their history. Within the school their branch roles end and they become a member of the
   * receiving branch (an admin post over some org is a job, and stays); leaving the school ends every role, admin
   * included. Their coming meetings at the old branch are left by the database's own rule at commit (V27).
   */
  Future<Void> move(SqlClient tx, UUID person, UUID to) {
    return tx.preparedQuery("UPDATE persons SET org_id = $2, updated_at = now() WHERE id = $1").execute(Tuple.of(person, to))
        .compose(v -> tx.preparedQuery(to == null ? "DELETE FROM org_roles WHERE person_id = $1"
                : "DELETE FROM org_roles WHERE person_id = $1 AND (role = 'member' OR leader_role(role))")
            .execute(Tuple.of(person)))
        .compose(v -> to == null ? Future.succeededFuture() : tx.preparedQuery("""
            INSERT INTO org_roles (person_id, org_id, role)
            SELECT $1, $2, 'member' FROM persons WHERE id = $1 AND stage IN ('probationary', 'full') ON CONFLICT DO NOTHING
            """).execute(Tuple.of(person, to)).mapEmpty());
  }
}
