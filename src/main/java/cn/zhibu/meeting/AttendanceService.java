package cn.zhibu.meeting;

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
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.time.Instant;
import java.util.UUID;

/**
 * Who came to an event: checked in, on (approved) leave, or absent. The rate is checked-in over those
 * expected and not excused, so an absence without leave counts against the branch and leave does not.
 */
final class AttendanceService {
  /** {@code Attendance}: the meeting's expected attendees and how each came out. */
  record Report(UUID eventId, String title, String startsAt, int expected, int checkedIn, int onLeave, int absent,
      Double rate, List<Attendee> members) {
  }

  /** One attendee: the number masked unless the caller is an admin over the meeting's org. */
  record Attendee(UUID personId, String number, String name, String status, String checkedInAt, boolean offline,
      boolean marked, String markReason) {
  }

  private final Vertx vertx;
  private final Pool pool;
  private final AttendanceRepository attendance;
  private final EventService events;
  private final cn.zhibu.org.Scope scope;

  private final cn.zhibu.points.Points points;
  private final java.time.Clock clock;

  AttendanceService(Vertx vertx, Pool pool, AttendanceRepository attendance, EventService events,
      cn.zhibu.org.Scope scope, cn.zhibu.points.Points points, java.time.Clock clock) {
    this.attendance = attendance;
    this.points = points;
    this.clock = clock;
    this.vertx = vertx;
    this.pool = pool;
    this.events = events;
    this.scope = scope;
  }

  /** The caller's own place in a meeting they can see (a member's meeting page): never anyone else's. */
  Future<AttendanceRepository.Mine> mine(Caller caller, UUID eventId) {
    return events.visible(caller, eventId).compose(event -> attendance.mine(eventId, caller.personId()));
  }

  Future<Report> report(Caller caller, UUID eventId) {
    return events.managed(caller, eventId, Role.LEADERS).compose(event -> scope.adminOver(caller, event.orgId())
        .compose(full -> attendance.ofEvent(eventId).map(rows -> {
          List<Attendee> members = new java.util.ArrayList<>(rows.size());
          int checkedIn = 0;
          int onLeave = 0;
          for (AttendanceRepository.Stored row : rows) {
            String status = switch (row.status()) {
              case "present" -> "checked_in";
              case "leave" -> "on_leave";
              default -> "absent";
            };
            checkedIn += "checked_in".equals(status) ? 1 : 0;
            onLeave += "on_leave".equals(status) ? 1 : 0;
            members.add(new Attendee(row.personId(), cn.zhibu.platform.Masks.number(row.number(), full), row.name(),
                status, row.checkedInAt(), row.offline(), row.marked(), row.markReason()));
          }
          int expected = members.size();
          return new Report(eventId, event.title(), Times.format(event.startsAt()), expected, checkedIn, onLeave,
              expected - checkedIn - onLeave, rate(checkedIn, expected - onLeave), members);
        })));
  }

  /**
   * 补签: an organiser marks an expected attendee present, on leave or absent by hand, with a reason — from the
   * moment check-in opens until 30 days after the meeting, never for themselves. A mark replaces the previous
   * one, is audited, and shows as {@code marked} wherever attendance does. Marked present earns the attendance
   * points a check-in would (once).
   */
  Future<Attendee> mark(Caller caller, Audit.Actor actor, UUID eventId, UUID personId, String status, String reason) {
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
      return points.inTransaction(pool, (tx, awards) -> attendance.mark(tx, eventId, personId, status, reason.strip(),
              caller.personId(), now)
          .compose(written -> !written ? Future.failedFuture(ApiException.notFound("The attendee"))
              : Audit.record(tx, actor, event.orgId(), "attendance.mark", "event:" + eventId, new JsonObject()
                  .put("personId", personId.toString()).put("status", status).put("reason", reason.strip())))
          // A 补录 waiting for approval counts for nothing yet: its points come with the approval.
          .compose(v -> !"present".equals(status) || !"scheduled".equals(event.record().status())
              ? Future.succeededFuture()
              : awards.add(Award.of(personId, PointRules.ATTENDANCE, "event", eventId.toString())).mapEmpty()))
          .compose(v -> report(caller, eventId))
          .map(report -> report.members().stream().filter(m -> personId.equals(m.personId())).findFirst().orElseThrow());
    });
  }

  /** The same report as an .xlsx sheet for the branch's work ledger (台账): one row per expected attendee. */
  Future<Buffer> spreadsheet(Caller caller, UUID eventId) {
    return report(caller, eventId).compose(report -> vertx.executeBlocking(() -> xlsx(report), false));
  }

  static Double rate(int attended, int counted) {
    return AttendanceRate.of(attended, counted);
  }

  private static Buffer xlsx(Report report) {
    return Spreadsheet.write(book -> {
      Spreadsheet.Table sheet = book.table("签到", List.of("学号/工号", "姓名", "状态", "签到时间", "补签", "补签原因",
          "弱网签到"));
      // A 补签 (marked by the secretary) is flagged with its reason, never passed off as a scan.
      report.members().forEach(m -> sheet.row(m.number(), m.name(), switch (m.status()) {
        case "checked_in" -> "已签到";
        case "on_leave" -> "请假";
        default -> "缺席";
      }, m.checkedInAt() == null ? null : Times.parse(m.checkedInAt()), m.marked() ? "是" : "否", m.markReason(),
          m.offline() ? "是" : "否"));
    });
  }
}
