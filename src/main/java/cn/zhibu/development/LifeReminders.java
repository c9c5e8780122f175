package cn.zhibu.development;

import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Reminders of a member's life in the party, queued in the push outbox (sent to whoever holds a subscription
 * credit for the meeting template): a 发展党员 step overdue, to the branch's secretaries; the 政治生日 (the
 * anniversary of joining), to the member; dues in arrears from the remind day of the month, to the member. Each is
 * claimed once in life_reminders, so any number of processes queue it once.
 */
public final class LifeReminders {
  private final Pool pool;
  private final LifeReminderRepository reminders = new LifeReminderRepository();
  private final DevelopmentRepository development;
  private final Clock clock;
  private final int remindDay;
  private final java.util.function.Supplier<UUID> root;

  public LifeReminders(Pool pool, Clock clock, int remindDay, java.util.function.Supplier<UUID> root) {
    this.pool = pool;
    this.development = new DevelopmentRepository(pool);
    this.clock = clock;
    this.remindDay = remindDay;
    this.root = root;
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(Times.SCHOOL_ZONE));
  }

  public Future<Integer> run() {
    return overdueSteps().compose(a -> birthdays().compose(b -> dues().map(c -> a + b + c)));
  }

  /** Overdue steps: the secretaries of the person's branch hear who and which step, once per person and step. */
  Future<Integer> overdueSteps() {
    LocalDate today = today();
    return Future.all(development.inDevelopment(root.get()), development.rules()).compose(all -> {
      java.util.Map<DevelopmentRepository.Person, List<DevelopmentRepository.Step>> people = all.resultAt(0);
      DevelopmentRules rules = all.resultAt(1);
      List<UUID> persons = new ArrayList<>();
      List<String> steps = new ArrayList<>();
      List<String> notes = new ArrayList<>();
      people.forEach((person, done) -> {
        if (done.isEmpty()) {
          return;
        }
        DevelopmentRepository.Step last = done.get(done.size() - 1);
        rules.next(java.util.Optional.of(last.milestone()), DevelopmentRepository.Step.countedFromForNext(done))
            .filter(n -> n.dueBy() != null && n.dueBy().isBefore(today))
            .ifPresent(n -> {
              persons.add(person.id());
              steps.add(n.milestone().key());
              notes.add((person.name() == null ? "" : person.name()) + "：" + n.milestone().label() + "已逾期");
            });
      });
      if (persons.isEmpty()) {
        return Future.succeededFuture(0);
      }
      return pool.withTransaction(tx -> reminders.overdueSteps(tx, persons, steps, notes));
    });
  }

  /** 政治生日: members whose day of joining is today hear it, once a year. */
  Future<Integer> birthdays() {
    LocalDate today = today();
    return pool.withTransaction(tx -> reminders.birthdays(tx, today));
  }

  /** Dues in arrears: from the remind day, members with unpaid months of this year hear how many, once a month. */
  Future<Integer> dues() {
    LocalDate today = today();
    if (today.getDayOfMonth() < remindDay) {
      return Future.succeededFuture(0);
    }
    YearMonth month = YearMonth.from(today);
    List<String> months = new ArrayList<>();
    for (int m = 1; m <= month.getMonthValue(); m++) {
      months.add(YearMonth.of(month.getYear(), m).toString());
    }
    return pool.withTransaction(tx -> reminders.dues(tx, month, months));
  }
}
