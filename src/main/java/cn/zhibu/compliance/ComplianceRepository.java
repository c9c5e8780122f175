package cn.zhibu.compliance;

import static cn.zhibu.platform.Times.utc;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Every query of compliance (三会一课落实): the rules table, the branches and their 党小组, the meetings held. */
final class ComplianceRepository {
  /** A branch of the subtree with its 党小组. */
  record Branch(UUID id, String name, List<Compliance.Group> groups) {
  }

  private final Pool pool;

  ComplianceRepository(Pool pool) {
    this.pool = pool;
  }

  /** The rules in force, by cadence then type. */
  Future<List<Compliance.Rule>> rules() {
    return pool.query("""
            SELECT type, cadence, per_group FROM compliance_rules
            ORDER BY array_position(ARRAY['monthly', 'quarterly', 'yearly', 'biennial'], cadence), type
            """).execute()
        .map(rows -> {
          List<Compliance.Rule> rules = new ArrayList<>();
          for (Row row : rows) {
            rules.add(new Compliance.Rule(row.getString("type"),
                Compliance.Cadence.valueOf(row.getString("cadence").toUpperCase()), row.getBoolean("per_group")));
          }
          return rules;
        });
  }

  /** The school's rule on online study credit (V49): whether it counts toward the year's 学时, and its cap. */
  Future<Reports.OnlineStudy> onlineStudy() {
    return pool.query("SELECT online_counts, online_cap_hours FROM study_rules").execute().map(rows -> {
      Row r = rows.iterator().next();
      return new Reports.OnlineStudy(r.getBoolean("online_counts"),
          r.getBigDecimal("online_cap_hours") == null ? null : r.getBigDecimal("online_cap_hours").doubleValue());
    });
  }

  Future<Void> replaceOnlineStudy(SqlClient tx, Reports.OnlineStudy rule) {
    return tx.preparedQuery("UPDATE study_rules SET online_counts = $1, online_cap_hours = $2, updated_at = now()")
        .execute(Tuple.of(rule.counts(), rule.capHours() == null ? null : java.math.BigDecimal.valueOf(rule.capHours())))
        .mapEmpty();
  }

  /** Replaces the whole table; two replacements at once take turns (the table is locked), never a 409. */
  Future<Void> replaceRules(SqlClient tx, List<Compliance.Rule> rules) {
    return tx.query("LOCK TABLE compliance_rules IN SHARE ROW EXCLUSIVE MODE").execute()
        .compose(locked -> tx.query("DELETE FROM compliance_rules").execute())
        .compose(v -> tx.preparedQuery("""
            INSERT INTO compliance_rules (type, cadence, per_group)
            SELECT * FROM unnest($1::text[], $2::text[], $3::bool[])
            """).execute(Tuple.of(rules.stream().map(Compliance.Rule::type).toArray(String[]::new),
            rules.stream().map(r -> r.cadence().name().toLowerCase()).toArray(String[]::new),
            rules.stream().map(Compliance.Rule::perGroup).toArray(Boolean[]::new))))
        .mapEmpty();
  }

  /** The branches of the subtree by name, each with its 党小组. */
  Future<List<Branch>> branches(UUID orgId) {
    return pool.preparedQuery("""
            SELECT b.id AS branch_id, b.name, g.id AS group_id, g.name AS group_name
            FROM orgs b LEFT JOIN orgs g ON g.parent_id = b.id AND g.kind = 'group'
            WHERE b.kind = 'branch' AND $1 = ANY(b.ancestry)
            ORDER BY b.name, b.id, g.name
            """).execute(Tuple.of(orgId))
        .map(rows -> {
          Map<UUID, Branch> branches = new LinkedHashMap<>();
          for (Row row : rows) {
            Branch branch = branches.computeIfAbsent(row.getUUID("branch_id"),
                id -> new Branch(id, row.getString("name"), new ArrayList<>()));
            if (row.getUUID("group_id") != null) {
              branch.groups().add(new Compliance.Group(row.getUUID("group_id"), row.getString("group_name")));
            }
          }
          return new ArrayList<>(branches.values());
        });
  }

  /**
   * Meetings held at branches and 党小组 of the subtree in [from, to), by branch, with their attendance; and the
   * branches' 民主评议党员 rounds closed by {@code now} in that window, as the democratic_review they are.
   */
  Future<Map<UUID, List<Compliance.Held>>> held(UUID orgId, Instant from, Instant to, Instant now) {
    return pool.preparedQuery("""
            SELECT coalesce(CASE WHEN o.kind = 'group' THEN o.parent_id END, o.id) AS branch_id, e.org_id, e.type,
                   e.starts_at,
                   c.expected, c.checked_in, c.on_leave, e.ends_at <= $4 AS ended, false AS round, e.reviews_year
            FROM events e JOIN orgs o ON o.id = e.org_id
            CROSS JOIN LATERAL (SELECT count(*) AS expected, count(*) FILTER (WHERE a.status = 'present') AS checked_in,
                                       count(*) FILTER (WHERE a.status = 'leave') AS on_leave
                                FROM attendance a WHERE a.event_id = e.id) c
            WHERE $1 = ANY(o.ancestry) AND o.kind IN ('branch', 'group') AND e.status = 'scheduled'
              AND e.starts_at >= $2
              AND (e.starts_at < $3 OR e.reviews_year IS NOT NULL AND e.starts_at < $3 + interval '3 months')
            UNION ALL
            SELECT r.org_id, r.org_id, 'democratic_review', r.closes_at, 0, 0, 0, true, true, NULL
            FROM reviews r JOIN orgs o ON o.id = r.org_id
            WHERE $1 = ANY(o.ancestry) AND o.kind = 'branch' AND r.closes_at <= $4
              AND r.closes_at >= $2 AND r.closes_at < $3
            """).execute(Tuple.of(orgId, utc(from), utc(to), utc(now)))
        .map(rows -> {
          Map<UUID, List<Compliance.Held>> held = new LinkedHashMap<>();
          for (Row row : rows) {
            held.computeIfAbsent(row.getUUID("branch_id"), b -> new ArrayList<>()).add(new Compliance.Held(
                row.getUUID("org_id"), row.getString("type"), row.getOffsetDateTime("starts_at").toInstant(),
                row.getLong("expected").intValue(), row.getLong("checked_in").intValue(),
                row.getLong("on_leave").intValue(), row.getBoolean("ended"), row.getBoolean("round"),
                row.getInteger("reviews_year")));
          }
          return held;
        });
  }

  /** A branch and the meeting types it still owes this period. */
  record Missing(UUID orgId, List<String> types) {
  }

  /** Records this period's reminder for each branch not reminded yet; answers those (claimed once, process-wide). */
  Future<List<Missing>> claimReminders(SqlClient tx, String period, List<Missing> missing) {
    return tx.preparedQuery("""
            INSERT INTO compliance_reminders (org_id, period, missing)
            SELECT t.org_id, $3, string_to_array(t.missing, ',') FROM unnest($1::uuid[], $2::text[]) AS t(org_id, missing)
            ON CONFLICT DO NOTHING
            RETURNING org_id, missing
            """).execute(Tuple.of(missing.stream().map(Missing::orgId).toArray(UUID[]::new),
            missing.stream().map(m -> String.join(",", m.types())).toArray(String[]::new), period))
        .map(rows -> {
          List<Missing> claimed = new ArrayList<>();
          rows.forEach(r -> claimed.add(new Missing(r.getUUID("org_id"), List.of(r.getArrayOfStrings("missing")))));
          return claimed;
        });
  }

  /** One message to each secretary of each claimed branch, naming what is missing; answers how many. */
  Future<Integer> queueReminders(SqlClient tx, List<Missing> claimed) {
    if (claimed.isEmpty()) {
      return Future.succeededFuture(0);
    }
    return tx.preparedQuery("""
            INSERT INTO push_outbox (kind, org_id, person_id, note)
            SELECT 'message', t.org_id, r.person_id, t.missing
            FROM unnest($1::uuid[], $2::text[]) AS t(org_id, missing)
            JOIN org_roles r ON r.org_id = t.org_id AND r.role = 'secretary'
            """).execute(Tuple.tuple().addArrayOfUUID(claimed.stream().map(Missing::orgId).toArray(UUID[]::new))
            .addArrayOfString(claimed.stream().map(m -> String.join(",", m.types())).toArray(String[]::new)))
        .map(inserted -> inserted.rowCount());
  }
}
