package cn.zhibu.assessment;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Every query of 整改 items and their steps, and the deadline reminders. */
final class RectificationRepository {
  private final Pool pool;

  RectificationRepository(Pool pool) {
    this.pool = pool;
  }

  /** An item as stored, with its steps oldest first. */
  record Stored(UUID id, UUID orgId, String orgName, String title, String detail, UUID ownerId, String owner,
      LocalDate dueOn, UUID assessmentId, String state, OffsetDateTime verifiedAt, List<StoredStep> steps) {
  }

  record StoredStep(String kind, String note, String by, OffsetDateTime at) {
  }

  Future<Void> insert(SqlClient tx, UUID id, UUID orgId, String title, String detail, UUID owner, LocalDate dueOn,
      UUID assessmentId, UUID by) {
    return tx.preparedQuery("""
            INSERT INTO rectifications (id, org_id, title, detail, owner_id, due_on, assessment_id, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""")
        .execute(Tuple.of(id, orgId, title, detail, owner, dueOn, assessmentId, by)).mapEmpty();
  }

  /** The automatic item of a lagging org: once per assessment and org, however often levels are given. */
  Future<Void> insertOnce(SqlClient tx, UUID id, UUID orgId, String title, String detail, UUID owner, LocalDate dueOn,
      UUID assessmentId, UUID by) {
    return tx.preparedQuery("""
            INSERT INTO rectifications (id, org_id, title, detail, owner_id, due_on, assessment_id, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (assessment_id, org_id) WHERE assessment_id IS NOT NULL DO NOTHING""")
        .execute(Tuple.of(id, orgId, title, detail, owner, dueOn, assessmentId, by)).mapEmpty();
  }

  /** Of {@code person}, whether they are on a roster in the org's subtree. */
  Future<Boolean> onRosterBelow(UUID orgId, UUID person) {
    return pool.preparedQuery("""
            SELECT 1 FROM persons p JOIN orgs o ON o.id = p.org_id
            WHERE p.id = $2 AND $1 = ANY(o.ancestry) AND p.anonymised_at IS NULL""")
        .execute(Tuple.of(orgId, person)).map(rows -> rows.size() > 0);
  }

  private static final String SELECT = """
      SELECT r.id, r.org_id, o.name AS org_name, r.title, r.detail, r.owner_id, w.name AS owner, r.due_on,
             r.assessment_id, r.state, r.verified_at,
             coalesce((SELECT json_agg(json_build_object('kind', s.kind, 'note', s.note, 'by', b.name, 'at', s.at) ORDER BY s.id)
                       FROM rectification_steps s JOIN persons b ON b.id = s.by_id WHERE s.rectification_id = r.id), '[]') AS steps
      FROM rectifications r JOIN orgs o ON o.id = r.org_id JOIN persons w ON w.id = r.owner_id
      """;

  Future<Stored> find(UUID id) {
    return pool.preparedQuery(SELECT + " WHERE r.id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : stored(rows.iterator().next()));
  }

  /** The items of the subtree, in a state or all; those not verified and past their deadline first, then by deadline. */
  Future<List<Stored>> ofSubtree(UUID orgId, String state, LocalDate today) {
    return pool.preparedQuery(SELECT + """
             WHERE $1 = ANY(o.ancestry) AND ($2::text IS NULL OR r.state = $2)
             ORDER BY (r.state <> 'verified' AND r.due_on < $3) DESC, r.due_on, r.id
            """).execute(Tuple.of(orgId, state, today)).map(rows -> {
              List<Stored> all = new ArrayList<>();
              rows.forEach(r -> all.add(stored(r)));
              return all;
            });
  }

  /** Moves the item from one of {@code from} to {@code to} with a step; false when it was in no such state. */
  Future<Boolean> step(SqlClient tx, UUID id, List<String> from, String to, String kind, String note, UUID by) {
    return tx.preparedQuery("""
            UPDATE rectifications SET state = $3, verified_at = CASE WHEN $3 = 'verified' THEN now() END
            WHERE id = $1 AND state = ANY($2)""")
        .execute(Tuple.tuple().addUUID(id).addArrayOfString(from.toArray(String[]::new)).addString(to))
        .compose(updated -> updated.rowCount() == 0 ? Future.succeededFuture(false)
            : tx.preparedQuery("INSERT INTO rectification_steps (rectification_id, kind, note, by_id) VALUES ($1, $2, $3, $4)")
                .execute(Tuple.of(id, kind, note, by)).map(true));
  }

  /** A progress note that does not change the state. */
  Future<Void> note(SqlClient tx, UUID id, String note, UUID by) {
    return tx.preparedQuery("INSERT INTO rectification_steps (rectification_id, kind, note, by_id) VALUES ($1, 'progress', $2, $3)")
        .execute(Tuple.of(id, note, by)).mapEmpty();
  }

  /**
   * At the deadline: every item not verified whose day has come is claimed once and its owner told, through the push
   * outbox, in one statement.
   */
  Future<Integer> remindDue(SqlClient tx, LocalDate today) {
    return tx.preparedQuery("""
            WITH due AS (
              UPDATE rectifications SET reminded_on = $1
              WHERE state <> 'verified' AND due_on <= $1 AND reminded_on IS NULL
              RETURNING id, org_id, owner_id, title, due_on)
            INSERT INTO push_outbox (kind, org_id, person_id, note, topic)
            SELECT 'message', org_id, owner_id,
                   '整改“' || left(title, 30) || '”' || CASE WHEN due_on < $1 THEN '已过期限' ELSE '今天到期' END
                   || '（' || due_on || '），请提交整改情况', 'rectification'
            FROM due""").execute(Tuple.of(today)).map(rows -> rows.rowCount());
  }

  private static Stored stored(Row r) {
    JsonArray list = (JsonArray) r.getJson("steps");
    List<StoredStep> steps = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonObject s = list.getJsonObject(i);
      steps.add(new StoredStep(s.getString("kind"), s.getString("note"), s.getString("by"), OffsetDateTime.parse(s.getString("at"))));
    }
    return new Stored(r.getUUID("id"), r.getUUID("org_id"), r.getString("org_name"), r.getString("title"),
        r.getString("detail"), r.getUUID("owner_id"), r.getString("owner"), r.getLocalDate("due_on"),
        r.getUUID("assessment_id"), r.getString("state"), r.getOffsetDateTime("verified_at"), steps);
  }
}
