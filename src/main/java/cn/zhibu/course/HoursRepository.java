package cn.zhibu.course;

import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The study hours a year credits: online courses completed that year plus collective study attended (the
 * {@code collective_study} view), for one person or everyone on a roster in a subtree.
 */
public final class HoursRepository {
  /**
   * The hours credited to person %1$s in year %2$s, as one SQL expression: collective study, and online credit as far
   * as the school admits it ({@code credited_hours}, V49).
   */
  private static final String HOURS = """
      credited_hours(
        (SELECT coalesce(sum(credit_hours), 0) FROM course_completions cc WHERE cc.person_id = %1$s AND cc.year = %2$s),
        (SELECT coalesce(sum(study_hours), 0) FROM collective_study cs WHERE cs.person_id = %1$s AND cs.year = %2$s))
      """;

  /** A course completed in the year. */
  record Completed(UUID courseId, String title, double creditHours, String completedAt) {
  }

  /** A meeting that counted as collective study. */
  record Collective(UUID eventId, String type, String title, String startsAt, double studyHours) {
  }

  /** A party member on a roster, whether they lead (secretary or committee: 56 h), and their hours. */
  record MemberHours(UUID personId, String number, String name, boolean leader, double hours, boolean trained) {
  }

  /** A leader of an org in the subtree, with their year's study and the 集中培训 attended in each half. */
  record LeaderHours(UUID personId, String number, String name, List<String> roles, String orgs,
      boolean branchSecretary, double online, double collective, double credited, boolean trained, int firstHalf,
      int secondHalf) {
  }

  private final Pool pool;

  HoursRepository(Pool pool) {
    this.pool = pool;
  }

  Future<Double> hours(UUID personId, int year) {
    return pool.preparedQuery("SELECT " + HOURS.formatted("$1", "$2")).execute(Tuple.of(personId, year))
        .map(rows -> rows.iterator().next().getBigDecimal(0).doubleValue());
  }

  Future<List<Completed>> completed(UUID personId, int year) {
    return pool.preparedQuery("""
            SELECT c.id, c.title, cc.credit_hours, cc.completed_at FROM course_completions cc
            JOIN courses c ON c.id = cc.course_id WHERE cc.person_id = $1 AND cc.year = $2 ORDER BY cc.completed_at
            """).execute(Tuple.of(personId, year))
        .map(rows -> {
          List<Completed> all = new ArrayList<>(rows.size());
          for (Row row : rows) {
            all.add(new Completed(row.getUUID("id"), row.getString("title"), row.getBigDecimal("credit_hours").doubleValue(),
                Times.format(row.getOffsetDateTime("completed_at"))));
          }
          return all;
        });
  }

  Future<List<Collective>> collective(UUID personId, int year) {
    return pool.preparedQuery("""
            SELECT event_id, type, title, starts_at, study_hours FROM collective_study
            WHERE person_id = $1 AND year = $2 ORDER BY starts_at
            """).execute(Tuple.of(personId, year))
        .map(rows -> {
          List<Collective> all = new ArrayList<>(rows.size());
          for (Row row : rows) {
            all.add(new Collective(row.getUUID("event_id"), row.getString("type"), row.getString("title"),
                Times.format(row.getOffsetDateTime("starts_at")), row.getBigDecimal("study_hours").doubleValue()));
          }
          return all;
        });
  }

  /** Every party member on a roster in the subtree, by number (numbers as stored). */
  Future<List<MemberHours>> ofSubtree(UUID orgId, int year) {
    return pool.preparedQuery("""
            SELECT p.id, p.number, p.name,
                   EXISTS (SELECT 1 FROM org_roles r WHERE r.person_id = p.id AND leader_role(r.role)) AS leader,
                   credited_hours(h.online, h.collective) AS hours, h.trained
            FROM study_hours_in($1, $2) h JOIN persons p ON p.id = h.person_id
            WHERE p.anonymised_at IS NULL AND p.stage IN ('probationary', 'full')
            ORDER BY p.number
            """).execute(Tuple.of(orgId, year))
        .map(rows -> {
          List<MemberHours> all = new ArrayList<>(rows.size());
          for (Row row : rows) {
            all.add(new MemberHours(row.getUUID("id"), row.getString("number"), row.getString("name"),
                row.getBoolean("leader"), row.getBigDecimal("hours").doubleValue(), row.getBoolean("trained")));
          }
          return all;
        });
  }

  /**
   * Every leader (书记, 副书记, 支委 / 委员) of an org in the subtree, by number: where they lead, their online
   * and collective hours, and how many 集中培训 they attended in each half of the year.
   */
  Future<List<LeaderHours>> leaders(UUID orgId, int year) {
    return pool.preparedQuery("""
            WITH leaders AS (
              SELECT r.person_id, array_agg(DISTINCT r.role) AS roles, string_agg(DISTINCT o.name, '、') AS orgs,
                     bool_or(r.role = 'secretary' AND o.kind = 'branch') AS branch_secretary
              FROM org_roles r JOIN orgs o ON o.id = r.org_id
              WHERE $1 = ANY(o.ancestry) AND leader_role(r.role) GROUP BY r.person_id
            ), trainings AS (
              SELECT cs.person_id,
                     count(*) FILTER (WHERE cs.starts_at < make_timestamptz($2, 7, 1, 0, 0, 0, 'Asia/Shanghai')) AS first_half,
                     count(*) FILTER (WHERE cs.starts_at >= make_timestamptz($2, 7, 1, 0, 0, 0, 'Asia/Shanghai')) AS second_half
              FROM collective_study cs JOIN leaders l ON l.person_id = cs.person_id
              WHERE cs.type = 'training' AND cs.starts_at >= make_timestamptz($2, 1, 1, 0, 0, 0, 'Asia/Shanghai')
                AND cs.starts_at < make_timestamptz($2 + 1, 1, 1, 0, 0, 0, 'Asia/Shanghai')
              GROUP BY cs.person_id
            )
            SELECT p.id, p.number, p.name, l.roles, l.orgs, l.branch_secretary, h.online, h.collective, h.trained,
                   credited_hours(h.online, h.collective) AS credited,
                   coalesce(t.first_half, 0) AS first_half, coalesce(t.second_half, 0) AS second_half
            FROM leaders l JOIN persons p ON p.id = l.person_id AND p.anonymised_at IS NULL
            JOIN study_hours_in($1, $2) h ON h.person_id = l.person_id
            LEFT JOIN trainings t ON t.person_id = l.person_id
            ORDER BY p.number
            """).execute(Tuple.of(orgId, year))
        .map(rows -> {
          List<LeaderHours> all = new ArrayList<>(rows.size());
          for (Row row : rows) {
            all.add(new LeaderHours(row.getUUID("id"), row.getString("number"), row.getString("name"),
                List.of(row.getArrayOfStrings("roles")), row.getString("orgs"), row.getBoolean("branch_secretary"),
                row.getBigDecimal("online").doubleValue(), row.getBigDecimal("collective").doubleValue(),
                row.getBigDecimal("credited").doubleValue(), row.getBoolean("trained"),
                row.getLong("first_half").intValue(), row.getLong("second_half").intValue()));
          }
          return all;
        });
  }
}
