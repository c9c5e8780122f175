package cn.zhibu.auth;

import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.UUID;

/** Who is calling: the person, their session and their roles as of this request. */
public record Caller(UUID personId, UUID sessionId, List<RoleGrant> roles) {
  private static final String KEY = "caller";

  public boolean has(Role role, UUID orgId) {
    return roles.stream().anyMatch(g -> g.role() == role && g.orgId().equals(orgId));
  }

  /** The orgs where the caller holds any of {@code wanted}. */
  public List<UUID> orgsWith(java.util.Set<Role> wanted) {
    return roles.stream().filter(g -> wanted.contains(g.role())).map(RoleGrant::orgId).distinct().toList();
  }

  public static Caller of(RoutingContext ctx) {
    return ctx.get(KEY);
  }

  static void attach(RoutingContext ctx, Caller caller) {
    ctx.put(KEY, caller);
  }
}
