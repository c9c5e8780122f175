package cn.zhibu.compliance;

import cn.zhibu.org.Scope;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** Builds the compliance feature: the cadence table, the reports, the missing-meeting reminders. */
public final class ComplianceModule {
  public final ComplianceRoutes routes;
  public final ComplianceService compliance;
  public final MissingMeetings reminders;

  public ComplianceModule(Pool pool, Scope scope, int remindDay, Clock clock) {
    ComplianceRepository repository = new ComplianceRepository(pool);
    this.compliance = new ComplianceService(pool, repository, scope, scope::rootId, clock);
    this.routes = new ComplianceRoutes(compliance);
    this.reminders = new MissingMeetings(pool, compliance, repository, clock, remindDay);
  }
}
