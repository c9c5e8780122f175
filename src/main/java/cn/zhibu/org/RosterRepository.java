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
  record Existing(UUID id, String number, UUID orgId) {
  }

  /** A new entry to insert, with the activation code to hand out (only its hash is stored). */
  record Created(UUID id, RosterEntry entry, String activationCode) {
  }

  /** Locks and returns the people already holding these numbers. */
  static Future<Map<String, Existing>> lockExisting(SqlClient tx, List<String> numbers) {
    return tx.preparedQuery("SELECT id, number, org_id FROM persons WHERE number = ANY($1) FOR UPDATE")
        .execute(Tuple.of(numbers.toArray(new String[0])))
        .map(rows -> {
          List<Existing> found = new ArrayList<>();
          for (Row row : rows) {
            found.add(new Existing(row.getUUID("id"), row.getString("number"), row.getUUID("org_id")));
          }
          return found.stream().collect(Collectors.toMap(Existing::number, e -> e));
        });
  }

  static Future<Void> insert(SqlClient tx, UUID orgId, List<Created> created) {
    if (created.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery("""
            INSERT INTO persons (id, number, name, phone, stage, org_id, activation_hash)
            SELECT id, number, name, phone, stage, $7, hash
            FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
                 AS t(id, number, name, phone, stage, hash)
            """).execute(Tuple.of(
                created.stream().map(Created::id).toArray(UUID[]::new),
                created.stream().map(c -> c.entry().number()).toArray(String[]::new),
                created.stream().map(c -> c.entry().name()).toArray(String[]::new),
                created.stream().map(c -> c.entry().phone()).toArray(String[]::new),
                created.stream().map(c -> c.entry().stage()).toArray(String[]::new),
                created.stream().map(c -> Hashing.sha256(c.activationCode())).toArray(String[]::new))
            .addValue(orgId))
        .mapEmpty();
  }

  /** Updates people already on a roster; moves them to this org if they were on another one in scope. */
  static Future<Void> update(SqlClient tx, UUID orgId, List<UUID> ids, List<RosterEntry> entries) {
    if (ids.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery("""
            UPDATE persons p SET name = t.name, phone = t.phone, stage = t.stage, org_id = $5, updated_at = now()
            FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS t(id, name, phone, stage)
            WHERE p.id = t.id
            """).execute(Tuple.of(
                ids.toArray(UUID[]::new),
                entries.stream().map(RosterEntry::name).toArray(String[]::new),
                entries.stream().map(RosterEntry::phone).toArray(String[]::new),
                entries.stream().map(RosterEntry::stage).toArray(String[]::new),
                orgId))
        .mapEmpty();
  }

  /**
   * Replaces the roster roles (member, committee, secretary) of these people with what their rows say:
   * member only for probationary and full members. Admin roles are left alone.
   */
  static Future<Void> replaceRoles(SqlClient tx, UUID orgId, List<UUID> ids, List<RosterEntry> entries) {
    List<UUID> roleIds = new ArrayList<>();
    List<String> roles = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      RosterEntry entry = entries.get(i);
      if (entry.isPartyMember()) {
        roleIds.add(ids.get(i));
        roles.add("member");
      }
      if (!"member".equals(entry.role())) {
        roleIds.add(ids.get(i));
        roles.add(entry.role());
      }
    }
    return tx.preparedQuery("DELETE FROM org_roles WHERE person_id = ANY($1) AND role <> 'admin'")
        .execute(Tuple.of(ids.toArray(UUID[]::new)))
        .compose(v -> roleIds.isEmpty() ? Future.succeededFuture() : tx.preparedQuery("""
                INSERT INTO org_roles (person_id, org_id, role)
                SELECT person_id, $3, role FROM unnest($1::uuid[], $2::text[]) AS t(person_id, role)
                """).execute(Tuple.of(roleIds.toArray(UUID[]::new), roles.toArray(String[]::new), orgId)))
        .mapEmpty();
  }
}
