package cn.zhibu.statistics;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The counts 党内统计 is made of, each one statement over the rosters of a subtree. People count from the day they
 * entered the roster (created_at), so a date before an import does not count those imported later.
 */
final class StatisticsRepository {
  private final Pool pool;

  StatisticsRepository(Pool pool) {
    this.pool = pool;
  }

  /** One group's count: {@code dimension} names what {@code key} is (a stage, a gender, an age in years…). */
  record Tally(String dimension, String key, String other, int count) {
  }

  private static final String PEOPLE = """
      FROM persons p JOIN orgs o ON o.id = p.org_id
      WHERE $1 = ANY(o.ancestry) AND p.anonymised_at IS NULL AND p.stage IS NOT NULL
        AND p.created_at < ($2::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'
      """;

  /**
   * Everyone by stage and category ({@code stage}), and the party members (probationary and full) by gender,
   * ethnicity (汉族 or not), age in whole years on the date, and education.
   */
  Future<List<Tally>> people(UUID orgId, LocalDate date) {
    return pool.preparedQuery("""
            WITH m AS (SELECT p.stage, p.category, p.gender, p.education,
                         CASE WHEN p.ethnicity IS NULL OR p.ethnicity = '' THEN NULL
                              WHEN p.ethnicity IN ('汉', '汉族') THEN 'han' ELSE 'minority' END AS ethnicity,
                         CASE WHEN p.birth_date IS NULL OR p.birth_date > $2 THEN NULL
                              ELSE extract(year FROM age($2::date, p.birth_date))::int::text END AS age
                       """ + PEOPLE + """
                       )
            SELECT 'stage' AS dimension, stage AS key, category AS other, count(*)::int AS n FROM m GROUP BY stage, category
            UNION ALL SELECT 'gender', gender, NULL, count(*)::int FROM m WHERE stage IN ('probationary', 'full') GROUP BY gender
            UNION ALL SELECT 'ethnicity', ethnicity, NULL, count(*)::int FROM m WHERE stage IN ('probationary', 'full') GROUP BY ethnicity
            UNION ALL SELECT 'age', age, NULL, count(*)::int FROM m WHERE stage IN ('probationary', 'full') GROUP BY age
            UNION ALL SELECT 'education', education, NULL, count(*)::int FROM m WHERE stage IN ('probationary', 'full') GROUP BY education
            """).execute(Tuple.of(orgId, date)).map(StatisticsRepository::tallies);
  }

  /** The orgs below this one by kind ({@code dimension} 'org', key the kind, other the category). */
  Future<List<Tally>> orgs(UUID orgId) {
    return pool.preparedQuery("""
            SELECT 'org' AS dimension, kind AS key, category AS other, count(*)::int AS n FROM orgs
            WHERE $1 = ANY(ancestry) AND id <> $1 GROUP BY kind, category
            UNION ALL
            SELECT 'teacher_branch', CASE WHEN EXISTS (SELECT 1 FROM org_roles r JOIN persons p ON p.id = r.person_id
                                          WHERE r.org_id = o.id AND r.role = 'secretary' AND p.dual_leader)
                                     THEN 'dual' ELSE 'single' END, NULL, count(*)::int
            FROM orgs o WHERE $1 = ANY(o.ancestry) AND o.kind = 'branch' AND o.category = 'teacher' GROUP BY 2
            """).execute(Tuple.of(orgId)).map(StatisticsRepository::tallies);
  }

  /** Development steps of people now in the subtree recorded in [from, to]: key the milestone. */
  Future<List<Tally>> development(UUID orgId, LocalDate from, LocalDate to) {
    return pool.preparedQuery("""
            SELECT 'milestone' AS dimension, d.milestone AS key, NULL AS other, count(*)::int AS n
            FROM development_milestones d JOIN persons p ON p.id = d.person_id JOIN orgs o ON o.id = p.org_id
            WHERE $1 = ANY(o.ancestry) AND d.happened_on BETWEEN $2 AND $3
              AND d.milestone IN ('application', 'activist', 'candidate', 'admitted', 'full_member')
            GROUP BY d.milestone
            """).execute(Tuple.of(orgId, from, to)).map(StatisticsRepository::tallies);
  }

  private static List<Tally> tallies(io.vertx.sqlclient.RowSet<Row> rows) {
    List<Tally> all = new ArrayList<>();
    for (Row r : rows) {
      all.add(new Tally(r.getString("dimension"), r.getString("key"), r.getString("other"), r.getInteger("n")));
    }
    return all;
  }
}
