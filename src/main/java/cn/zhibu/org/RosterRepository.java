package cn.zhibu.org;

import cn.zhibu.platform.Hashing;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Roster writes: a whole import is a handful of set-based statements in the caller's transaction. */
final class RosterRepository {

  /** A person already on some roster under a number the import names. */
  record Existing(UUID id, String number, UUID orgId, boolean leader) {
  }

  /** A new entry to insert, with the activation code to hand out (only its hash is stored). */
  record Created(UUID id, RosterEntry entry, String activationCode) {
  }

  /** Locks and returns the people already holding these numbers. */
  static Future<Map<String, Existing>> lockExisting(SqlClient tx, List<String> numbers) {
    // Numbers not on any roster yet have no row to lock: two imports of the same new people at once would both
    // insert them (a 409). Each number is locked first, in one order, then the rows are read after the wait.
    return tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended(n, 23)) FROM unnest($1::text[]) AS n ORDER BY n")
        .execute(Tuple.of(numbers.toArray(new String[0])))
        .compose(locked -> tx.preparedQuery("""
            SELECT id, number, org_id,
                   EXISTS (SELECT 1 FROM org_roles r WHERE r.person_id = p.id AND r.org_id = p.org_id
                           AND leader_role(r.role)) AS leader
            FROM persons p WHERE number = ANY($1) FOR UPDATE
            """).execute(Tuple.of(numbers.toArray(new String[0]))))
        .map(rows -> {
          List<Existing> found = new ArrayList<>();
          for (Row row : rows) {
            found.add(new Existing(row.getUUID("id"), row.getString("number"), row.getUUID("org_id"),
                row.getBoolean("leader")));
          }
          return found.stream().collect(Collectors.toMap(Existing::number, e -> e));
        });
  }

  static Future<Void> insert(SqlClient tx, UUID orgId, List<Created> created) {
    if (created.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery("""
            INSERT INTO persons (id, number, name, phone, stage, org_id, activation_hash, category)
            SELECT id, number, name, phone, stage, $7, hash, category
            FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $8::text[])
                 AS t(id, number, name, phone, stage, hash, category)
            """).execute(Tuple.of(
                created.stream().map(Created::id).toArray(UUID[]::new),
                created.stream().map(c -> c.entry().number()).toArray(String[]::new),
                created.stream().map(c -> c.entry().name()).toArray(String[]::new),
                created.stream().map(c -> c.entry().phone()).toArray(String[]::new),
                created.stream().map(c -> c.entry().stage()).toArray(String[]::new),
                created.stream().map(c -> Hashing.sha256(c.activationCode())).toArray(String[]::new))
            .addValue(orgId).addArrayOfString(created.stream().map(c -> c.entry().category()).toArray(String[]::new)))
        .mapEmpty();
  }

  /** Updates people already on a roster; moves them to this org if they were on another one in scope. */
  static Future<Void> update(SqlClient tx, UUID orgId, List<UUID> ids, List<RosterEntry> entries) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery("""
            UPDATE persons p SET name = t.name, phone = t.phone, stage = t.stage, org_id = $5,
              category = coalesce(t.category, p.category), updated_at = now()
            FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $6::text[]) AS t(id, name, phone, stage, category)
            WHERE p.id = t.id
            """).execute(Tuple.of(
                ids.toArray(UUID[]::new),
                entries.stream().map(RosterEntry::name).toArray(String[]::new),
                entries.stream().map(RosterEntry::phone).toArray(String[]::new),
                entries.stream().map(RosterEntry::stage).toArray(String[]::new),
                orgId).addArrayOfString(entries.stream().map(RosterEntry::category).toArray(String[]::new)))
        .mapEmpty();
  }

  /**
   * Keeps the {@code member} role in step with each person's stage (probationary and full members are
   * members). People moved here from another org lose their roster roles there. Committee and secretary
   * roles are never granted here: only an admin appoints them, through the roles endpoint.
   */
  static Future<Void> syncMemberRoles(SqlClient tx, UUID orgId, List<UUID> ids, List<RosterEntry> entries) {
    List<UUID> members = new ArrayList<>();
    List<UUID> others = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      (entries.get(i).isPartyMember() ? members : others).add(ids.get(i));
    }
    return tx.preparedQuery("DELETE FROM org_roles WHERE person_id = ANY($1) AND role <> 'admin' AND org_id <> $2")
        .execute(Tuple.of(ids.toArray(UUID[]::new), orgId))
        .compose(v -> tx.preparedQuery("""
            DELETE FROM org_roles WHERE person_id = ANY($1) AND org_id = $2 AND (role = 'member' OR leader_role(role))
            """).execute(Tuple.of(others.toArray(UUID[]::new), orgId)))
        .compose(v -> tx.preparedQuery("""
            INSERT INTO org_roles (person_id, org_id, role) SELECT unnest($1::uuid[]), $2, 'member'
            ON CONFLICT DO NOTHING
            """).execute(Tuple.of(members.toArray(UUID[]::new), orgId)))
        .mapEmpty();
  }
}
