package cn.zhibu.checkin;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The compliance report: for every branch under an org, the required meetings of the month, quarter and year
 * (per the school's rules table), each judged at the branch or at each of its 党小组; and the rules table.
 */
public final class ComplianceService {
  private final Pool pool;
  private final Scope scope;
  /** The root org's id (known once the directory has loaded it). */
  private final java.util.function.Supplier<UUID> rootId;

  ComplianceService(Pool pool, Scope scope, java.util.function.Supplier<UUID> rootId) {
    this.pool = pool;
    this.scope = scope;
    this.rootId = rootId;
  }

  public Future<JsonObject> report(Caller caller, UUID orgId, String month) {
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> report(org.id(), month));
  }

  /** Every branch of the school, for the reminders (no caller: the process asks). */
  Future<JsonArray> everyBranch(String month) {
    return report(rootId.get(), month).map(report -> report.getJsonArray("branches"));
  }

  private Future<JsonObject> report(UUID orgId, String month) {
    Compliance.Period period = new Compliance.Period(YearMonth.parse(month));
    return Future.all(rules(), pool.preparedQuery("""
            SELECT b.id AS branch_id, b.name, g.id AS group_id, g.name AS group_name
            FROM orgs b LEFT JOIN orgs g ON g.parent_id = b.id AND g.kind = 'group'
            WHERE b.kind = 'branch' AND $1 = ANY(b.ancestry)
            ORDER BY b.name, b.id, g.name
            """).execute(Tuple.of(orgId)), pool.preparedQuery("""
            SELECT coalesce(CASE WHEN o.kind = 'group' THEN o.parent_id END, o.id) AS branch_id, e.org_id, e.type,
                   e.starts_at,
                   (SELECT count(*) FROM attendance a WHERE a.event_id = e.id) AS expected,
                   (SELECT count(*) FROM attendance a WHERE a.event_id = e.id AND a.status = 'present') AS checked_in,
                   (SELECT count(*) FROM attendance a WHERE a.event_id = e.id AND a.status = 'leave') AS on_leave
            FROM events e JOIN orgs o ON o.id = e.org_id
            WHERE $1 = ANY(o.ancestry) AND o.kind IN ('branch', 'group') AND e.status = 'scheduled'
              AND e.starts_at >= $2 AND e.starts_at < $3
            """).execute(Tuple.of(orgId, cn.zhibu.platform.Times.utc(period.yearStart()),
            cn.zhibu.platform.Times.utc(period.yearEnd()))))
        .map(all -> {
          List<Compliance.Rule> rules = all.resultAt(0);
          Map<UUID, String> names = new LinkedHashMap<>();
          Map<UUID, List<Compliance.Group>> groups = new LinkedHashMap<>();
          for (Row row : all.<io.vertx.sqlclient.RowSet<Row>>resultAt(1)) {
            UUID branch = row.getUUID("branch_id");
            names.put(branch, row.getString("name"));
            List<Compliance.Group> list = groups.computeIfAbsent(branch, b -> new ArrayList<>());
            if (row.getUUID("group_id") != null) {
              list.add(new Compliance.Group(row.getUUID("group_id"), row.getString("group_name")));
            }
          }
          Map<UUID, List<Compliance.Held>> held = new LinkedHashMap<>();
          for (Row row : all.<io.vertx.sqlclient.RowSet<Row>>resultAt(2)) {
            held.computeIfAbsent(row.getUUID("branch_id"), b -> new ArrayList<>()).add(new Compliance.Held(
                row.getUUID("org_id"), row.getString("type"), row.getOffsetDateTime("starts_at").toInstant(),
                row.getLong("expected").intValue(), row.getLong("checked_in").intValue(),
                row.getLong("on_leave").intValue()));
          }
          JsonArray branches = new JsonArray();
          names.forEach((id, name) -> branches.add(Compliance.branch(period, rules, id, groups.get(id),
                  held.getOrDefault(id, List.of()))
              .put("orgId", id.toString()).put("name", name)));
          return new JsonObject().put("orgId", orgId.toString()).put("period", month).put("quarter", period.quarter())
              .put("branches", branches);
        });
  }

  /** The rules in force, by cadence then type. */
  Future<List<Compliance.Rule>> rules() {
    return pool.query("""
            SELECT type, cadence, per_group FROM compliance_rules
            ORDER BY array_position(ARRAY['monthly', 'quarterly', 'yearly'], cadence), type
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

  Future<JsonObject> rulesJson() {
    return rules().map(ComplianceService::json);
  }

  /** Replaces the school's rules; a school (root) admin only; audited. */
  Future<JsonObject> replaceRules(Caller caller, Audit.Actor actor, JsonArray rules) {
    if (!caller.has(Role.ADMIN, rootId.get())) {
      return Future.failedFuture(ApiException.forbidden("Only school admins change the compliance rules"));
    }
    Set<String> seen = new java.util.HashSet<>();
    for (Object o : rules) {
      if (!seen.add(((JsonObject) o).getString("type"))) {
        return Future.failedFuture(ApiException.unprocessable("compliance.duplicate_type",
            "Each meeting type appears once in the rules"));
      }
    }
    return pool.withTransaction(tx -> tx.query("DELETE FROM compliance_rules").execute()
            .compose(v -> tx.preparedQuery("""
                INSERT INTO compliance_rules (type, cadence, per_group)
                SELECT * FROM unnest($1::text[], $2::text[], $3::bool[])
                """).execute(Tuple.of(
                    rules.stream().map(o -> ((JsonObject) o).getString("type")).toArray(String[]::new),
                    rules.stream().map(o -> ((JsonObject) o).getString("cadence")).toArray(String[]::new),
                    rules.stream().map(o -> ((JsonObject) o).getBoolean("perGroup", false)).toArray(Boolean[]::new))))
            .compose(v -> Audit.record(tx, actor, rootId.get(), "compliance.rules", "compliance_rules",
                new JsonObject().put("rules", rules))))
        .compose(v -> rulesJson());
  }

  private static JsonObject json(List<Compliance.Rule> rules) {
    return new JsonObject().put("rules", new JsonArray(rules.stream().map(r -> new JsonObject().put("type", r.type())
        .put("cadence", r.cadence().name().toLowerCase()).put("perGroup", r.perGroup())).toList()));
  }
}
