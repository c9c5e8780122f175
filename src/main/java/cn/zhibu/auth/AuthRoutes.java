package cn.zhibu.auth;

import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Input;
import cn.zhibu.platform.Operations;
import cn.zhibu.platform.Respond;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** Identity and sessions: the first section of the outline. */
public final class AuthRoutes implements Operations {
  private final AuthService auth;
  private final WebTickets tickets;

  AuthRoutes(AuthService auth, WebTickets tickets) {
    this.auth = auth;
    this.tickets = tickets;
  }

  @Override
  public Map<String, Handler<RoutingContext>> handlers() {
    return Map.ofEntries(
        Map.entry("login", this::login),
        Map.entry("bind", this::bind),
        Map.entry("refresh", this::refresh),
        Map.entry("logout", this::logout),
        Map.entry("getMe", ctx -> Respond.with(ctx, auth.me(Caller.of(ctx)))),
        Map.entry("getMyData", ctx -> Respond.with(ctx, auth.myData(Caller.of(ctx)))),
        Map.entry("createWebTicket", ctx -> Respond.with(ctx, 201,
            tickets.create(new WebTickets.Origin(Input.clientIp(ctx), Input.userAgent(ctx))))),
        Map.entry("pollWebTicket", ctx -> Respond.with(ctx, tickets.poll(Input.path(ctx, "ticket"),
            ctx.request().getHeader("X-Poll-Token")))),
        Map.entry("getWebTicketDetails", ctx -> Respond.with(ctx, tickets.details(Input.path(ctx, "ticket")))),
        Map.entry("confirmWebTicket", ctx -> Respond.with(ctx, tickets.confirm(Caller.of(ctx),
            Audit.Actor.of(ctx, Caller.of(ctx).personId()), Input.path(ctx, "ticket")))),
        Map.entry("getWebTicketCode", ctx -> Respond.binary(ctx, "image/png", null,
            tickets.code(Input.path(ctx, "ticket"), Input.clientIp(ctx)))));
  }

  private void login(RoutingContext ctx) {
    Respond.with(ctx, auth.login(Input.body(ctx).getString("code"), Audit.Actor.of(ctx, null)));
  }

  private void bind(RoutingContext ctx) {
    JsonObject body = Input.body(ctx);
    Respond.with(ctx, auth.bind(Caller.of(ctx), body.getString("number"), body.getString("name"),
        body.getString("activationCode"), Input.clientIp(ctx)));
  }

  private void refresh(RoutingContext ctx) {
    Respond.with(ctx, auth.refresh(Input.body(ctx).getString("refreshToken")).map(Sessions.Issued::toJson));
  }

  private void logout(RoutingContext ctx) {
    Respond.noContent(ctx, auth.logout(Caller.of(ctx)));
  }
}
