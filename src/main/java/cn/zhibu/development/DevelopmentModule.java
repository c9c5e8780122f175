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

  private final CultivationService cultivation;

  public DevelopmentModule(Pool pool, Scope scope, Sessions sessions, Clock clock) {
    DevelopmentRepository repository = new DevelopmentRepository(pool);
    this.cultivation = new CultivationService(pool, new CultivationRepository(pool), repository, scope, clock);
    this.development = new DevelopmentService(pool, repository, cultivation, scope, sessions, clock);
    this.routes = new DevelopmentRoutes(development, cultivation);
  }

  /** A 发展 公示 running: who, of which branch, from when until when (the last working day), with the step's note. */
  public record Notice(UUID personId, String name, String branch, java.time.LocalDate from, java.time.LocalDate until,
      String note) {
  }

  /** The 发展 公示 running today for people on rosters of the org's subtree (shown on the org's public notices). */
  public Future<java.util.List<Notice>> notices(UUID orgId) {
    return development.notices(orgId);
  }

  /** The 思想汇报 of a year as a sheet of the 台账 pack. */
  public Future<Consumer<Spreadsheet>> thoughtReportSheet(Caller caller, UUID orgId, int year, String name, String title) {
    return cultivation.sheet(caller, orgId, year, name, title);
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
