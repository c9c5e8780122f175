package cn.zhibu.compliance;

import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * From the remind day of the month on, once a month per branch: the secretaries of branches still missing a
 * required meeting of this period hear which ones, through the push outbox. Queued once whatever the number of
 * processes (the month is claimed with its key).
 */
public final class MissingMeetings {
  private final Pool pool;
  private final ComplianceService compliance;
  private final ComplianceRepository repository;
  private final Clock clock;
  private final int remindDay;

  MissingMeetings(Pool pool, ComplianceService compliance, ComplianceRepository repository, Clock clock, int remindDay) {
    this.pool = pool;
    this.compliance = compliance;
    this.repository = repository;
    this.clock = clock;
    this.remindDay = remindDay;
  }

  /** The reminders due now; answers how many pushes were queued. */
  public Future<Integer> run() {
    LocalDate today = clock.instant().atZone(Times.SCHOOL_ZONE).toLocalDate();
    if (today.getDayOfMonth() < remindDay) {
      return Future.succeededFuture(0);
    }
    String month = YearMonth.from(today).toString();
    return compliance.everyBranch(month).compose(branches -> {
      List<ComplianceRepository.Missing> missing = new ArrayList<>();
      for (Reports.Branch branch : branches) {
        if (!branch.missing().isEmpty()) {
          missing.add(new ComplianceRepository.Missing(branch.orgId(), branch.missing()));
        }
      }
      return missing.isEmpty() ? Future.succeededFuture(0)
          : pool.withTransaction(tx -> repository.claimReminders(tx, month, missing)
              .compose(claimed -> repository.queueReminders(tx, claimed)));
    });
  }
}
