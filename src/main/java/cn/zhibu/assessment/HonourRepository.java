package cn.zhibu.assessment;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Every query of 评选表彰: rounds, nominations with their evidence, the 公示 and the honours on record. */
final class HonourRepository {
  private final Pool pool;

  HonourRepository(Pool pool) {
    this.pool = pool;
  }

  record Stored(UUID id, UUID orgId, String orgName, int year, List<String> kinds, OffsetDateTime closeAt,
      int workingDays, LocalDate noticeStartsOn, LocalDate noticeEndsOn, OffsetDateTime confirmedAt) {
  }

  record StoredNomination(UUID id, String kind, UUID personId, UUID orgId, String nominee, String org, String reason,
      JsonObject evidence, UUID nominatedById, String nominatedBy, OffsetDateTime at, boolean shortlisted,
      boolean confirmed) {
  }

  /** A person as a nominee: their branch, stage and name. */
  record Nominee(UUID personId, UUID branch, String stage, String name) {
  }

  Future<Void> insert(SqlClient tx, UUID id, UUID orgId, Honours.Draft d, UUID by) {
    return tx.preparedQuery("""
            INSERT INTO honour_rounds (id, org_id, year, kinds, nominations_close_at, notice_working_days, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7)""")
        .execute(Tuple.tuple().addUUID(id).addUUID(orgId).addInteger(d.year())
            .addArrayOfString(d.kinds().toArray(String[]::new))
            .addOffsetDateTime(OffsetDateTime.parse(d.nominationsCloseAt())).addInteger(d.noticeWorkingDays()).addUUID(by))
        .mapEmpty();
  }

  private static final String ROUND = """
      SELECT h.id, h.org_id, o.name AS org_name, h.year, h.kinds, h.nominations_close_at, h.notice_working_days,
             h.notice_starts_on, h.notice_ends_on, h.confirmed_at
      FROM honour_rounds h JOIN orgs o ON o.id = h.org_id""";

  Future<Stored> find(UUID id) {
    return pool.preparedQuery(ROUND + " WHERE h.id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : round(rows.iterator().next()));
  }

  /** The rounds held at any of these orgs, newest first. */
  Future<List<Stored>> heldAt(List<UUID> orgs) {
    return pool.preparedQuery(ROUND + " WHERE h.org_id = ANY($1) ORDER BY h.year DESC, h.created_at DESC")
        .execute(Tuple.tuple().addArrayOfUUID(orgs.toArray(UUID[]::new)))
        .map(rows -> {
          List<Stored> all = new ArrayList<>();
          rows.forEach(r -> all.add(round(r)));
          return all;
        });
  }

  /** The person as a nominee, or null. */
  Future<Nominee> nominee(UUID personId) {
    return pool.preparedQuery("SELECT id, org_id, stage, name FROM persons WHERE id = $1 AND anonymised_at IS NULL")
        .execute(Tuple.of(personId)).map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row r = rows.iterator().next();
          return new Nominee(r.getUUID("id"), r.getUUID("org_id"), r.getString("stage"), r.getString("name"));
        });
  }

  /**
   * A person's year from the records: points, the share of the ended meetings they were expected at (not on
   * approved leave) that they checked in to, and their 民主评议 grade.
   */
  Future<JsonObject> personYear(UUID personId, int year, Instant now) {
    Instant from = LocalDate.of(year, 1, 1).atStartOfDay(cn.zhibu.platform.Times.SCHOOL_ZONE).toInstant();
    Instant to = LocalDate.of(year + 1, 1, 1).atStartOfDay(cn.zhibu.platform.Times.SCHOOL_ZONE).toInstant();
    return pool.preparedQuery("""
            SELECT (SELECT coalesce(sum(points), 0) FROM points_ledger WHERE person_id = $1 AND awarded_at >= $2 AND awarded_at < $3) AS points,
                   (SELECT count(*) FROM event_attendees a JOIN events e ON e.id = a.event_id
                    WHERE a.person_id = $1 AND e.starts_at >= $2 AND e.starts_at < $3 AND e.ends_at <= $5 AND e.status = 'scheduled'
                      AND NOT EXISTS (SELECT 1 FROM leaves l WHERE l.event_id = e.id AND l.person_id = $1 AND l.status = 'approved')) AS expected,
                   (SELECT count(*) FROM checkins c JOIN events e ON e.id = c.event_id
                    WHERE c.person_id = $1 AND e.starts_at >= $2 AND e.starts_at < $3 AND e.ends_at <= $5 AND e.status = 'scheduled') AS attended,
                   (SELECT g.grade FROM review_grades g JOIN reviews r ON r.id = g.review_id
                    WHERE g.person_id = $1 AND r.year = $4 ORDER BY g.decided_at DESC LIMIT 1) AS grade
            """).execute(Tuple.of(personId, from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC), year,
            now.atOffset(ZoneOffset.UTC)))
        .map(rows -> {
          Row r = rows.iterator().next();
          long expected = r.getLong("expected");
          return new JsonObject().put("points", r.getLong("points"))
              .put("attendanceRate", expected == 0 ? null : Math.min(1.0, Math.round(r.getLong("attended") * 1000.0 / expected) / 1000.0))
              .put("reviewGrade", r.getString("grade"));
        });
  }

  /** An org's latest assessment of the year with a level given: its score and level, or nulls. */
  Future<JsonObject> orgYear(UUID orgId, int year) {
    return pool.preparedQuery("""
            SELECT l.score, l.level FROM assessment_levels l JOIN assessments a ON a.id = l.assessment_id
            WHERE l.org_id = $1 AND a.year = $2 ORDER BY l.set_at DESC LIMIT 1""").execute(Tuple.of(orgId, year))
        .map(rows -> rows.size() == 0 ? new JsonObject()
            : new JsonObject().put("assessmentScore", rows.iterator().next().getDouble("score"))
                .put("assessmentLevel", rows.iterator().next().getString("level")));
  }

  Future<Void> nominate(SqlClient tx, UUID id, UUID roundId, String kind, UUID personId, UUID orgId, String reason,
      JsonObject evidence, UUID by) {
    return tx.preparedQuery("""
            INSERT INTO honour_nominations (id, round_id, kind, person_id, org_id, reason, evidence, nominated_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""")
        .execute(Tuple.tuple().addUUID(id).addUUID(roundId).addString(kind).addUUID(personId).addUUID(orgId)
            .addString(reason).addValue(evidence).addUUID(by)).mapEmpty();
  }

  Future<List<StoredNomination>> nominations(UUID roundId) {
    return pool.preparedQuery("""
            SELECT n.id, n.kind, n.person_id, n.org_id, coalesce(p.name, o.name) AS nominee,
                   coalesce(po.name, o.name) AS org, n.reason, n.evidence, n.nominated_by, b.name AS by_name,
                   n.nominated_at, n.shortlisted, n.confirmed
            FROM honour_nominations n JOIN persons b ON b.id = n.nominated_by
            LEFT JOIN persons p ON p.id = n.person_id LEFT JOIN orgs po ON po.id = p.org_id
            LEFT JOIN orgs o ON o.id = n.org_id
            WHERE n.round_id = $1 ORDER BY n.kind, n.nominated_at""").execute(Tuple.of(roundId))
        .map(HonourRepository::nominations);
  }

  /** Marks the shortlist and starts the 公示, once; false when it had started already. */
  Future<Boolean> shortlist(SqlClient tx, UUID roundId, List<UUID> ids, LocalDate starts, LocalDate ends) {
    return tx.preparedQuery("""
            UPDATE honour_rounds SET notice_starts_on = $2, notice_ends_on = $3 WHERE id = $1 AND notice_starts_on IS NULL""")
        .execute(Tuple.of(roundId, starts, ends))
        .compose(updated -> updated.rowCount() == 0 ? Future.succeededFuture(false)
            : tx.preparedQuery("UPDATE honour_nominations SET shortlisted = true WHERE round_id = $1 AND id = ANY($2)")
                .execute(Tuple.tuple().addUUID(roundId).addArrayOfUUID(ids.toArray(UUID[]::new))).map(true));
  }

  /** Confirms the honours, once; false when confirmed already. */
  Future<Boolean> confirm(SqlClient tx, UUID roundId, List<UUID> ids) {
    return tx.preparedQuery("UPDATE honour_rounds SET confirmed_at = now() WHERE id = $1 AND confirmed_at IS NULL")
        .execute(Tuple.of(roundId))
        .compose(updated -> updated.rowCount() == 0 ? Future.succeededFuture(false)
            : tx.preparedQuery("UPDATE honour_nominations SET confirmed = true WHERE round_id = $1 AND id = ANY($2) AND shortlisted")
                .execute(Tuple.tuple().addUUID(roundId).addArrayOfUUID(ids.toArray(UUID[]::new))).map(true));
  }

  /** One shortlisted nomination under 公示, with its round. */
  record Noticed(UUID roundId, String roundOrg, int year, String kind, String nominee, String unit, String reason,
      LocalDate until) {
  }

  /** The shortlists under 公示 on {@code day} in rounds held at any of {@code orgs}. */
  Future<List<Noticed>> noticesFor(List<UUID> orgs, LocalDate day) {
    return pool.preparedQuery("""
            SELECT h.id, ho.name AS round_org, h.year, n.kind, coalesce(p.name, o.name) AS nominee,
                   coalesce(po.name, o.name) AS unit, n.reason, h.notice_ends_on
            FROM honour_nominations n JOIN honour_rounds h ON h.id = n.round_id JOIN orgs ho ON ho.id = h.org_id
            LEFT JOIN persons p ON p.id = n.person_id LEFT JOIN orgs po ON po.id = p.org_id
            LEFT JOIN orgs o ON o.id = n.org_id
            WHERE h.org_id = ANY($1) AND n.shortlisted AND $2 BETWEEN h.notice_starts_on AND h.notice_ends_on
            ORDER BY h.notice_ends_on, n.kind, nominee""")
        .execute(Tuple.tuple().addArrayOfUUID(orgs.toArray(UUID[]::new)).addLocalDate(day))
        .map(rows -> {
          List<Noticed> all = new ArrayList<>();
          rows.forEach(r -> all.add(new Noticed(r.getUUID("id"), r.getString("round_org"), r.getInteger("year"),
              r.getString("kind"), r.getString("nominee"), r.getString("unit"), r.getString("reason"),
              r.getLocalDate("notice_ends_on"))));
          return all;
        });
  }

  /** The honours confirmed for a person (or an org), newest year first. */
  Future<List<Honours.Honour>> honoursOf(UUID personId, UUID orgId) {
    return pool.preparedQuery("""
            SELECT h.id, h.year, n.kind, o.name, h.confirmed_at FROM honour_nominations n JOIN honour_rounds h ON h.id = n.round_id
            JOIN orgs o ON o.id = h.org_id
            WHERE n.confirmed AND (n.person_id = $1 OR n.org_id = $2) ORDER BY h.year DESC, h.confirmed_at DESC""")
        .execute(Tuple.of(personId, orgId)).map(rows -> {
          List<Honours.Honour> all = new ArrayList<>();
          rows.forEach(r -> all.add(new Honours.Honour(r.getUUID("id"), r.getInteger("year"), r.getString("kind"),
              r.getString("name"), cn.zhibu.platform.Times.format(r.getOffsetDateTime("confirmed_at")))));
          return all;
        });
  }

  private static List<StoredNomination> nominations(RowSet<Row> rows) {
    List<StoredNomination> all = new ArrayList<>();
    for (Row r : rows) {
      all.add(new StoredNomination(r.getUUID("id"), r.getString("kind"), r.getUUID("person_id"), r.getUUID("org_id"),
          r.getString("nominee"), r.getString("org"), r.getString("reason"), (JsonObject) r.getJson("evidence"),
          r.getUUID("nominated_by"), r.getString("by_name"), r.getOffsetDateTime("nominated_at"), r.getBoolean("shortlisted"),
          r.getBoolean("confirmed")));
    }
    return all;
  }

  private static Stored round(Row r) {
    return new Stored(r.getUUID("id"), r.getUUID("org_id"), r.getString("org_name"), r.getInteger("year"),
        List.of(r.getArrayOfStrings("kinds")), r.getOffsetDateTime("nominations_close_at"), r.getInteger("notice_working_days"),
        r.getLocalDate("notice_starts_on"), r.getLocalDate("notice_ends_on"), r.getOffsetDateTime("confirmed_at"));
  }
}
