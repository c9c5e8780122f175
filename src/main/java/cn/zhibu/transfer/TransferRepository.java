package cn.zhibu.transfer;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
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

  Future<Void> insert(UUID id, UUID person, UUID from, UUID to, String externalOrg, String externalAddress, String reason,
      UUID by) {
    return pool.preparedQuery("""
            INSERT INTO transfers (id, person_id, from_org_id, to_org_id, external_org, external_address, reason, requested_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """).execute(Tuple.tuple().addUUID(id).addUUID(person).addUUID(from).addUUID(to).addString(externalOrg)
            .addString(externalAddress).addString(reason).addUUID(by)).mapEmpty();
  }

  Future<Row> find(SqlClient client, UUID id, boolean lock) {
    return client.preparedQuery("SELECT " + COLUMNS + FROM + " WHERE t.id = $1" + (lock ? " FOR UPDATE OF t" : ""))
        .execute(Tuple.of(id)).map(rows -> rows.size() == 0 ? null : rows.iterator().next());
  }

  Future<List<Row>> ofSubtree(UUID orgId) {
    return pool.preparedQuery("SELECT " + COLUMNS + FROM + """
            WHERE $1 = ANY(f.ancestry) OR $1 = ANY(o.ancestry) ORDER BY t.requested_at DESC LIMIT 200
            """).execute(Tuple.of(orgId)).map(rows -> {
              List<Row> list = new ArrayList<>();
              rows.forEach(list::add);
              return list;
            });
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

  static JsonObject json(Row r) {
    return new JsonObject().put("id", r.getUUID("id").toString()).put("personId", r.getUUID("person_id").toString())
        .put("name", r.getString("name")).put("fromOrgId", r.getUUID("from_org_id").toString())
        .put("fromOrg", r.getString("from_name"))
        .put("toOrgId", r.getUUID("to_org_id") == null ? null : r.getUUID("to_org_id").toString())
        .put("toOrg", r.getString("to_name"))
        .put("toExternal", r.getString("external_org") == null ? null : new JsonObject()
            .put("organisation", r.getString("external_org")).put("address", r.getString("external_address")))
        .put("reason", r.getString("reason")).put("status", r.getString("status"))
        .put("requestedAt", cn.zhibu.platform.Times.format(r.getOffsetDateTime("requested_at")))
        .put("decidedAt", cn.zhibu.platform.Times.format(r.getOffsetDateTime("decided_at")))
        .put("decisionNote", r.getString("decision_note"));
  }
}
