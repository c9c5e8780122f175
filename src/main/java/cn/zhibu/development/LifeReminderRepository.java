package cn.zhibu.development;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

/**
 * The reminders of a member's life, each claimed once in {@code life_reminders} (person, topic, period) and queued
 * in the push outbox in the same statement, whatever the number of processes. {@link LifeReminders} decides who is
 * due; this holds the SQL.
 */
final class LifeReminderRepository {

  /** Overdue development steps: each person's branch secretaries hear who and which step, once per step. */
  Future<Integer> overdueSteps(SqlClient tx, List<UUID> persons, List<String> steps, List<String> notes) {
    return tx.preparedQuery("""
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
            .addArrayOfString(steps.toArray(String[]::new)).addArrayOfString(notes.toArray(String[]::new)))
        .map(rows -> rows.rowCount());
  }

  /** 政治生日: members who joined on this day of the year hear it, once a year. */
  Future<Integer> birthdays(SqlClient tx, LocalDate today) {
    return tx.preparedQuery("""
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
            """).execute(Tuple.of(today.getYear(), today.getMonthValue(), today.getDayOfMonth(), today))
        .map(rows -> rows.rowCount());
  }

  /** Dues in arrears this year: each member owing hears how many months, once a month. */
  Future<Integer> dues(SqlClient tx, YearMonth month, List<String> months) {
    return tx.preparedQuery("""
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
            """).execute(Tuple.of(month.getYear(), months.toArray(String[]::new), month.toString()))
        .map(rows -> rows.rowCount());
  }
}
