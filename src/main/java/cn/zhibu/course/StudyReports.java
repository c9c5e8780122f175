package cn.zhibu.course;

import cn.zhibu.platform.Spreadsheet;
import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Year;
import java.util.UUID;

/** Study hours against the yearly requirement: one's own, and an org's report (述学、考学、评学). */
public final class StudyReports {
  private final Vertx vertx;
  private final Pool pool;
  private final Scope scope;
  private final Clock clock;

  StudyReports(Vertx vertx, Pool pool, Scope scope, Clock clock) {
    this.vertx = vertx;
    this.pool = pool;
    this.scope = scope;
    this.clock = clock;
  }

  /** Online hours (courses completed that year) plus collective study attended (the {@code collective_study} view). */
  private static final String HOURS = """
      (SELECT coalesce(sum(credit_hours), 0) FROM course_completions cc WHERE cc.person_id = %1$s AND cc.year = %2$s)
      + (SELECT coalesce(sum(study_hours), 0) FROM collective_study cs WHERE cs.person_id = %1$s AND cs.year = %2$s)
      """;

  /** Hours credited in {@code year}: online courses and collective study together. */
  public Future<Double> hours(UUID personId, int year) {
    return pool.preparedQuery("SELECT " + HOURS.formatted("$1", "$2")).execute(Tuple.of(personId, year))
        .map(rows -> rows.iterator().next().getBigDecimal(0).doubleValue());
  }

  int thisYear() {
    return clock.instant().atZone(Times.SCHOOL_ZONE).getYear();
  }

  Future<JsonObject> mine(Caller caller, Integer year) {
    int y = year == null ? thisYear() : year;
    boolean leader = caller.roles().stream().anyMatch(g -> g.role() == Role.SECRETARY || g.role() == Role.COMMITTEE);
    boolean member = leader || caller.roles().stream().anyMatch(g -> g.role() == Role.MEMBER);
    Future<io.vertx.sqlclient.RowSet<Row>> online = pool.preparedQuery("""
            SELECT c.id, c.title, cc.credit_hours, cc.completed_at FROM course_completions cc
            JOIN courses c ON c.id = cc.course_id WHERE cc.person_id = $1 AND cc.year = $2 ORDER BY cc.completed_at
            """).execute(Tuple.of(caller.personId(), y));
    Future<io.vertx.sqlclient.RowSet<Row>> collective = pool.preparedQuery("""
            SELECT event_id, type, title, starts_at, study_hours FROM collective_study
            WHERE person_id = $1 AND year = $2 ORDER BY starts_at
            """).execute(Tuple.of(caller.personId(), y));
    return Future.all(online, collective).map(all -> {
      JsonArray courses = new JsonArray();
      double onlineHours = 0;
      for (Row row : online.result()) {
        double hours = row.getBigDecimal("credit_hours").doubleValue();
        onlineHours += hours;
        courses.add(new JsonObject().put("courseId", row.getUUID("id").toString()).put("title", row.getString("title"))
            .put("creditHours", hours).put("completedAt", Times.format(row.getOffsetDateTime("completed_at"))));
      }
      JsonArray meetings = new JsonArray();
      double collectiveHours = 0;
      boolean training = false;
      for (Row row : collective.result()) {
        double hours = row.getBigDecimal("study_hours").doubleValue();
        collectiveHours += hours;
        training |= "training".equals(row.getString("type"));
        meetings.add(new JsonObject().put("eventId", row.getUUID("event_id").toString())
            .put("type", row.getString("type")).put("title", row.getString("title"))
            .put("startsAt", Times.format(row.getOffsetDateTime("starts_at"))).put("studyHours", hours));
      }
      return new JsonObject().put("year", y).put("creditedHours", round(onlineHours + collectiveHours))
          .put("onlineHours", round(onlineHours)).put("collectiveHours", round(collectiveHours))
          .put("trainingAttended", training).put("requiredHours", StudyCredit.requiredHours(leader, member))
          .put("courses", courses).put("collective", meetings);
    });
  }

  private static double round(double hours) {
    return Math.round(hours * 100) / 100.0;
  }

  /**
   * Every party member on a roster in the org's subtree, with hours against 32 h (56 h for secretaries and
   * committee members); behind pace when short of the share of the year already gone.
   */
  Future<JsonObject> report(Caller caller, UUID orgId, Integer year) {
    int y = year == null ? thisYear() : year;
    LocalDate today = clock.instant().atZone(Times.SCHOOL_ZONE).toLocalDate();
    double elapsed = y < today.getYear() ? 1.0 : y > today.getYear() ? 0.0
        : (double) today.getDayOfYear() / Year.of(y).length();
    String sql = """
        SELECT p.id, p.number, p.name, p.org_id,
               EXISTS (SELECT 1 FROM org_roles r WHERE r.person_id = p.id AND r.role IN ('secretary', 'committee')) AS leader,
        """ + HOURS.formatted("p.id", "$2") + """
          AS hours
        FROM persons p JOIN orgs o ON o.id = p.org_id
        WHERE $1 = ANY(o.ancestry) AND p.anonymised_at IS NULL AND p.stage IN ('probationary', 'full')
        ORDER BY p.number
        """;
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> pool.preparedQuery(sql)
            .execute(Tuple.of(org.id(), y)))
        .compose(rows -> scope.adminOver(caller, orgId).map(full -> {
          JsonArray members = new JsonArray();
          int behind = 0;
          for (Row row : rows) {
            int required = StudyCredit.requiredHours(row.getBoolean("leader"), true);
            double hours = row.getBigDecimal("hours").doubleValue();
            boolean late = hours < required * elapsed;
            behind += late ? 1 : 0;
            members.add(new JsonObject().put("personId", row.getUUID("id").toString())
                .put("number", cn.zhibu.platform.Masks.number(row.getString("number"), full))
                .put("name", row.getString("name")).put("hours", hours).put("requiredHours", required)
                .put("behindPace", late));
          }
          return new JsonObject().put("orgId", orgId.toString()).put("year", y)
              .put("expectedShare", Math.round(elapsed * 1000) / 1000.0).put("behind", behind).put("members", members);
        }));
  }

  Future<Buffer> spreadsheet(Caller caller, UUID orgId, Integer year) {
    return report(caller, orgId, year).compose(report -> vertx.executeBlocking(() -> Spreadsheet.write(book -> {
      Spreadsheet.Table sheet = book.table("学时", List.of("学号/工号", "姓名", "已完成学时", "要求学时", "进度落后"));
      report.getJsonArray("members").forEach(o -> {
        JsonObject m = (JsonObject) o;
        sheet.row(m.getString("number"), m.getString("name"), m.getDouble("hours"), m.getInteger("requiredHours"),
            m.getBoolean("behindPace"));
      });
    }), false));
  }
}
