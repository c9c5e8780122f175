package cn.zhibu.profile;

import cn.zhibu.auth.Caller;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Input;
import cn.zhibu.platform.Operations;
import cn.zhibu.platform.Respond;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.Map;

/** Builds the 党员信息 feature and its operations. */
public final class ProfileModule implements Operations {
  private final ProfileService profiles;

  public ProfileModule(Pool pool, Scope scope, java.time.Clock clock) {
    this.profiles = new ProfileService(pool, new ProfileRepository(pool), scope, clock);
  }

  @Override
  public Map<String, Handler<RoutingContext>> handlers() {
    return Map.of(
        "getProfile", ctx -> Respond.with(ctx, profiles.get(Caller.of(ctx), Input.id(ctx, "id"))),
        "getMyProfile", ctx -> Respond.with(ctx, profiles.get(Caller.of(ctx), Caller.of(ctx).personId())),
        "updateProfile", ctx -> Respond.with(ctx, profiles.update(Caller.of(ctx),
            Audit.Actor.of(ctx, Caller.of(ctx).personId()), Input.id(ctx, "id"), Input.body(ctx))));
  }
}
