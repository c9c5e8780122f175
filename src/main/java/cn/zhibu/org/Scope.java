package cn.zhibu.org;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.auth.RoleGrant;
import cn.zhibu.platform.ApiException;
import io.vertx.core.Future;
import java.util.Set;
import java.util.UUID;

/**
 * Every permission check is "is the target inside the caller's subtree": a role held in org X covers X and
 * everything under it. Features call this before touching an org's data.
 */
public final class Scope {
  private final OrgDirectory orgs;

  public Scope(OrgDirectory orgs) {
    this.orgs = orgs;
  }

  /** The org, if the caller holds one of {@code roles} at it or above it; else 403 (see {@link #find}). */
  public Future<Org> require(Caller caller, UUID orgId, Set<Role> roles) {
    return find(caller, orgId).compose(org -> covers(caller, org, roles) ? Future.succeededFuture(org)
        : Future.failedFuture(ApiException.forbidden("This org is outside your scope or role")));
  }

  /**
   * The org for a scoped operation. An org that does not exist is answered like one outside the caller's reach
   * (403), so that nobody lists the school's orgs by telling the two apart; only a caller whose reach is the whole
   * school (a role at the root), for whom nothing is outside, is told 404.
   */
  private Future<Org> find(Caller caller, UUID orgId) {
    return orgs.find(orgId).recover(missing -> caller.roles().stream().anyMatch(g -> g.orgId().equals(orgs.rootId()))
        ? Future.failedFuture(missing)
        : Future.failedFuture(ApiException.forbidden("This org is outside your scope or role")));
  }

  public static boolean covers(Caller caller, Org org, Set<Role> roles) {
    for (RoleGrant grant : caller.roles()) {
      if (roles.contains(grant.role()) && org.isWithin(grant.orgId())) {
        return true;
      }
    }
    return false;
  }

  /** The school's root org. */
  public UUID rootId() {
    return orgs.rootId();
  }

  /**
   * Whether the caller holds one of {@code roles} at an org strictly above this one (the level above). A 党小组
   * is part of its branch, not a level of its own: above a group means above its branch, so a branch's own
   * secretary never approves, as "the level above", what their branch's group did.
   */
  public Future<Boolean> above(Caller caller, UUID orgId, Set<Role> roles) {
    return orgs.find(orgId).map(org -> {
      int levels = org.ancestry().size() - ("group".equals(org.kind()) ? 2 : 1);
      return org.ancestry().subList(0, Math.max(0, levels)).stream()
          .anyMatch(a -> caller.roles().stream().anyMatch(g -> roles.contains(g.role()) && g.orgId().equals(a)));
    });
  }

  /** Whether the caller is an admin at or above the org (who sees full student and staff numbers). */
  public Future<Boolean> adminOver(Caller caller, UUID orgId) {
    return orgs.find(orgId).map(org -> covers(caller, org, Set.of(Role.ADMIN))).otherwise(false);
  }

  /**
   * Whether the caller may see the org at all: it is in a subtree where they hold any role, or it is
   * above one of their orgs (a member sees their branch, college and school).
   */
  public Future<Org> visible(Caller caller, UUID orgId) {
    return find(caller, orgId).compose(org -> {
      if (org.parentId() == null || covers(caller, org, Set.of(Role.values()))) {
        return Future.succeededFuture(org);
      }
      return Future.all(caller.roles().stream().map(g -> orgs.find(g.orgId())).toList()).compose(all -> {
        for (int i = 0; i < all.size(); i++) {
          Org own = all.resultAt(i);
          if (own.isWithin(org.id())) {
            return Future.succeededFuture(org);
          }
        }
        return Future.failedFuture(ApiException.forbidden("This org is outside your scope"));
      });
    });
  }
}
