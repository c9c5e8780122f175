package cn.zhibu.course;

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
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Year;
import java.util.UUID;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

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

  /** Hours credited in {@code year} (courses completed that year). */
  public Future<Double> hours(UUID personId, int year) {
    return pool.preparedQuery("SELECT coalesce(sum(credit_hours), 0) FROM course_completions WHERE person_id = $1 AND year = $2")
        .execute(Tuple.of(personId, year)).map(rows -> rows.iterator().next().getBigDecimal(0).doubleValue());
  }

  int thisYear() {
    return clock.instant().atZone(Times.SCHOOL_ZONE).getYear();
  }

  Future<JsonObject> mine(Caller caller, Integer year) {
    int y = year == null ? thisYear() : year;
    boolean leader = caller.roles().stream().anyMatch(g -> g.role() == Role.SECRETARY || g.role() == Role.COMMITTEE);
    boolean member = leader || caller.roles().stream().anyMatch(g -> g.role() == Role.MEMBER);
    return pool.preparedQuery("""
            SELECT c.id, c.title, cc.credit_hours, cc.completed_at FROM course_completions cc
            JOIN courses c ON c.id = cc.course_id WHERE cc.person_id = $1 AND cc.year = $2 ORDER BY cc.completed_at
            """).execute(Tuple.of(caller.personId(), y))
        .map(rows -> {
          JsonArray courses = new JsonArray();
          double total = 0;
          for (Row row : rows) {
            double hours = row.getBigDecimal("credit_hours").doubleValue();
            total += hours;
            courses.add(new JsonObject().put("courseId", row.getUUID("id").toString()).put("title", row.getString("title"))
                .put("creditHours", hours).put("completedAt", Times.format(row.getOffsetDateTime("completed_at"))));
          }
          return new JsonObject().put("year", y).put("creditedHours", total)
              .put("requiredHours", StudyCredit.requiredHours(leader, member)).put("courses", courses);
        });
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
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> pool.preparedQuery("""
            SELECT p.id, p.number, p.name, p.org_id,
                   EXISTS (SELECT 1 FROM org_roles r WHERE r.person_id = p.id AND r.role IN ('secretary', 'committee')) AS leader,
                   coalesce((SELECT sum(credit_hours) FROM course_completions cc WHERE cc.person_id = p.id AND cc.year = $2), 0)
                     AS hours
            FROM persons p JOIN orgs o ON o.id = p.org_id
            WHERE $1 = ANY(o.ancestry) AND p.anonymised_at IS NULL AND p.stage IN ('probationary', 'full')
            ORDER BY p.number
            """).execute(Tuple.of(org.id(), y)))
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
    return report(caller, orgId, year).compose(report -> vertx.executeBlocking(() -> {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (Workbook workbook = new Workbook(out, "zhibu", "1.0")) {
        Worksheet sheet = workbook.newWorksheet("学时");
        String[] header = {"学号/工号", "姓名", "已完成学时", "要求学时", "进度落后"};
        for (int c = 0; c < header.length; c++) {
          sheet.value(0, c, header[c]);
        }
        JsonArray members = report.getJsonArray("members");
        for (int i = 0; i < members.size(); i++) {
          JsonObject m = members.getJsonObject(i);
          sheet.value(i + 1, 0, m.getString("number"));
          sheet.value(i + 1, 1, m.getString("name"));
          sheet.value(i + 1, 2, m.getDouble("hours"));
          sheet.value(i + 1, 3, m.getInteger("requiredHours"));
          sheet.value(i + 1, 4, m.getBoolean("behindPace") ? "是" : "否");
        }
      }
      return Buffer.buffer(out.toByteArray());
    }, false));
  }
}
