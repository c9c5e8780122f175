package cn.zhibu.checkin;

import cn.zhibu.platform.Spreadsheet;
import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Times;
import cn.zhibu.points.Award;
import cn.zhibu.points.PointRules;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

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

  private final cn.zhibu.points.Points points;
  private final java.time.Clock clock;

  AttendanceService(Vertx vertx, Pool pool, EventService events, cn.zhibu.org.Scope scope,
      cn.zhibu.points.Points points, java.time.Clock clock) {
    this.points = points;
    this.clock = clock;
    this.vertx = vertx;
    this.pool = pool;
    this.events = events;
    this.scope = scope;
  }

  Future<JsonObject> report(Caller caller, UUID eventId) {
    return events.managed(caller, eventId, VIEWERS).compose(event -> scope.adminOver(caller, event.orgId())
        .compose(full -> pool.preparedQuery("""
            SELECT a.person_id, p.number, p.name, a.status, a.marked, a.mark_reason, a.checked_in_at, a.offline
            FROM attendance a JOIN persons p ON p.id = a.person_id
            WHERE a.event_id = $1 ORDER BY p.number NULLS LAST, a.person_id
            """).execute(Tuple.of(eventId)).map(rows -> {
              JsonArray members = new JsonArray();
              int checkedIn = 0;
              int onLeave = 0;
              for (Row row : rows) {
                String status = switch (row.getString("status")) {
                  case "present" -> "checked_in";
                  case "leave" -> "on_leave";
                  default -> "absent";
                };
                checkedIn += "checked_in".equals(status) ? 1 : 0;
                onLeave += "on_leave".equals(status) ? 1 : 0;
                members.add(new JsonObject().put("personId", row.getUUID("person_id").toString())
                    .put("number", cn.zhibu.platform.Masks.number(row.getString("number"), full))
                    .put("name", row.getString("name")).put("status", status)
                    .put("checkedInAt", Times.format(row.getOffsetDateTime("checked_in_at")))
                    .put("offline", row.getBoolean("offline")).put("marked", row.getBoolean("marked"))
                    .put("markReason", row.getString("mark_reason")));
              }
              int expected = members.size();
              return new JsonObject().put("eventId", eventId.toString()).put("title", event.title())
                  .put("startsAt", Times.format(event.startsAt())).put("expected", expected)
                  .put("checkedIn", checkedIn).put("onLeave", onLeave).put("absent", expected - checkedIn - onLeave)
                  .put("rate", rate(checkedIn, expected - onLeave)).put("members", members);
            })));
  }

  /**
   * 补签: an organiser marks an expected attendee present, on leave or absent by hand, with a reason — from the
   * moment check-in opens until 30 days after the meeting, never for themselves. A mark replaces the previous
   * one, is audited, and shows as {@code marked} wherever attendance does. Marked present earns the attendance
   * points a check-in would (once).
   */
  Future<JsonObject> mark(Caller caller, Audit.Actor actor, UUID eventId, UUID personId, String status, String reason) {
    Instant now = clock.instant();
    return events.organised(caller, eventId).compose(event -> {
      if (event.closed()) {
        return Future.failedFuture(ApiException.conflict(event.cancelled() ? "event.cancelled" : "event.not_editable",
            "This meeting is " + event.record().status()));
      }
      if (now.isBefore(event.checkinOpensAt()) || now.isAfter(event.recordsUntil())) {
        return Future.failedFuture(ApiException.unprocessable("attendance.outside_window",
            "Attendance is marked from when check-in opens until 30 days after the meeting"));
      }
      if (caller.personId().equals(personId)) {
        return Future.failedFuture(ApiException.unprocessable("attendance.own_record",
            "Someone else must mark your own attendance"));
      }
      return points.inTransaction(pool, (tx, awards) -> tx.preparedQuery("""
              INSERT INTO attendance_marks (event_id, person_id, status, reason, marked_by, marked_at)
              SELECT $1, $2, $3, $4, $5, $6 WHERE EXISTS
                (SELECT 1 FROM event_attendees WHERE event_id = $1 AND person_id = $2)
              ON CONFLICT (event_id, person_id) DO UPDATE SET status = $3, reason = $4, marked_by = $5, marked_at = $6
              """).execute(Tuple.of(eventId, personId, status, reason.strip(), caller.personId(),
              cn.zhibu.platform.Times.utc(now)))
          .compose(written -> written.rowCount() == 0 ? Future.failedFuture(ApiException.notFound("The attendee"))
              : Audit.record(tx, actor, event.orgId(), "attendance.mark", "event:" + eventId, new JsonObject()
                  .put("personId", personId.toString()).put("status", status).put("reason", reason.strip())))
          // A 补录 waiting for approval counts for nothing yet: its points come with the approval.
          .compose(v -> !"present".equals(status) || !"scheduled".equals(event.record().status())
              ? Future.succeededFuture()
              : awards.add(Award.of(personId, PointRules.ATTENDANCE, "event", eventId.toString())).mapEmpty()))
          .compose(v -> report(caller, eventId))
          .map(report -> report.getJsonArray("members").stream().map(JsonObject.class::cast)
              .filter(m -> personId.toString().equals(m.getString("personId"))).findFirst().orElseThrow());
    });
  }

  /** The same report as an .xlsx sheet for the branch's work ledger (台账): one row per expected attendee. */
  Future<Buffer> spreadsheet(Caller caller, UUID eventId) {
    return report(caller, eventId).compose(report -> vertx.executeBlocking(() -> xlsx(report), false));
  }

  static Double rate(int attended, int counted) {
    return counted <= 0 ? null : Math.round(attended * 10_000.0 / counted) / 10_000.0;
  }

  private static Buffer xlsx(JsonObject report) {
    return Spreadsheet.write(book -> {
      Spreadsheet.Table sheet = book.table("签到", List.of("学号/工号", "姓名", "状态", "签到时间"));
      report.getJsonArray("members").forEach(o -> {
        JsonObject m = (JsonObject) o;
        sheet.row(m.getString("number"), m.getString("name"), switch (m.getString("status")) {
          case "checked_in" -> "已签到";
          case "on_leave" -> "请假";
          default -> "缺席";
        }, m.getString("checkedInAt"));
      });
    });
  }
}
