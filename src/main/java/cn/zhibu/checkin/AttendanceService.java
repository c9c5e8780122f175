package cn.zhibu.checkin;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
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
import java.io.IOException;
import java.util.Set;
import java.util.UUID;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * Who came to an event: checked in, on (approved) leave, or absent. The rate is checked-in over those
 * expected and not excused, so an absence without leave counts against the branch and leave does not.
 */
final class AttendanceService {
  static final Set<Role> VIEWERS = Set.of(Role.SECRETARY, Role.COMMITTEE, Role.ADMIN);
  private final Vertx vertx;
  private final Pool pool;
  private final EventService events;
  private final cn.zhibu.org.Scope scope;

  AttendanceService(Vertx vertx, Pool pool, EventService events, cn.zhibu.org.Scope scope) {
    this.vertx = vertx;
    this.pool = pool;
    this.events = events;
    this.scope = scope;
  }

  Future<JsonObject> report(Caller caller, UUID eventId) {
    return events.managed(caller, eventId, VIEWERS).compose(event -> scope.adminOver(caller, event.orgId())
        .compose(full -> pool.preparedQuery("""
            SELECT a.person_id, p.number, p.name, c.checked_in_at, c.offline, l.status AS leave_status
            FROM event_attendees a JOIN persons p ON p.id = a.person_id
            LEFT JOIN checkins c ON c.event_id = a.event_id AND c.person_id = a.person_id
            LEFT JOIN leaves l ON l.event_id = a.event_id AND l.person_id = a.person_id
            WHERE a.event_id = $1 ORDER BY p.number NULLS LAST, a.person_id
            """).execute(Tuple.of(eventId)).map(rows -> {
              JsonArray members = new JsonArray();
              int checkedIn = 0;
              int onLeave = 0;
              for (Row row : rows) {
                String status = row.getValue("checked_in_at") != null ? "checked_in"
                    : "approved".equals(row.getString("leave_status")) ? "on_leave" : "absent";
                checkedIn += "checked_in".equals(status) ? 1 : 0;
                onLeave += "on_leave".equals(status) ? 1 : 0;
                members.add(new JsonObject().put("personId", row.getUUID("person_id").toString())
                    .put("number", cn.zhibu.platform.Masks.number(row.getString("number"), full))
                    .put("name", row.getString("name")).put("status", status)
                    .put("checkedInAt", Times.format(row.getOffsetDateTime("checked_in_at")))
                    .put("offline", Boolean.TRUE.equals(row.getBoolean("offline"))));
              }
              int expected = members.size();
              return new JsonObject().put("eventId", eventId.toString()).put("title", event.title())
                  .put("startsAt", Times.format(event.startsAt())).put("expected", expected)
                  .put("checkedIn", checkedIn).put("onLeave", onLeave).put("absent", expected - checkedIn - onLeave)
                  .put("rate", rate(checkedIn, expected - onLeave)).put("members", members);
            })));
  }

  /** The same report as an .xlsx sheet for the branch's work ledger (台账): one row per expected attendee. */
  Future<Buffer> spreadsheet(Caller caller, UUID eventId) {
    return report(caller, eventId).compose(report -> vertx.executeBlocking(() -> xlsx(report), false));
  }

  static Double rate(int attended, int counted) {
    return counted <= 0 ? null : Math.round(attended * 10_000.0 / counted) / 10_000.0;
  }

  private static Buffer xlsx(JsonObject report) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Workbook workbook = new Workbook(out, "zhibu", "1.0")) {
      Worksheet sheet = workbook.newWorksheet("签到");
      String[] header = {"学号/工号", "姓名", "状态", "签到时间"};
      for (int c = 0; c < header.length; c++) {
        sheet.value(0, c, header[c]);
        sheet.style(0, c).bold().set();
      }
      JsonArray members = report.getJsonArray("members");
      for (int i = 0; i < members.size(); i++) {
        JsonObject m = members.getJsonObject(i);
        sheet.value(i + 1, 0, m.getString("number"));
        sheet.value(i + 1, 1, m.getString("name"));
        sheet.value(i + 1, 2, switch (m.getString("status")) {
          case "checked_in" -> "已签到";
          case "on_leave" -> "请假";
          default -> "缺席";
        });
        sheet.value(i + 1, 3, m.getString("checkedInAt"));
      }
    }
    return Buffer.buffer(out.toByteArray());
  }
}
