package cn.zhibu.compliance;

import cn.zhibu.auth.Caller;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Input;
import cn.zhibu.platform.Operations;
import cn.zhibu.platform.Respond;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** "三会一课" compliance: the cadence table and which required meetings each branch held or missed. */
public final class ComplianceRoutes implements Operations {
  private final ComplianceService compliance;

  ComplianceRoutes(ComplianceService compliance) {
    this.compliance = compliance;
  }

  @Override
  public Map<String, Handler<RoutingContext>> handlers() {
    return Map.of(
        "getComplianceRules", ctx -> Respond.with(ctx, compliance.rulesJson()),
        "replaceComplianceRules", ctx -> Respond.with(ctx, compliance.replaceRules(Caller.of(ctx),
            Audit.Actor.of(ctx, Caller.of(ctx).personId()), Input.body(ctx).getJsonArray("rules"),
            Input.body(ctx).getJsonObject("onlineStudy"))),
        "getCompliance", ctx -> Respond.with(ctx, compliance.report(Caller.of(ctx), Input.id(ctx, "id"),
            Input.query(ctx, "period"))));
  }
}
