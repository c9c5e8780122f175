package cn.zhibu.org;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Input;
import cn.zhibu.platform.Operations;
import cn.zhibu.platform.Respond;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Org tree, roster and roles: the second section of the outline. */
public final class OrgRoutes implements Operations {
  private final OrgService orgs;
  private final RosterService roster;
  private final MemberService members;

  OrgRoutes(OrgService orgs, RosterService roster, MemberService members) {
    this.orgs = orgs;
    this.roster = roster;
    this.members = members;
  }

  @Override
  public Map<String, Handler<RoutingContext>> handlers() {
    return Map.ofEntries(
        Map.entry("createOrg", this::create),
        Map.entry("updateOrg", ctx -> Respond.with(ctx, orgs.update(Caller.of(ctx), actor(ctx), Input.id(ctx, "id"),
            OrgService.Change.of(Input.body(ctx))))),
        Map.entry("getRootOrg", ctx -> Respond.with(ctx, orgs.root())),
        Map.entry("getOrg", ctx -> Respond.with(ctx, orgs.get(Caller.of(ctx), Input.id(ctx, "id")))),
        Map.entry("listOrgChildren", ctx -> Respond.with(ctx, orgs.children(Caller.of(ctx), Input.id(ctx, "id"),
            Input.query(ctx, "cursor"), limit(ctx)))),
        Map.entry("importRoster", this::importRoster),
        Map.entry("listMembers", ctx -> Respond.with(ctx, members.list(Caller.of(ctx), Input.id(ctx, "id"),
            Input.query(ctx, "cursor"), limit(ctx), Input.query(ctx, "q")))),
        Map.entry("reissueActivationCode", ctx -> Respond.with(ctx, members.reissueCode(Caller.of(ctx), actor(ctx),
            Input.id(ctx, "id"), Input.id(ctx, "personId")))),
        Map.entry("anonymiseMember", ctx -> Respond.with(ctx, members.anonymise(Caller.of(ctx), actor(ctx),
            Input.id(ctx, "id"), Input.id(ctx, "personId")))),
        Map.entry("getAuditLog", ctx -> Respond.with(ctx, orgs.auditLog(Caller.of(ctx), Input.id(ctx, "id"),
            Input.query(ctx, "cursor"), limit(ctx)))),
        Map.entry("setRoles", this::setRoles));
  }

  private void create(RoutingContext ctx) {
    JsonObject body = Input.body(ctx);
    Respond.with(ctx, 201, orgs.create(Caller.of(ctx), actor(ctx),
        java.util.UUID.fromString(body.getString("parentId")), body.getString("name"), body.getString("kind")));
  }

  private void importRoster(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type != null && type.startsWith("application/json")) {
      Respond.with(ctx, roster.importJson(Caller.of(ctx), actor(ctx), Input.id(ctx, "id"),
          Input.body(ctx).getJsonArray("entries")));
    } else {
      Respond.with(ctx, roster.importFile(Caller.of(ctx), actor(ctx), Input.id(ctx, "id"), Input.bytes(ctx)));
    }
  }

  private void setRoles(RoutingContext ctx) {
    var body = Input.body(ctx);
    Set<Role> roles = body.getJsonArray("roles").stream().map(r -> Role.fromWire((String) r))
        .collect(Collectors.toSet());
    Respond.with(ctx, members.setRoles(Caller.of(ctx), actor(ctx), Input.id(ctx, "id"), Input.id(ctx, "personId"),
        roles, body.getString("post")));
  }

  private static Audit.Actor actor(RoutingContext ctx) {
    return Audit.Actor.of(ctx, Caller.of(ctx).personId());
  }

  private static int limit(RoutingContext ctx) {
    return Input.queryInt(ctx, "limit", Cursor.DEFAULT_LIMIT);
  }
}
