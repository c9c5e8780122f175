package cn.zhibu.development;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Sessions;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.Spreadsheet;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Consumer;

/** Builds the 发展党员 feature. */
public final class DevelopmentModule {
  public final DevelopmentRoutes routes;
  private final DevelopmentService development;

  public DevelopmentModule(Pool pool, Scope scope, Sessions sessions, Clock clock) {
    this.development = new DevelopmentService(pool, scope, sessions, clock);
    this.routes = new DevelopmentRoutes(development);
  }

  /** People in development at a branch, and those of them whose next step is overdue (by name and step). */
  public record OnTime(int people, java.util.List<String> overdue) {
  }

  /**
   * For the year's assessment: every branch of the subtree with its people in development and the overdue ones, as
   * of the day (the same rule as the overdue reminders).
   */
  public Future<java.util.Map<UUID, OnTime>> onTime(UUID orgId, java.time.LocalDate asOf) {
    return development.onTime(orgId, asOf);
  }

  /** The development roster as a sheet of a workbook another feature writes (the 台账 pack). */
  public Future<Consumer<Spreadsheet>> rosterSheet(Caller caller, UUID orgId, String name, String title) {
    return development.rosterSheet(caller, orgId, name, title);
  }
}
