package cn.zhibu.assessment;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Every query of the 述职 reports and their secret ratings: the electorate frozen at opening, who rated (never
 * what), and the counts in one row per round rewritten whole by every rating (V42, as V26 keeps 民主评议 ballots).
 */
final class ReportRepository {
  private final Pool pool;

  ReportRepository(Pool pool) {
    this.pool = pool;
  }

  /** A report as stored. */
  record Report(UUID orgId, String text, String by, OffsetDateTime at) {
  }

  /** A round a person may rate in, with the org, its report and whether they have rated. */
  record Open(UUID assessmentId, int year, OffsetDateTime closesAt, UUID orgId, String orgName, String report,
      boolean rated) {
  }

  /**
   * Freezes the electorate of the rounds that have opened (or only {@code only}): each claimed once, its assessed
   * orgs' party members as they are now. Answers how many rounds were frozen.
   */
  Future<Integer> freezeOpened(SqlClient tx, UUID only) {
    return tx.preparedQuery("""
            WITH opened AS (
              UPDATE assessments SET electorate_frozen_at = now()
              WHERE electorate_frozen_at IS NULL AND opens_at <= now() AND ($1::uuid IS NULL OR id = $1)
              RETURNING id, org_id, level),
            people AS (
              INSERT INTO assessment_electorate (assessment_id, org_id, person_id)
              SELECT opened.id, assessed.id, p.id
              FROM opened JOIN orgs assessed ON opened.org_id = ANY(assessed.ancestry) AND assessed.kind = opened.level
              JOIN orgs o ON assessed.id = ANY(o.ancestry) JOIN persons p ON p.org_id = o.id
              WHERE p.stage IN ('probationary', 'full') AND p.anonymised_at IS NULL
              ON CONFLICT DO NOTHING)
            SELECT count(*)::int AS n FROM opened""").execute(Tuple.of(only))
        .map(rows -> rows.iterator().next().getInteger("n"));
  }

  /** The org whose report the person rates as one of its members (frozen at opening), or null. */
  Future<UUID> electorOf(UUID assessmentId, UUID person) {
    return pool.preparedQuery("SELECT org_id FROM assessment_electorate WHERE assessment_id = $1 AND person_id = $2")
        .execute(Tuple.of(assessmentId, person))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("org_id"));
  }

  Future<Void> submit(SqlClient tx, UUID assessmentId, UUID orgId, String text, UUID by) {
    return tx.preparedQuery("""
            INSERT INTO assessment_reports (assessment_id, org_id, text, submitted_by) VALUES ($1, $2, $3, $4)
            ON CONFLICT (assessment_id, org_id) DO UPDATE SET text = $3, submitted_by = $4, submitted_at = now()""")
        .execute(Tuple.of(assessmentId, orgId, text, by)).mapEmpty();
  }

  Future<Map<UUID, Report>> reports(UUID assessmentId) {
    return pool.preparedQuery("""
            SELECT r.org_id, r.text, p.name, r.submitted_at FROM assessment_reports r JOIN persons p ON p.id = r.submitted_by
            WHERE r.assessment_id = $1""").execute(Tuple.of(assessmentId)).map(rows -> {
              Map<UUID, Report> all = new HashMap<>();
              for (Row r : rows) {
                all.put(r.getUUID("org_id"), new Report(r.getUUID("org_id"), r.getString("text"), r.getString("name"),
                    r.getOffsetDateTime("submitted_at")));
              }
              return all;
            });
  }

  /**
   * One rating: who rated is recorded (once per org; false when already), and the round's one tallies row is
   * rewritten whole with the grade added. Nothing stores the grade beside the voter.
   */
  Future<Boolean> rate(SqlClient tx, UUID assessmentId, UUID orgId, UUID voter, String grade) {
    return tx.preparedQuery("INSERT INTO assessment_raters (assessment_id, org_id, voter_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING")
        .execute(Tuple.of(assessmentId, orgId, voter))
        .compose(inserted -> inserted.rowCount() == 0 ? Future.succeededFuture(false)
            : tx.preparedQuery("INSERT INTO assessment_rating_tallies (assessment_id) VALUES ($1) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(assessmentId))
                .compose(v -> tx.preparedQuery("SELECT tallies FROM assessment_rating_tallies WHERE assessment_id = $1 FOR UPDATE")
                    .execute(Tuple.of(assessmentId)))
                .compose(rows -> {
                  JsonObject tallies = rows.iterator().next().getJsonObject("tallies").copy();
                  JsonObject counts = tallies.getJsonObject(orgId.toString(), new JsonObject().put("good", 0)
                      .put("fair", 0).put("poor", 0));
                  counts.put(grade, counts.getInteger(grade, 0) + 1);
                  tallies.put(orgId.toString(), counts);
                  return tx.preparedQuery("UPDATE assessment_rating_tallies SET tallies = $2, ballots = ballots + 1 WHERE assessment_id = $1")
                      .execute(Tuple.of(assessmentId, tallies));
                })
                .map(true));
  }

  /** The counts per org, and how many rated each (only ever shown once the round has closed). */
  Future<Map<UUID, JsonObject>> tallies(UUID assessmentId) {
    return pool.preparedQuery("""
            SELECT t.tallies, (SELECT coalesce(jsonb_object_agg(org_id::text, n), '{}') FROM (
                     SELECT org_id, count(*) AS n FROM assessment_raters WHERE assessment_id = $1 GROUP BY org_id) c) AS raters
            FROM (SELECT $1::uuid AS id) x LEFT JOIN assessment_rating_tallies t ON t.assessment_id = x.id""")
        .execute(Tuple.of(assessmentId)).map(rows -> {
          Row r = rows.iterator().next();
          JsonObject tallies = r.getJsonObject("tallies") == null ? new JsonObject() : r.getJsonObject("tallies");
          JsonObject raters = r.getJsonObject("raters");
          Map<UUID, JsonObject> out = new HashMap<>();
          raters.forEach(e -> out.put(UUID.fromString(e.getKey()), tallies.getJsonObject(e.getKey(), new JsonObject())
              .copy().put("raters", ((Number) e.getValue()).intValue())));
          return out;
        });
  }

  /**
   * The open rounds the person may rate in as a member of an assessed org (frozen at opening), with its report; a
   * leader above rates from the desk.
   */
  Future<List<Open>> openFor(UUID person, OffsetDateTime now) {
    return pool.preparedQuery("""
            SELECT a.id, a.year, a.closes_at, e.org_id, o.name, r.text,
                   EXISTS (SELECT 1 FROM assessment_raters x WHERE x.assessment_id = a.id AND x.org_id = e.org_id
                           AND x.voter_id = $1) AS rated
            FROM assessment_electorate e JOIN assessments a ON a.id = e.assessment_id JOIN orgs o ON o.id = e.org_id
            LEFT JOIN assessment_reports r ON r.assessment_id = a.id AND r.org_id = e.org_id
            WHERE e.person_id = $1 AND a.opens_at <= $2 AND a.closes_at > $2
            ORDER BY a.closes_at""").execute(Tuple.of(person, now)).map(rows -> {
              List<Open> all = new ArrayList<>();
              for (Row r : rows) {
                all.add(new Open(r.getUUID("id"), r.getInteger("year"), r.getOffsetDateTime("closes_at"), r.getUUID("org_id"),
                    r.getString("name"), r.getString("text"), r.getBoolean("rated")));
              }
              return all;
            });
  }
}
