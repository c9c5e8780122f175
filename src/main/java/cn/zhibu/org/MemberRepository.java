package cn.zhibu.org;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Every query of the people on an org's rosters: the list, their roles, a new code, erasure. */
final class MemberRepository {
  /** A roster entry as stored (numbers in full: the service masks them for whoever asks). */
  record Member(UUID personId, String number, String name, String phone, String stage, UUID orgId, boolean bound,
      List<String> roles, String post) {
  }

  /** What role rules need to know of a person: their branch, stage and where they are an admin. */
  record Person(UUID id, UUID homeOrg, String stage, List<String> adminOrgs) {
  }

  /** Who a new activation code is for. */
  record Named(String number, String name) {
  }

  private final Pool pool;

  MemberRepository(Pool pool) {
    this.pool = pool;
  }

  /** People on rosters in the subtree, by number, after the person {@code after} (null: from the start). */
  Future<List<Member>> ofSubtree(UUID orgId, UUID after, int count, String query) {
    return pool.preparedQuery("""
            SELECT p.id, p.number, p.name, p.phone, p.stage, p.org_id, p.openid IS NOT NULL AS bound,
                   coalesce((SELECT array_agg(r.role ORDER BY r.role) FROM org_roles r
                             WHERE r.person_id = p.id AND r.org_id = p.org_id), '{}') AS roles,
                   (SELECT max(r.post) FROM org_roles r WHERE r.person_id = p.id AND r.org_id = p.org_id) AS post
            FROM persons p
            WHERE p.org_id IN (SELECT id FROM orgs WHERE $1 = ANY(ancestry)) AND p.anonymised_at IS NULL
              AND p.number > coalesce((SELECT number FROM persons WHERE id = $2), '')
              AND ($4::text IS NULL OR p.number = $4 OR strpos(p.name, $4) > 0)
            -- The page first (by the number index, stopping at the limit), then each row's roles: grouping every
            -- person of a school before the limit took 0.22 s at 100,000 members for a page of 20.
            ORDER BY p.number LIMIT $3
            """).execute(Tuple.of(orgId, after, count, query))
        .map(MemberRepository::members);
  }

  /** The people put into a 党小组 (a member role there), by number, after {@code after}; their roles at their branch. */
  Future<List<Member>> ofGroup(UUID groupId, UUID after, int count, String query) {
    return pool.preparedQuery("""
            SELECT p.id, p.number, p.name, p.phone, p.stage, p.org_id, p.openid IS NOT NULL AS bound,
                   coalesce((SELECT array_agg(r.role ORDER BY r.role) FROM org_roles r
                             WHERE r.person_id = p.id AND r.org_id = p.org_id), '{}') AS roles,
                   (SELECT max(r.post) FROM org_roles r WHERE r.person_id = p.id AND r.org_id = p.org_id) AS post
            FROM org_roles g JOIN persons p ON p.id = g.person_id
            WHERE g.org_id = $1 AND g.role = 'member' AND p.anonymised_at IS NULL
              AND p.number > coalesce((SELECT number FROM persons WHERE id = $2), '')
              AND ($4::text IS NULL OR p.number = $4 OR strpos(p.name, $4) > 0)
            ORDER BY p.number LIMIT $3
            """).execute(Tuple.of(groupId, after, count, query))
        .map(MemberRepository::members);
  }

  private static List<Member> members(io.vertx.sqlclient.RowSet<Row> rows) {
    List<Member> members = new ArrayList<>(rows.size());
    for (Row row : rows) {
      members.add(new Member(row.getUUID("id"), row.getString("number"), row.getString("name"),
          row.getString("phone"), row.getString("stage"), row.getUUID("org_id"), row.getBoolean("bound"),
          List.of(row.getArrayOfStrings("roles")), row.getString("post")));
    }
    return members;
  }

  /** The person, or null (also once anonymised). */
  Future<Person> person(UUID personId) {
    return pool.preparedQuery("""
            SELECT p.id, p.org_id, p.stage,
                   coalesce(array_agg(r.org_id::text) FILTER (WHERE r.role = 'admin'), '{}') AS admin_orgs
            FROM persons p LEFT JOIN org_roles r ON r.person_id = p.id
            WHERE p.id = $1 AND p.anonymised_at IS NULL GROUP BY p.id
            """).execute(Tuple.of(personId))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row row = rows.iterator().next();
          return new Person(row.getUUID("id"), row.getUUID("org_id"), row.getString("stage"),
              List.of(row.getArrayOfStrings("admin_orgs")));
        });
  }

  /** Sets exactly {@code roles} at the org; answers the roles held there before, sorted. */
  /** The person's row is locked first: two identical changes at once take turns instead of one failing 409. */
  /** Replaces the person's roles at the org; {@code post} goes on the committee or deputy row. */
  Future<List<String>> replaceRoles(SqlClient tx, UUID personId, UUID orgId, String[] roles, String post) {
    return tx.preparedQuery("SELECT 1 FROM persons WHERE id = $1 FOR UPDATE").execute(Tuple.of(personId))
        .compose(locked -> tx.preparedQuery("DELETE FROM org_roles WHERE person_id = $1 AND org_id = $2 RETURNING role")
            .execute(Tuple.of(personId, orgId)))
        .compose(before -> tx.preparedQuery("""
                INSERT INTO org_roles (person_id, org_id, role, post)
                SELECT $1, $2, t.role, CASE WHEN t.role IN ('committee', 'deputy_secretary') THEN $4 END
                FROM unnest($3::text[]) AS t(role)""")
            .execute(Tuple.of(personId, orgId, roles, post))
            .map(v -> {
              List<String> previous = new ArrayList<>();
              before.forEach(row -> previous.add(row.getString("role")));
              java.util.Collections.sort(previous);
              return previous;
            }));
  }

  /** Replaces the activation code's hash of someone not bound yet; null when they have bound. */
  Future<Named> newCode(SqlClient tx, UUID personId, String codeHash) {
    return tx.preparedQuery("""
            UPDATE persons SET activation_hash = $2, updated_at = now()
            WHERE id = $1 AND openid IS NULL RETURNING number, name
            """).execute(Tuple.of(personId, codeHash))
        .map(rows -> rows.size() == 0 ? null
            : new Named(rows.iterator().next().getString("number"), rows.iterator().next().getString("name")));
  }

  /** Erases the person's personal data and roles; the id stays so aggregate figures still add up. */
  Future<Void> erase(SqlClient tx, UUID personId) {
    return tx.preparedQuery("""
            UPDATE persons SET openid = NULL, number = NULL, name = NULL, phone = NULL, activation_hash = NULL,
                   anonymised_at = now(), updated_at = now()
            WHERE id = $1
            """).execute(Tuple.of(personId))
        .compose(v -> tx.preparedQuery("DELETE FROM org_roles WHERE person_id = $1").execute(Tuple.of(personId)))
        .mapEmpty();
  }
}
