package cn.zhibu.assessment;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
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

/** Every query of the assessments: the rounds, the orgs they assess, the values frozen at closing, the levels. */
final class AssessmentRepository {
  private final Pool pool;

  AssessmentRepository(Pool pool) {
    this.pool = pool;
  }

  /** A round as stored. */
  record Stored(UUID id, UUID orgId, int year, String level, OffsetDateTime opensAt, OffsetDateTime closesAt,
      List<Assessments.Indicator> indicators, OffsetDateTime frozenAt) {
  }

  /** An org assessed, and for a college the branches below it. */
  record Assessed(UUID orgId, String name, List<UUID> branches) {
  }

  /** A frozen value. */
  record Frozen(UUID orgId, String key, Double value, List<String> evidence) {
  }

  /** A level given. */
  record Given(UUID orgId, String level, String note) {
  }

  Future<Void> insert(SqlClient tx, UUID id, UUID orgId, Assessments.Draft d, UUID by) {
    JsonArray indicators = new JsonArray();
    d.indicators().forEach(i -> indicators.add(new JsonObject().put("key", i.key()).put("weight", i.weight())
        .put("target", i.target())));
    return tx.preparedQuery("""
            INSERT INTO assessments (id, org_id, year, level, opens_at, closes_at, indicators, created_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""")
        .execute(Tuple.tuple().addUUID(id).addUUID(orgId).addInteger(d.year()).addString(d.level())
            .addOffsetDateTime(OffsetDateTime.parse(d.opensAt())).addOffsetDateTime(OffsetDateTime.parse(d.closesAt()))
            .addValue(indicators).addUUID(by))
        .mapEmpty();
  }

  private static final String COLUMNS = "id, org_id, year, level, opens_at, closes_at, indicators, frozen_at";

  Future<Stored> find(UUID id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM assessments WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : stored(rows.iterator().next()));
  }

  /** The rounds held by this org, and those of the orgs above that assess orgs of its kind; newest year first. */
  Future<List<Stored>> forOrg(UUID orgId, List<UUID> above, String kind) {
    return pool.preparedQuery("SELECT " + COLUMNS + """
             FROM assessments WHERE org_id = $1 OR (org_id = ANY($2) AND level = $3)
            ORDER BY year DESC, created_at DESC""")
        .execute(Tuple.tuple().addUUID(orgId).addArrayOfUUID(above.toArray(UUID[]::new)).addString(kind))
        .map(rows -> {
          List<Stored> all = new ArrayList<>();
          rows.forEach(r -> all.add(stored(r)));
          return all;
        });
  }

  /** The rounds closed and not yet frozen, each claimed by this transaction (others skip it). */
  Future<List<Stored>> claimDue(SqlClient tx, OffsetDateTime now, UUID only) {
    return tx.preparedQuery("""
            SELECT\s""" + COLUMNS + """
             FROM assessments WHERE frozen_at IS NULL AND closes_at <= $1 AND ($2::uuid IS NULL OR id = $2)
            FOR UPDATE SKIP LOCKED""").execute(Tuple.of(now, only))
        .map(rows -> {
          List<Stored> all = new ArrayList<>();
          rows.forEach(r -> all.add(stored(r)));
          return all;
        });
  }

  Future<Void> freeze(SqlClient tx, UUID id, List<Frozen> values) {
    return tx.preparedQuery("""
            INSERT INTO assessment_values (assessment_id, org_id, key, value, evidence)
            SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::float8[], $5::jsonb[])""")
        .execute(Tuple.tuple().addUUID(id)
            .addArrayOfUUID(values.stream().map(Frozen::orgId).toArray(UUID[]::new))
            .addArrayOfString(values.stream().map(Frozen::key).toArray(String[]::new))
            .addArrayOfDouble(values.stream().map(Frozen::value).toArray(Double[]::new))
            .addArrayOfJsonArray(values.stream().map(v -> new JsonArray(v.evidence())).toArray(JsonArray[]::new)))
        .compose(v -> tx.preparedQuery("UPDATE assessments SET frozen_at = now() WHERE id = $1").execute(Tuple.of(id)))
        .mapEmpty();
  }

  Future<List<Frozen>> frozen(UUID id) {
    return pool.preparedQuery("SELECT org_id, key, value, evidence FROM assessment_values WHERE assessment_id = $1")
        .execute(Tuple.of(id)).map(rows -> {
          List<Frozen> all = new ArrayList<>();
          for (Row r : rows) {
            JsonArray ev = (JsonArray) r.getJson("evidence");
            all.add(new Frozen(r.getUUID("org_id"), r.getString("key"), r.getDouble("value"),
                ev.stream().map(String::valueOf).toList()));
          }
          return all;
        });
  }

  /** The orgs of the level in the subtree, by name; a college with its branches. */
  Future<List<Assessed>> assessed(UUID orgId, String level) {
    return pool.preparedQuery("""
            SELECT o.id, o.name,
                   CASE WHEN o.kind = 'college' THEN coalesce((SELECT array_agg(b.id) FROM orgs b
                        WHERE b.kind = 'branch' AND o.id = ANY(b.ancestry)), '{}') ELSE ARRAY[o.id] END AS branches
            FROM orgs o WHERE $1 = ANY(o.ancestry) AND o.kind = $2 ORDER BY o.name
            """).execute(Tuple.of(orgId, level)).map(rows -> {
              List<Assessed> all = new ArrayList<>();
              rows.forEach(r -> all.add(new Assessed(r.getUUID("id"), r.getString("name"),
                  List.of(r.getArrayOfUUIDs("branches")))));
              return all;
            });
  }

  Future<Map<UUID, Given>> levels(UUID id) {
    return pool.preparedQuery("SELECT org_id, level, note FROM assessment_levels WHERE assessment_id = $1")
        .execute(Tuple.of(id)).map(rows -> {
          Map<UUID, Given> all = new HashMap<>();
          rows.forEach(r -> all.put(r.getUUID("org_id"), new Given(r.getUUID("org_id"), r.getString("level"),
              r.getString("note"))));
          return all;
        });
  }

  Future<Void> setLevel(SqlClient tx, UUID id, UUID orgId, String level, double score, String note, UUID by) {
    return tx.preparedQuery("""
            INSERT INTO assessment_levels (assessment_id, org_id, level, score, note, set_by) VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (assessment_id, org_id) DO UPDATE SET level = $3, score = $4, note = $5, set_by = $6, set_at = now()
            """).execute(Tuple.of(id, orgId, level, score, note, by)).mapEmpty();
  }

  /** A manual score as given. */
  record Manual(UUID orgId, double value, String note, String by) {
  }

  Future<Map<UUID, Manual>> manual(UUID id) {
    return pool.preparedQuery("""
            SELECT m.org_id, m.value, m.note, p.name FROM assessment_manual m JOIN persons p ON p.id = m.set_by
            WHERE m.assessment_id = $1""").execute(Tuple.of(id)).map(rows -> {
              Map<UUID, Manual> all = new HashMap<>();
              rows.forEach(r -> all.put(r.getUUID("org_id"), new Manual(r.getUUID("org_id"), r.getDouble("value"),
                  r.getString("note"), r.getString("name"))));
              return all;
            });
  }

  Future<Void> setManual(SqlClient tx, UUID id, UUID orgId, double value, String note, UUID by) {
    return tx.preparedQuery("""
            INSERT INTO assessment_manual (assessment_id, org_id, value, note, set_by) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (assessment_id, org_id) DO UPDATE SET value = $3, note = $4, set_by = $5, set_at = now()""")
        .execute(Tuple.of(id, orgId, value, note, by)).mapEmpty();
  }

  /** The org's secretaries (the owners of an automatic 整改 item), by name. */
  Future<List<UUID>> secretaries(UUID orgId) {
    return pool.preparedQuery("""
            SELECT r.person_id FROM org_roles r JOIN persons p ON p.id = r.person_id
            WHERE r.org_id = $1 AND r.role = 'secretary' ORDER BY p.name""").execute(Tuple.of(orgId))
        .map(rows -> {
          List<UUID> all = new ArrayList<>();
          rows.forEach(r -> all.add(r.getUUID("person_id")));
          return all;
        });
  }

  private static Stored stored(Row r) {
    JsonArray list = (JsonArray) r.getJson("indicators");
    List<Assessments.Indicator> indicators = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonObject o = list.getJsonObject(i);
      indicators.add(new Assessments.Indicator(o.getString("key"), o.getDouble("weight"), o.getDouble("target")));
    }
    return new Stored(r.getUUID("id"), r.getUUID("org_id"), r.getInteger("year"), r.getString("level"),
        r.getOffsetDateTime("opens_at"), r.getOffsetDateTime("closes_at"), indicators, r.getOffsetDateTime("frozen_at"));
  }
}
