package cn.zhibu.checkin;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.org.Scope;
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
import java.util.UUID;

/** The compliance report: for every branch under an org, the month's and quarter's required meetings. */
public final class ComplianceService {
  private final Pool pool;
  private final Scope scope;

  ComplianceService(Pool pool, Scope scope) {
    this.pool = pool;
    this.scope = scope;
  }

  public Future<JsonObject> report(Caller caller, UUID orgId, String month) {
    Compliance.Period period = new Compliance.Period(YearMonth.parse(month));
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> pool.preparedQuery("""
            SELECT o.id AS branch_id, o.name, e.type, e.starts_at,
                   (SELECT count(*) FROM attendance a WHERE a.event_id = e.id) AS expected,
                   (SELECT count(*) FROM attendance a WHERE a.event_id = e.id AND a.status = 'present') AS checked_in,
                   (SELECT count(*) FROM attendance a WHERE a.event_id = e.id AND a.status = 'leave') AS on_leave
            FROM orgs o LEFT JOIN events e ON e.org_id = o.id AND e.starts_at >= $2 AND e.starts_at < $3
                                            AND e.status = 'scheduled'
            WHERE o.kind = 'branch' AND $1 = ANY(o.ancestry)
            ORDER BY o.name, o.id
            """).execute(Tuple.of(org.id(), EventRepository.utc(period.yearStart()),
            EventRepository.utc(period.yearEnd()))))
        .map(rows -> {
          Map<UUID, String> names = new LinkedHashMap<>();
          Map<UUID, List<Compliance.Held>> held = new LinkedHashMap<>();
          for (Row row : rows) {
            UUID branch = row.getUUID("branch_id");
            names.put(branch, row.getString("name"));
            List<Compliance.Held> list = held.computeIfAbsent(branch, b -> new ArrayList<>());
            if (row.getString("type") != null) {
              list.add(new Compliance.Held(row.getString("type"), row.getOffsetDateTime("starts_at").toInstant(),
                  row.getLong("expected").intValue(), row.getLong("checked_in").intValue(),
                  row.getLong("on_leave").intValue()));
            }
          }
          JsonArray branches = new JsonArray();
          names.forEach((id, name) -> branches.add(Compliance.branch(period, held.get(id))
              .put("orgId", id.toString()).put("name", name)));
          return new JsonObject().put("orgId", orgId.toString()).put("period", month).put("quarter", period.quarter())
              .put("branches", branches);
        });
  }
}
