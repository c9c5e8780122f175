package cn.zhibu.transfer;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Sessions;
import cn.zhibu.org.OrgDirectory;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Input;
import cn.zhibu.platform.Operations;
import cn.zhibu.platform.Respond;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.Map;

/** Builds the 组织关系转接 feature and its operations. */
public final class TransferModule implements Operations {
  private final TransferService transfers;

  public TransferModule(Vertx vertx, Pool pool, Scope scope, OrgDirectory orgs, Sessions sessions, Clock clock) {
    this.transfers = new TransferService(vertx, pool, scope, orgs, sessions, clock);
  }

  private static Audit.Actor actor(RoutingContext ctx) {
    return Audit.Actor.of(ctx, Caller.of(ctx).personId());
  }

  @Override
  public Map<String, Handler<RoutingContext>> handlers() {
    return Map.of(
        "requestTransfer", ctx -> Respond.with(ctx, 201, transfers.create(Caller.of(ctx), actor(ctx), Input.body(ctx, Transfers.Asked.class))),
        "requestTransferBatch", ctx -> Respond.with(ctx, 201, transfers.createBatch(Caller.of(ctx), actor(ctx),
            Input.body(ctx, Transfers.AskedBatch.class))),
        "listGraduates", ctx -> Respond.with(ctx, transfers.graduates(Caller.of(ctx), Input.id(ctx, "id"),
            Input.queryInteger(ctx, "year"))),
        "listTransfers", ctx -> Respond.with(ctx, transfers.list(Caller.of(ctx),
            java.util.UUID.fromString(Input.query(ctx, "orgId")))),
        "getTransfer", ctx -> Respond.with(ctx, transfers.get(Caller.of(ctx), Input.id(ctx, "id"))),
        "decideTransfer", ctx -> Respond.with(ctx, transfers.decide(Caller.of(ctx), actor(ctx), Input.id(ctx, "id"),
            Input.body(ctx).getBoolean("approve"), Input.body(ctx).getString("note"))),
        "getTransferLetter", ctx -> Respond.binary(ctx, "image/png", null, transfers.letter(Caller.of(ctx),
            Input.id(ctx, "id"))));
  }
}
