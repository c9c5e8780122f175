package cn.zhibu.org;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.auth.Sessions;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Masks;
import cn.zhibu.platform.Page;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The people of an org's subtree: listing, roles, anonymisation. */
final class MemberService {
  /** {@code Member}: numbers masked unless the caller is an admin over the org, phones always masked. */
  record Member(UUID personId, String number, String name, String phone, String stage, UUID orgId, boolean bound,
      List<String> roles, String post) {
  }

  /** {@code RoleSet}: the roles now held at the org, and the post that goes with a committee or deputy role. */
  record Roles(UUID personId, UUID orgId, List<String> roles, String post) {
  }

  /** {@code Anonymised}. */
  record Anonymised(UUID personId, boolean anonymised) {
  }

  /** {@code ActivationCode}: a new code, shown once, with whom it is for. */
  record NewCode(UUID personId, String number, String name, String code) {
  }

  private final Pool pool;
  private final MemberRepository members;
  private final Scope scope;
  private final OrgDirectory orgs;
  private final Sessions sessions;

  MemberService(Pool pool, MemberRepository members, Scope scope, OrgDirectory orgs, Sessions sessions) {
    this.pool = pool;
    this.members = members;
    this.scope = scope;
    this.orgs = orgs;
    this.sessions = sessions;
  }

  /**
   * Roster entries in the org's subtree, by number; phone numbers masked, student and staff numbers masked
   * unless the caller is an admin over the org. The cursor names the last person, not their number. A
   * {@code query} finds a full number exactly (never a part of one: a masked number is not to be guessed digit by
   * digit) or a part of a name.
   */
  Future<Page<Member>> list(Caller caller, UUID orgId, String cursor, int limit, String query) {
    UUID after;
    try {
      String key = Cursor.decode(cursor);
      after = key == null ? null : UUID.fromString(key);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("request.bad_cursor", "The cursor is not one this server gave out");
    }
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> {
      boolean full = Scope.covers(caller, org, Set.of(Role.ADMIN));
      // a 党小组's people are those put into it (a member role at the group); their roster is their branch's
      return ("group".equals(org.kind()) ? members.ofGroup(org.id(), after, limit + 1, query)
          : members.ofSubtree(org.id(), after, limit + 1, query)).map(rows -> Page.of(rows.stream()
          .map(m -> new Member(m.personId(), Masks.number(m.number(), full), m.name(), Masks.phone(m.phone()), m.stage(),
              m.orgId(), m.bound(), m.roles(), m.post())).toList(), limit, m -> Cursor.encode(m.personId().toString())));
    });
  }

  /**
   * Sets exactly {@code wanted} as the person's roles at this org, with the {@code post} of a committee member or
   * deputy (组织委员…). member is for people on this org's roster; the leaders' roles (secretary, deputy,
   * committee) for party members on the roster at a branch, and at a college or the school (its 班子) for party
   * members anywhere in its subtree; admin can be granted only from above (by an admin of a parent org, or at
   * the root by a root admin).
   */
  Future<Roles> setRoles(Caller caller, Audit.Actor actor, UUID orgId, UUID personId, Set<Role> wanted, String post) {
    String trimmed = post == null || post.isBlank() ? null : post.strip();
    if (trimmed != null && !wanted.contains(Role.COMMITTEE) && !wanted.contains(Role.DEPUTY_SECRETARY)) {
      return Future.failedFuture(ApiException.unprocessable("roles.post_without_committee",
          "A post (组织委员…) goes with a committee or deputy secretary role"));
    }
    return orgs.find(orgId).compose(org -> "group".equals(org.kind())
        ? groupMembership(caller, actor, org, personId, wanted)
        : setRosterRoles(caller, actor, org, personId, wanted, trimmed));
  }

  /**
   * A 党小组's members: a party member of the group's branch, put into the group (or taken out, with no roles)
   * by an admin or the branch's secretary. Only {@code member} is held at a group.
   */
  private Future<Roles> groupMembership(Caller caller, Audit.Actor actor, Org group, UUID personId,
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
      return writeRoles(actor, group.id(), personId, wanted, null);
    }).compose(roles -> sessions.rolesChanged(personId).map(roles));
  }

  private Future<Roles> setRosterRoles(Caller caller, Audit.Actor actor, Org target, UUID personId,
      Set<Role> wanted, String post) {
    UUID orgId = target.id();
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
            boolean wantsTeam = wanted.stream().anyMatch(Role.TEAM::contains);
            boolean wantsRosterRole = wanted.contains(Role.MEMBER) || wantsTeam;
            boolean onRoster = orgId.equals(person.homeOrg());
            // a branch's leaders come from its roster; a college's or the school's 班子 from anywhere below it
            boolean teamFromBelow = !"branch".equals(target.kind()) && wantsTeam && !wanted.contains(Role.MEMBER);
            if (wantsRosterRole && !onRoster && !teamFromBelow) {
              return Future.failedFuture(ApiException.unprocessable("roles.not_on_roster",
                  "Member, committee and secretary roles need the person on this org's roster"));
            }
            if (wantsRosterRole && !RosterEntry.PARTY_MEMBER_STAGES.contains(person.stage())) {
              return Future.failedFuture(ApiException.unprocessable("roles.not_a_party_member",
                  "Only probationary and full party members can hold these roles"));
            }
            return (teamFromBelow && !onRoster ? homeOrgWithin(person, orgId) : Future.succeededFuture(true))
                .compose(below -> below ? writeRoles(actor, orgId, personId, wanted, post)
                    : Future.failedFuture(ApiException.unprocessable("roles.not_on_roster",
                        "A college's or the school's leaders are party members of its own subtree")));
          });
        }))
        .compose(roles -> sessions.rolesChanged(personId).map(roles));
  }

  private Future<Roles> writeRoles(Audit.Actor actor, UUID orgId, UUID personId, Set<Role> wanted, String post) {
    String[] names = wanted.stream().map(Role::wire).sorted().toArray(String[]::new);
    return pool.withTransaction(tx -> members.replaceRoles(tx, personId, orgId, names, post)
            .compose(previous -> Audit.record(tx, actor, orgId, "roles.set", "person:" + personId, new JsonObject()
                .put("before", new JsonArray(previous)).put("roles", new JsonArray(List.of(names))).put("post", post))))
        .map(v -> new Roles(personId, orgId, List.of(names), post));
  }

  /** Erases a departed person's personal data; their id stays so aggregate figures still add up. */
  Future<Anonymised> anonymise(Caller caller, Audit.Actor actor, UUID orgId, UUID personId) {
    return scope.require(caller, orgId, Set.of(Role.ADMIN))
        .compose(org -> person(personId).compose(person -> homeOrgWithin(person, org.id()).compose(inside -> inside
            ? pool.withTransaction(tx -> members.erase(tx, personId)
                .compose(v -> sessions.revokeAll(tx, personId))
                .compose(ended -> Audit.record(tx, actor, orgId, "person.anonymise", "person:" + personId,
                    new JsonObject()).map(ended)))
            : Future.<List<UUID>>failedFuture(ApiException.notFound("The person")))))
        // Only once the ending has committed: a request reading the sessions meanwhile cannot bring one back.
        .compose(sessions::forgetEnded)
        .compose(v -> sessions.rolesChanged(personId))
        .map(v -> new Anonymised(personId, true));
  }

  /**
   * A new activation code for someone who has not bound yet (the old one stops working); only its hash is
   * kept. A bound person needs none: a new phone is a new WeChat login of the same person.
   */
  Future<NewCode> reissueCode(Caller caller, Audit.Actor actor, UUID orgId, UUID personId) {
    String code = cn.zhibu.platform.Hashing.readableCode(8);
    return scope.require(caller, orgId, Role.MANAGERS)
        .compose(org -> person(personId).compose(person -> homeOrgWithin(person, org.id())))
        .compose(inside -> !inside ? Future.<NewCode>failedFuture(ApiException.notFound("The person"))
            : pool.withTransaction(tx -> members.newCode(tx, personId, cn.zhibu.platform.Hashing.sha256(code))
                .compose(named -> named == null
                    ? Future.<NewCode>failedFuture(ApiException.conflict("roster.already_bound",
                        "This person has already bound; a new phone only needs a new WeChat login"))
                    : Audit.record(tx, actor, orgId, "roster.reissue_code", "person:" + personId, new JsonObject())
                        .map(v -> new NewCode(personId, named.number(), named.name(), code)))));
  }

  private static boolean hasAdmin(MemberRepository.Person person, UUID orgId) {
    return person.adminOrgs().contains(orgId.toString());
  }

  private Future<MemberRepository.Person> person(UUID personId) {
    return members.person(personId).compose(person -> person == null
        ? Future.failedFuture(ApiException.notFound("The person")) : Future.succeededFuture(person));
  }

  /** People outside every subtree the caller administers are "not found" to them. */
  private Future<Boolean> homeOrgInScope(Caller caller, MemberRepository.Person person) {
    if (person.homeOrg() == null) {
      // Not on any roster (committee staff, residents): only a root admin may appoint them.
      return Future.succeededFuture(caller.has(Role.ADMIN, orgs.rootId()));
    }
    return orgs.find(person.homeOrg()).map(home -> Scope.covers(caller, home, Set.of(Role.ADMIN)));
  }

  private Future<Boolean> homeOrgWithin(MemberRepository.Person person, UUID orgId) {
    return person.homeOrg() == null ? Future.succeededFuture(false)
        : orgs.find(person.homeOrg()).map(home -> home.isWithin(orgId));
  }
}
