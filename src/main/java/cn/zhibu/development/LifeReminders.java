package cn.zhibu.development;

import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
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
        rules.next(java.util.Optional.of(last.milestone()), last.date())
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
      return pool.withTransaction(tx -> tx.preparedQuery("""
              WITH claimed AS (
                INSERT INTO life_reminders (person_id, topic, period)
                SELECT person, 'development', step FROM unnest($1::uuid[], $2::text[]) AS t(person, step)
                ON CONFLICT DO NOTHING RETURNING person_id, period)
              INSERT INTO push_outbox (kind, org_id, person_id, note, topic)
              SELECT 'message', p.org_id, r.person_id, t.note, 'development'
              FROM claimed c JOIN unnest($1::uuid[], $2::text[], $3::text[]) AS t(person, step, note)
                ON t.person = c.person_id AND t.step = c.period
              JOIN persons p ON p.id = c.person_id
              JOIN org_roles r ON r.org_id = p.org_id AND r.role = 'secretary'
              """).execute(Tuple.tuple().addArrayOfUUID(persons.toArray(UUID[]::new))
              .addArrayOfString(steps.toArray(String[]::new)).addArrayOfString(notes.toArray(String[]::new))))
          .map(rows -> rows.rowCount());
    });
  }

  /** 政治生日: members whose day of joining is today hear it, once a year. */
  Future<Integer> birthdays() {
    LocalDate today = today();
    return pool.withTransaction(tx -> tx.preparedQuery("""
            WITH due AS (
              SELECT id, org_id, $1::int - extract(year FROM joined_at)::int AS years FROM persons
              WHERE joined_at IS NOT NULL AND org_id IS NOT NULL AND anonymised_at IS NULL
                AND extract(month FROM joined_at) = $2 AND extract(day FROM joined_at) = $3 AND joined_at < $4),
            claimed AS (
              INSERT INTO life_reminders (person_id, topic, period) SELECT id, 'birthday', $1::text FROM due
              ON CONFLICT DO NOTHING RETURNING person_id)
            INSERT INTO push_outbox (kind, org_id, person_id, note, topic)
            SELECT 'message', d.org_id, d.id, '政治生日快乐！入党 ' || d.years || ' 周年', 'birthday'
            FROM due d JOIN claimed c ON c.person_id = d.id
            """).execute(Tuple.of(today.getYear(), today.getMonthValue(), today.getDayOfMonth(), today)))
        .map(rows -> rows.rowCount());
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
    return pool.withTransaction(tx -> tx.preparedQuery("""
            WITH owing AS (
              SELECT p.id, p.org_id, count(*) AS months FROM persons p
              JOIN dues_bases b ON b.person_id = p.id AND b.year = $1
              CROSS JOIN unnest($2::text[]) AS m(month)
              WHERE p.org_id IS NOT NULL AND p.anonymised_at IS NULL AND b.monthly_due_fen > 0
                AND NOT EXISTS (SELECT 1 FROM dues_paid_months d WHERE d.person_id = p.id AND d.month = m.month)
              GROUP BY p.id, p.org_id),
            claimed AS (
              INSERT INTO life_reminders (person_id, topic, period) SELECT id, 'dues', $3 FROM owing
              ON CONFLICT DO NOTHING RETURNING person_id)
            INSERT INTO push_outbox (kind, org_id, person_id, note, topic)
            SELECT 'message', o.org_id, o.id, '党费欠缴 ' || o.months || ' 个月，请向支部缴纳', 'dues'
            FROM owing o JOIN claimed c ON c.person_id = o.id
            """).execute(Tuple.of(month.getYear(), months.toArray(String[]::new), month.toString())))
        .map(rows -> rows.rowCount());
  }
}
