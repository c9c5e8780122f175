package cn.zhibu.org;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.auth.Sessions;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Masks;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The people of an org's subtree: listing, roles, anonymisation. */
final class MemberService {
  private final Pool pool;
  private final Scope scope;
  private final OrgDirectory orgs;
  private final Sessions sessions;

  MemberService(Pool pool, Scope scope, OrgDirectory orgs, Sessions sessions) {
    this.pool = pool;
    this.scope = scope;
    this.orgs = orgs;
    this.sessions = sessions;
  }

  /**
   * Roster entries in the org's subtree, by number; phone numbers masked, student and staff numbers masked
   * unless the caller is an admin over the org. The cursor names the last person, not their number.
   */
  Future<JsonObject> list(Caller caller, UUID orgId, String cursor, int limit) {
    UUID after;
    try {
      String key = Cursor.decode(cursor);
      after = key == null ? null : UUID.fromString(key);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(ApiException.badRequest("request.bad_cursor", "The cursor is not one this server gave out"));
    }
    boolean[] full = new boolean[1];
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> {
      full[0] = Scope.covers(caller, org, Set.of(Role.ADMIN));
      return pool.preparedQuery("""
            SELECT p.id, p.number, p.name, p.phone, p.stage, p.org_id, p.openid IS NOT NULL AS bound,
                   coalesce(array_agg(r.role ORDER BY r.role) FILTER (WHERE r.org_id = p.org_id), '{}') AS roles
            FROM persons p JOIN orgs o ON o.id = p.org_id
            LEFT JOIN org_roles r ON r.person_id = p.id
            WHERE $1 = ANY(o.ancestry) AND p.anonymised_at IS NULL
              AND p.number > coalesce((SELECT number FROM persons WHERE id = $2), '')
            GROUP BY p.id ORDER BY p.number LIMIT $3
            """).execute(Tuple.of(org.id(), after, limit + 1));
    })
        .map(rows -> {
          JsonArray items = new JsonArray();
          String last = null;
          for (Row row : rows) {
            if (items.size() == limit) {
              return page(items, last);
            }
            last = row.getUUID("id").toString();
            items.add(new JsonObject().put("personId", last).put("number", Masks.number(row.getString("number"), full[0]))
                .put("name", row.getString("name")).put("phone", Masks.phone(row.getString("phone")))
                .put("stage", row.getString("stage")).put("orgId", row.getUUID("org_id").toString())
                .put("bound", row.getBoolean("bound"))
                .put("roles", new JsonArray(List.of(row.getArrayOfStrings("roles")))));
          }
          return page(items, null);
        });
  }

  private static JsonObject page(JsonArray items, String lastKey) {
    return new JsonObject().put("items", items).put("nextCursor", Cursor.encode(lastKey));
  }

  /**
   * Sets exactly {@code wanted} as the person's roles at this org. Roster roles (member, committee,
   * secretary) are for people on this org's roster who are party members; admin can be granted only from
   * above (by an admin of a parent org, or at the root by a root admin).
   */
  Future<JsonObject> setRoles(Caller caller, Audit.Actor actor, UUID orgId, UUID personId, Set<Role> wanted) {
    return orgs.find(orgId).compose(org -> "group".equals(org.kind())
        ? groupMembership(caller, actor, org, personId, wanted) : setRosterRoles(caller, actor, orgId, personId, wanted));
  }

  /**
   * A 党小组's members: a party member of the group's branch, put into the group (or taken out, with no roles)
   * by an admin or the branch's secretary. Only {@code member} is held at a group.
   */
  private Future<JsonObject> groupMembership(Caller caller, Audit.Actor actor, Org group, UUID personId,
      Set<Role> wanted) {
    return scope.require(caller, group.id(), Role.MANAGERS).compose(g -> person(personId)).compose(person -> {
      if (!wanted.isEmpty() && !wanted.equals(Set.of(Role.MEMBER))) {
        return Future.failedFuture(ApiException.unprocessable("roles.group_member_only",
            "A 党小组 has members only; committee and secretary roles belong to the branch"));
      }
      if (!group.parentId().equals(person.homeOrg())) {
        return Future.failedFuture(ApiException.unprocessable("roles.not_on_roster",
            "A 党小组's members come from its branch's roster"));
      }
      if (!wanted.isEmpty() && !RosterEntry.PARTY_MEMBER_STAGES.contains(person.stage())) {
        return Future.failedFuture(ApiException.unprocessable("roles.not_a_party_member",
            "Only probationary and full party members can hold these roles"));
      }
      return writeRoles(actor, group.id(), personId, wanted);
    }).compose(roles -> sessions.rolesChanged(personId).map(roles));
  }

  private Future<JsonObject> setRosterRoles(Caller caller, Audit.Actor actor, UUID orgId, UUID personId,
      Set<Role> wanted) {
    return scope.require(caller, orgId, Set.of(Role.ADMIN))
        .compose(org -> person(personId).compose(person -> {
          if (wanted.contains(Role.ADMIN) || hasAdmin(person, orgId)) {
            boolean fromAbove = org.parentId() == null ? caller.has(Role.ADMIN, org.id())
                : org.ancestry().subList(0, org.ancestry().size() - 1).stream().anyMatch(a -> caller.has(Role.ADMIN, a));
            if (!fromAbove) {
              return Future.failedFuture(ApiException.forbidden("Admins of an org are appointed from the org above it"));
            }
          }
          return homeOrgInScope(caller, person).compose(inScope -> {
            if (!inScope) {
              return Future.failedFuture(ApiException.notFound("The person"));
            }
            Set<Role> roster = Set.of(Role.MEMBER, Role.COMMITTEE, Role.SECRETARY);
            boolean wantsRosterRole = wanted.stream().anyMatch(roster::contains);
            if (wantsRosterRole && !orgId.equals(person.homeOrg())) {
              return Future.failedFuture(ApiException.unprocessable("roles.not_on_roster",
                  "Member, committee and secretary roles need the person on this org's roster"));
            }
            if (wantsRosterRole && !RosterEntry.PARTY_MEMBER_STAGES.contains(person.stage())) {
              return Future.failedFuture(ApiException.unprocessable("roles.not_a_party_member",
                  "Only probationary and full party members can hold these roles"));
            }
            return writeRoles(actor, orgId, personId, wanted);
          });
        }))
        .compose(roles -> sessions.rolesChanged(personId).map(roles));
  }

  private Future<JsonObject> writeRoles(Audit.Actor actor, UUID orgId, UUID personId, Set<Role> wanted) {
    String[] names = wanted.stream().map(Role::wire).sorted().toArray(String[]::new);
    return pool.withTransaction(tx -> tx.preparedQuery("DELETE FROM org_roles WHERE person_id = $1 AND org_id = $2 RETURNING role")
            .execute(Tuple.of(personId, orgId))
            .compose(before -> tx.preparedQuery("""
                INSERT INTO org_roles (person_id, org_id, role) SELECT $1, $2, unnest($3::text[])
                """).execute(Tuple.of(personId, orgId, names))
                .compose(v -> {
                  List<String> previous = new java.util.ArrayList<>();
                  before.forEach(row -> previous.add(row.getString("role")));
                  java.util.Collections.sort(previous);
                  return Audit.record(tx, actor, orgId, "roles.set", "person:" + personId, new JsonObject()
                      .put("before", new JsonArray(previous)).put("roles", new JsonArray(List.of(names))));
                })))
        .map(v -> new JsonObject().put("personId", personId.toString()).put("orgId", orgId.toString())
            .put("roles", new JsonArray(List.of(names))));
  }

  /** Erases a departed person's personal data; their id stays so aggregate figures still add up. */
  Future<JsonObject> anonymise(Caller caller, Audit.Actor actor, UUID orgId, UUID personId) {
    return scope.require(caller, orgId, Set.of(Role.ADMIN))
        .compose(org -> person(personId).compose(person -> homeOrgWithin(person, org.id()).compose(inside -> inside
            ? pool.withTransaction(tx -> erase(tx, personId)
                .compose(v -> sessions.revokeAll(tx, personId))
                .compose(v -> Audit.record(tx, actor, orgId, "person.anonymise", "person:" + personId, new JsonObject())))
            : Future.failedFuture(ApiException.notFound("The person")))))
        .compose(v -> sessions.rolesChanged(personId))
        .map(v -> new JsonObject().put("personId", personId.toString()).put("anonymised", true));
  }

  /**
   * A new activation code for someone who has not bound yet (the old one stops working); only its hash is
   * kept. A bound person needs none: a new phone is a new WeChat login of the same person.
   */
  Future<JsonObject> reissueCode(Caller caller, Audit.Actor actor, UUID orgId, UUID personId) {
    String code = cn.zhibu.platform.Hashing.readableCode(8);
    return scope.require(caller, orgId, Role.MANAGERS)
        .compose(org -> person(personId).compose(person -> homeOrgWithin(person, org.id())))
        .compose(inside -> !inside ? Future.<JsonObject>failedFuture(ApiException.notFound("The person"))
            : pool.withTransaction(tx -> tx.preparedQuery("""
                    UPDATE persons SET activation_hash = $2, updated_at = now()
                    WHERE id = $1 AND openid IS NULL RETURNING number, name
                    """).execute(Tuple.of(personId, cn.zhibu.platform.Hashing.sha256(code)))
                .compose(rows -> rows.size() == 0
                    ? Future.<JsonObject>failedFuture(ApiException.conflict("roster.already_bound",
                        "This person has already bound; a new phone only needs a new WeChat login"))
                    : Audit.record(tx, actor, orgId, "roster.reissue_code", "person:" + personId, new JsonObject())
                        .map(v -> new JsonObject().put("personId", personId.toString())
                            .put("number", rows.iterator().next().getString("number"))
                            .put("name", rows.iterator().next().getString("name")).put("code", code)))));
  }

  private static Future<Void> erase(SqlClient tx, UUID personId) {
    return tx.preparedQuery("""
            UPDATE persons SET openid = NULL, number = NULL, name = NULL, phone = NULL, activation_hash = NULL,
                   anonymised_at = now(), updated_at = now()
            WHERE id = $1
            """).execute(Tuple.of(personId))
        .compose(v -> tx.preparedQuery("DELETE FROM org_roles WHERE person_id = $1").execute(Tuple.of(personId)))
        .mapEmpty();
  }

  private record Person(UUID id, UUID homeOrg, String stage, List<String> adminOrgs) {
  }

  private static boolean hasAdmin(Person person, UUID orgId) {
    return person.adminOrgs().contains(orgId.toString());
  }

  private Future<Person> person(UUID personId) {
    return pool.preparedQuery("""
            SELECT p.id, p.org_id, p.stage,
                   coalesce(array_agg(r.org_id::text) FILTER (WHERE r.role = 'admin'), '{}') AS admin_orgs
            FROM persons p LEFT JOIN org_roles r ON r.person_id = p.id
            WHERE p.id = $1 AND p.anonymised_at IS NULL GROUP BY p.id
            """).execute(Tuple.of(personId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(ApiException.notFound("The person"));
          }
          Row row = rows.iterator().next();
          return Future.succeededFuture(new Person(row.getUUID("id"), row.getUUID("org_id"), row.getString("stage"),
              List.of(row.getArrayOfStrings("admin_orgs"))));
        });
  }

  /** People outside every subtree the caller administers are "not found" to them. */
  private Future<Boolean> homeOrgInScope(Caller caller, Person person) {
    if (person.homeOrg() == null) {
      // Not on any roster (committee staff, residents): only a root admin may appoint them.
      return Future.succeededFuture(caller.has(Role.ADMIN, orgs.rootId()));
    }
    return orgs.find(person.homeOrg()).map(home -> Scope.covers(caller, home, Set.of(Role.ADMIN)));
  }

  private Future<Boolean> homeOrgWithin(Person person, UUID orgId) {
    return person.homeOrg() == null ? Future.succeededFuture(false)
        : orgs.find(person.homeOrg()).map(home -> home.isWithin(orgId));
  }
}
