package cn.zhibu.dashboard;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.checkin.ComplianceService;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.Times;
import cn.zhibu.request.RequestReports;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.UUID;

/**
 * The figures the web console charts for an org's subtree and a year (月报、季评): attendance per month,
 * compliance, study hours against the requirement, volunteer hours per month, request rates, and the top
 * members and branches. Each figure is one aggregate query; nothing here writes.
 */
final class DashboardService {
  private final Pool pool;
  private final Scope scope;
  private final ComplianceService compliance;
  private final RequestReports requests;
  private final Clock clock;

  DashboardService(Pool pool, Scope scope, ComplianceService compliance, RequestReports requests, Clock clock) {
    this.pool = pool;
    this.scope = scope;
    this.compliance = compliance;
    this.requests = requests;
    this.clock = clock;
  }

  Future<JsonObject> dashboard(Caller caller, UUID orgId, Integer year) {
    LocalDate today = clock.instant().atZone(Times.SCHOOL_ZONE).toLocalDate();
    int y = year == null ? today.getYear() : year;
    YearMonth month = y == today.getYear() ? YearMonth.from(today) : YearMonth.of(y, 12);
    String from = LocalDate.of(y, 1, 1).atStartOfDay(Times.SCHOOL_ZONE).toOffsetDateTime().toString();
    String to = LocalDate.of(y + 1, 1, 1).atStartOfDay(Times.SCHOOL_ZONE).toOffsetDateTime().toString();
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> {
      Future<JsonArray> attendanceRates = attendanceByMonth(org.id(), y);
      Future<JsonObject> complianceNow = compliance.report(caller, org.id(), month.toString());
      Future<JsonObject> study = study(org.id(), y);
      Future<JsonArray> volunteer = volunteerByMonth(org.id(), y);
      Future<JsonObject> requestRates = requests.metrics(caller, org.id(), from, to);
      Future<JsonArray> topMembers = topMembers(org.id(), y);
      Future<JsonArray> topBranches = topBranches(org.id(), y);
      return Future.all(java.util.List.of(attendanceRates, complianceNow, study, volunteer, requestRates,
              topMembers, topBranches))
          .map(all -> new JsonObject().put("orgId", org.id().toString()).put("year", y)
              .put("attendanceByMonth", attendanceRates.result()).put("compliance", complianceNow.result())
              .put("study", study.result()).put("volunteerHoursByMonth", volunteer.result())
              .put("requests", requestRates.result()).put("topMembers", topMembers.result())
              .put("topBranches", topBranches.result()));
    });
  }

  /** Checked in over expected and not excused, per month, for events in the subtree. */
  private Future<JsonArray> attendanceByMonth(UUID orgId, int year) {
    return pool.preparedQuery("""
            SELECT extract(month FROM e.starts_at AT TIME ZONE 'Asia/Shanghai')::int AS month,
                   sum(e.expected) AS expected,
                   sum((SELECT count(*) FROM attendance a WHERE a.event_id = e.id AND a.status = 'present')) AS checked_in,
                   sum((SELECT count(*) FROM attendance a WHERE a.event_id = e.id AND a.status = 'leave')) AS on_leave
            FROM events e JOIN orgs o ON o.id = e.org_id
            WHERE $1 = ANY(o.ancestry) AND extract(year FROM e.starts_at AT TIME ZONE 'Asia/Shanghai') = $2
              AND e.status = 'scheduled'
            GROUP BY 1 ORDER BY 1
            """).execute(Tuple.of(orgId, year))
        .map(rows -> {
          double[] rate = new double[13];
          boolean[] has = new boolean[13];
          for (Row row : rows) {
            long counted = row.getLong("expected") - row.getLong("on_leave");
            if (counted > 0) {
              rate[row.getInteger("month")] = Math.round(row.getLong("checked_in") * 10_000.0 / counted) / 10_000.0;
              has[row.getInteger("month")] = true;
            }
          }
          JsonArray months = new JsonArray();
          for (int m = 1; m <= 12; m++) {
            months.add(new JsonObject().put("month", m).put("rate", has[m] ? rate[m] : null));
          }
          return months;
        });
  }

  /** How far the subtree's party members are towards their 32 h or 56 h: counts by quarter of the requirement. */
  private Future<JsonObject> study(UUID orgId, int year) {
    return pool.preparedQuery("""
            SELECT p.id,
                   CASE WHEN EXISTS (SELECT 1 FROM org_roles r WHERE r.person_id = p.id AND r.role IN ('secretary', 'committee'))
                        THEN 56 ELSE 32 END AS required,
                   coalesce((SELECT sum(credit_hours) FROM course_completions cc WHERE cc.person_id = p.id AND cc.year = $2), 0)
                     AS hours
            FROM persons p JOIN orgs o ON o.id = p.org_id
            WHERE $1 = ANY(o.ancestry) AND p.anonymised_at IS NULL AND p.stage IN ('probationary', 'full')
            """).execute(Tuple.of(orgId, year))
        .map(rows -> {
          int[] buckets = new int[5];
          double total = 0;
          int members = 0;
          for (Row row : rows) {
            double share = row.getBigDecimal("hours").doubleValue() / row.getInteger("required");
            buckets[Math.min(4, (int) Math.floor(share * 4))]++;
            total += row.getBigDecimal("hours").doubleValue();
            members++;
          }
          JsonArray distribution = new JsonArray();
          String[] labels = {"0-25%", "25-50%", "50-75%", "75-100%", "已达标"};
          for (int i = 0; i < 5; i++) {
            distribution.add(new JsonObject().put("share", labels[i]).put("members", buckets[i]));
          }
          return new JsonObject().put("members", members)
              .put("averageHours", members == 0 ? 0 : Math.round(total * 100.0 / members) / 100.0)
              .put("distribution", distribution);
        });
  }

  private Future<JsonArray> volunteerByMonth(UUID orgId, int year) {
    return pool.preparedQuery("""
            SELECT extract(month FROM r.started_at AT TIME ZONE 'Asia/Shanghai')::int AS month, sum(r.minutes) AS minutes
            FROM volunteer_records r JOIN persons p ON p.id = r.person_id JOIN orgs o ON o.id = p.org_id
            WHERE $1 = ANY(o.ancestry) AND r.status = 'approved'
              AND extract(year FROM r.started_at AT TIME ZONE 'Asia/Shanghai') = $2
            GROUP BY 1
            """).execute(Tuple.of(orgId, year))
        .map(rows -> {
          double[] hours = new double[13];
          for (Row row : rows) {
            hours[row.getInteger("month")] = Math.round(row.getLong("minutes") * 100.0 / 60) / 100.0;
          }
          JsonArray months = new JsonArray();
          for (int m = 1; m <= 12; m++) {
            months.add(new JsonObject().put("month", m).put("hours", hours[m]));
          }
          return months;
        });
  }

  private Future<JsonArray> topMembers(UUID orgId, int year) {
    return pool.preparedQuery("""
            SELECT p.id, p.name, sum(l.points) AS points
            FROM points_ledger l JOIN persons p ON p.id = l.person_id JOIN orgs o ON o.id = p.org_id
            WHERE $1 = ANY(o.ancestry) AND extract(year FROM l.awarded_at AT TIME ZONE 'Asia/Shanghai') = $2
            GROUP BY p.id, p.name ORDER BY points DESC, max(l.awarded_at) LIMIT 10
            """).execute(Tuple.of(orgId, year))
        .map(rows -> {
          JsonArray top = new JsonArray();
          for (Row row : rows) {
            top.add(new JsonObject().put("rank", top.size() + 1).put("personId", row.getUUID("id").toString())
                .put("name", row.getString("name")).put("points", row.getLong("points")));
          }
          return top;
        });
  }

  /** Branches of the subtree by average points per party member, so size does not win. */
  private Future<JsonArray> topBranches(UUID orgId, int year) {
    return pool.preparedQuery("""
            SELECT b.id, b.name,
                   (SELECT count(*) FROM org_roles r WHERE r.org_id = b.id AND r.role = 'member') AS members,
                   coalesce((SELECT sum(l.points) FROM points_ledger l JOIN persons p ON p.id = l.person_id
                             WHERE p.org_id = b.id AND extract(year FROM l.awarded_at AT TIME ZONE 'Asia/Shanghai') = $2), 0)
                     AS points
            FROM orgs b WHERE b.kind = 'branch' AND $1 = ANY(b.ancestry)
            """).execute(Tuple.of(orgId, year))
        .map(rows -> {
          java.util.List<JsonObject> list = new java.util.ArrayList<>();
          for (Row row : rows) {
            long members = row.getLong("members");
            list.add(new JsonObject().put("orgId", row.getUUID("id").toString()).put("name", row.getString("name"))
                .put("members", members).put("averagePoints", members == 0 ? 0.0
                    : Math.round(row.getLong("points") * 100.0 / members) / 100.0));
          }
          list.sort((a, b) -> Double.compare(b.getDouble("averagePoints"), a.getDouble("averagePoints")));
          JsonArray top = new JsonArray();
          for (int i = 0; i < Math.min(10, list.size()); i++) {
            top.add(list.get(i).put("rank", i + 1));
          }
          return top;
        });
  }
}
