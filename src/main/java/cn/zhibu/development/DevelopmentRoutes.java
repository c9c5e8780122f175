package cn.zhibu.development;

import cn.zhibu.auth.Caller;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Input;
import cn.zhibu.platform.Operations;
import cn.zhibu.platform.Respond;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** The 发展党员 operations of the contract. */
public final class DevelopmentRoutes implements Operations {
  private final DevelopmentService development;

  private final CultivationService cultivation;

  DevelopmentRoutes(DevelopmentService development, CultivationService cultivation) {
    this.development = development;
    this.cultivation = cultivation;
  }

  private static Audit.Actor actor(RoutingContext ctx) {
    return Audit.Actor.of(ctx, Caller.of(ctx).personId());
  }

  @Override
  public Map<String, Handler<RoutingContext>> handlers() {
    return Map.of(
        "getDevelopment", ctx -> Respond.with(ctx, development.get(Caller.of(ctx), Input.id(ctx, "id"))),
        "setDevelopmentContacts", ctx -> Respond.with(ctx, cultivation.assign(Caller.of(ctx), actor(ctx),
            Input.id(ctx, "id"), Input.body(ctx, Cultivation.Assign.class))),
        "submitThoughtReport", ctx -> Respond.with(ctx, 201, cultivation.submit(Caller.of(ctx), actor(ctx),
            Input.body(ctx, Cultivation.Draft.class))),
        "listMyThoughtReports", ctx -> Respond.with(ctx, cultivation.mine(Caller.of(ctx))),
        "listThoughtReports", ctx -> Respond.with(ctx, cultivation.ofOrg(Caller.of(ctx), Input.id(ctx, "id"),
            Input.queryInteger(ctx, "year"))),
        "acknowledgeThoughtReport", ctx -> Respond.with(ctx, cultivation.acknowledge(Caller.of(ctx), actor(ctx),
            Input.id(ctx, "id"), Input.body(ctx).getString("comment"))),
        "recordMilestone", ctx -> {
          JsonObject body = Input.body(ctx);
          Respond.with(ctx, 201, development.record(Caller.of(ctx), actor(ctx),
              Input.id(ctx, "id"), body.getString("key"), body.getString("date"), body.getString("note"),
              body.getJsonObject("vote") == null ? null : body.getJsonObject("vote").mapTo(DevelopmentRules.Vote.class)));
        },
        "listDevelopmentDue", ctx -> {
          if (Input.wantsSpreadsheet(ctx)) {
            Respond.spreadsheet(ctx, "development.xlsx", development.roster(Caller.of(ctx), Input.id(ctx, "id"),
                ctx.vertx()));
          } else {
            Respond.with(ctx, development.due(Caller.of(ctx), Input.id(ctx, "id"), Input.queryInt(ctx, "dueWithinDays", 30)));
          }
        });
  }
}
