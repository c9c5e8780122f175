package cn.zhibu.care;

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

/** Builds the care of members: the 失联 follow-up and the 流动党员 register  and the 关怀帮扶 register. */
public final class CareModule implements Operations {
  private final ContactService contacts;
  private final MobilityService mobility;
  private final CareService care;

  public CareModule(Pool pool, Scope scope, Clock clock) {
    ContactRepository people = new ContactRepository(pool);
    this.contacts = new ContactService(pool, people, scope, clock);
    this.mobility = new MobilityService(pool, new MobilityRepository(pool), people, scope, clock);
    this.care = new CareService(pool, new CareRepository(pool), people, scope, clock);
  }

  @Override
  public Map<String, Handler<RoutingContext>> handlers() {
    return Map.of(
        "setMobility", ctx -> Respond.with(ctx, mobility.set(Caller.of(ctx), Audit.Actor.of(ctx, Caller.of(ctx).personId()),
            Input.id(ctx, "id"), Input.body(ctx, MobilityService.Change.class))),
        "setCare", ctx -> Respond.with(ctx, care.set(Caller.of(ctx), Audit.Actor.of(ctx, Caller.of(ctx).personId()),
            Input.id(ctx, "id"), Input.body(ctx, Care.Entry.class))),
        "recordCareVisit", ctx -> Respond.with(ctx, 201, care.visit(Caller.of(ctx),
            Audit.Actor.of(ctx, Caller.of(ctx).personId()), Input.id(ctx, "id"), Input.body(ctx, Care.VisitDraft.class))),
        "listCare", ctx -> Respond.with(ctx, care.register(Caller.of(ctx), Input.id(ctx, "id"),
            Input.queryInteger(ctx, "year"), ctx.queryParams().get("campaign"))),
        "listMobileMembers", ctx -> Respond.with(ctx, mobility.list(Caller.of(ctx), Input.id(ctx, "id"))),
        "listLostContact", ctx -> Respond.with(ctx, contacts.silent(Caller.of(ctx), Input.id(ctx, "id"),
            Input.queryInteger(ctx, "months"))),
        "setContactStatus", ctx -> {
          var body = Input.body(ctx);
          Respond.with(ctx, contacts.record(Caller.of(ctx), Audit.Actor.of(ctx, Caller.of(ctx).personId()),
              Input.id(ctx, "id"), body.getBoolean("lost"), body.getString("note")));
        });
  }
}
