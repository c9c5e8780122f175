package cn.zhibu.points;

import cn.zhibu.auth.Caller;
import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Input;
import cn.zhibu.platform.Operations;
import cn.zhibu.platform.Respond;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.UUID;

/** Points and leaderboards. */
public final class PointsRoutes implements Operations {
  private final PointsService service;

  PointsRoutes(PointsService service) {
    this.service = service;
  }

  @Override
  public Map<String, Handler<RoutingContext>> handlers() {
    return Map.of(
        "getLeaderboard", ctx -> {
          String metric = Input.query(ctx, "metric");
          Respond.with(ctx, service.leaderboard(Caller.of(ctx), UUID.fromString(Input.query(ctx, "orgId")),
              Periods.fromWire(Input.query(ctx, "period")),
              Boards.Metric.valueOf((metric == null ? "points" : metric).toUpperCase()),
              Input.queryInt(ctx, "limit", 10)));
        },
        "getOrgLeaderboard", ctx -> Respond.with(ctx, service.orgRanking(Caller.of(ctx),
            UUID.fromString(Input.query(ctx, "orgId")), Periods.fromWire(Input.query(ctx, "period")))),
        "getMyPoints", ctx -> Respond.with(ctx, service.myPoints(Caller.of(ctx), Input.query(ctx, "cursor"),
            Input.queryInt(ctx, "limit", Cursor.DEFAULT_LIMIT))),
        "awardPoints", ctx -> {
          JsonObject body = Input.body(ctx);
          Respond.with(ctx, 201, service.manual(Caller.of(ctx),
              cn.zhibu.platform.Audit.Actor.of(ctx, Caller.of(ctx).personId()), UUID.fromString(body.getString("personId")),
              body.getInteger("amount"), body.getString("reason"), body.getString("idempotencyKey")));
        },
        "rebuildLeaderboards", ctx -> Respond.with(ctx, service.rebuild(Caller.of(ctx))));
  }
}
