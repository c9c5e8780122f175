package cn.zhibu.talk;

import cn.zhibu.auth.Caller;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Input;
import cn.zhibu.platform.Operations;
import cn.zhibu.platform.Respond;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.Map;

/** Builds the 谈心谈话 feature and its operations. */
public final class TalkModule implements Operations {
  private final TalkService talks;

  public TalkModule(Pool pool, Scope scope, Clock clock) {
    this.talks = new TalkService(pool, new TalkRepository(pool), scope, clock);
  }

  /** The 台账 pack's 谈心谈话 sheet (wired in {@code Features}). */
  public io.vertx.core.Future<java.util.function.Consumer<cn.zhibu.platform.Spreadsheet>> sheet(Caller caller,
      java.util.UUID orgId, int year, String name, String title) {
    return talks.sheet(caller, orgId, year, name, title);
  }

  @Override
  public Map<String, Handler<RoutingContext>> handlers() {
    return Map.of(
        "recordTalk", ctx -> Respond.with(ctx, 201, talks.record(Caller.of(ctx), Audit.Actor.of(ctx, Caller.of(ctx).personId()),
            Input.id(ctx, "id"), Input.body(ctx, TalkService.Draft.class))),
        "listTalks", ctx -> Respond.with(ctx, talks.coverage(Caller.of(ctx), Input.id(ctx, "id"),
            Input.queryInteger(ctx, "year"))),
        "listMyTalks", ctx -> Respond.with(ctx, talks.mine(Caller.of(ctx))));
  }
}
