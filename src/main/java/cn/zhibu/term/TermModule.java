package cn.zhibu.term;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Sessions;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Input;
import cn.zhibu.platform.Operations;
import cn.zhibu.platform.Respond;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.Map;

/** Builds 按期换届: the terms due, their reminders, and elections with their hand-over. */
public final class TermModule implements Operations {
  private final TermService terms;
  private final ElectionService elections;

  public TermModule(Pool pool, Scope scope, Sessions sessions, Clock clock) {
    this.terms = new TermService(pool, new TermRepository(pool), scope, clock);
    this.elections = new ElectionService(pool, new ElectionRepository(pool), scope, sessions, clock);
  }

  /** The day's term reminders (a minute job: each is queued once, so running it often is harmless). */
  public Future<Integer> remind() {
    return terms.remind();
  }

  @Override
  public Map<String, Handler<RoutingContext>> handlers() {
    return Map.of(
        "listTermsDue", ctx -> Respond.with(ctx, terms.due(Caller.of(ctx), Input.id(ctx, "id"),
            Input.queryInteger(ctx, "withinDays"))),
        "recordElection", ctx -> Respond.with(ctx, 201, elections.record(Caller.of(ctx), actor(ctx), Input.id(ctx, "id"),
            Input.body(ctx, Terms.Draft.class))),
        "listElections", ctx -> Respond.with(ctx, elections.list(Caller.of(ctx), Input.id(ctx, "id"))),
        "getElection", ctx -> Respond.with(ctx, elections.get(Caller.of(ctx), Input.id(ctx, "id"))),
        "decideElection", ctx -> Respond.with(ctx, elections.decide(Caller.of(ctx), actor(ctx), Input.id(ctx, "id"),
            Input.body(ctx, Terms.Decision.class))));
  }

  private static Audit.Actor actor(RoutingContext ctx) {
    return Audit.Actor.of(ctx, Caller.of(ctx).personId());
  }
}
