package cn.zhibu.meeting;

import cn.zhibu.auth.Caller;
import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Input;
import cn.zhibu.platform.Operations;
import cn.zhibu.platform.Respond;
import cn.zhibu.platform.Times;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.UUID;

/** Party days and meetings: events, their records and files, check-in, leave, attendance. */
public final class MeetingRoutes implements Operations {
  private final EventService events;
  private final CheckinService checkins;
  private final LeaveService leaves;
  private final AttendanceService attendance;
  private final EventRecords records;
  private final Attachments attachments;

  MeetingRoutes(EventService events, Attachments attachments, EventRecords records, CheckinService checkins,
      LeaveService leaves, AttendanceService attendance) {
    this.leaves = leaves;
    this.records = records;
    this.attachments = attachments;
    this.events = events;
    this.checkins = checkins;
    this.attendance = attendance;
  }

  @Override
  public Map<String, Handler<RoutingContext>> handlers() {
    return Map.ofEntries(
        Map.entry("createEvent", ctx -> Respond.with(ctx, 201, events.create(Caller.of(ctx), Input.body(ctx, EventService.Draft.class)))),
        Map.entry("listPendingBackfills", ctx -> Respond.with(ctx, events.pendingBackfills(Caller.of(ctx),
            Input.id(ctx, "id")))),
        Map.entry("listEvents", ctx -> Respond.with(ctx, events.list(Caller.of(ctx),
            UUID.fromString(Input.query(ctx, "orgId")), Input.query(ctx, "from"), Input.query(ctx, "to"),
            Input.query(ctx, "cursor"), Input.queryInt(ctx, "limit", Cursor.DEFAULT_LIMIT)))),
        Map.entry("listMyEvents", ctx -> Respond.with(ctx, events.mine(Caller.of(ctx), Input.query(ctx, "from"),
            Input.query(ctx, "to"), Input.query(ctx, "cursor"), Input.queryInt(ctx, "limit", Cursor.DEFAULT_LIMIT)))),
        Map.entry("getEvent", ctx -> Respond.with(ctx, events.get(Caller.of(ctx), Input.id(ctx, "id")))),
        Map.entry("updateEvent", ctx -> Respond.with(ctx, records.update(Caller.of(ctx), actor(ctx), Input.id(ctx, "id"),
            EventRecords.Changes.of(Input.body(ctx))))),
        Map.entry("uploadAttachment", ctx -> Respond.with(ctx, 201, Input.upload(ctx).compose(file ->
            attachments.upload(Caller.of(ctx), actor(ctx), Input.id(ctx, "id"),
                Input.query(ctx, "name") != null ? Input.query(ctx, "name") : file.fileName(), file.bytes())))),
        Map.entry("listAttachments", ctx -> Respond.with(ctx, attachments.list(Caller.of(ctx), Input.id(ctx, "id")))),
        Map.entry("getAttachment", this::attachment),
        Map.entry("deleteAttachment", ctx -> Respond.noContent(ctx, attachments.delete(Caller.of(ctx), actor(ctx),
            Input.id(ctx, "id")))),
        Map.entry("decideBackfill", ctx -> Respond.with(ctx, records.decideBackfill(Caller.of(ctx), actor(ctx),
            Input.id(ctx, "id"), Input.body(ctx).getBoolean("approve"), Input.body(ctx).getString("note")))),
        Map.entry("cancelEvent", ctx -> Respond.with(ctx, records.cancel(Caller.of(ctx), actor(ctx), Input.id(ctx, "id"),
            Input.body(ctx).getString("reason")))),
        Map.entry("getCheckinCode", ctx -> Respond.with(ctx, events.currentCode(Caller.of(ctx), Input.id(ctx, "id")))),
        Map.entry("getEventPoster", ctx -> Respond.binary(ctx, "image/png", null,
            events.poster(Caller.of(ctx), Input.id(ctx, "id")))),
        Map.entry("checkIn", this::checkIn),
        Map.entry("getAttendance", this::attendance),
        Map.entry("getMyAttendance", ctx -> Respond.with(ctx, attendance.mine(Caller.of(ctx), Input.id(ctx, "id")))),
        Map.entry("markAttendance", ctx -> Respond.with(ctx, attendance.mark(Caller.of(ctx), actor(ctx),
            Input.id(ctx, "id"), Input.id(ctx, "personId"), Input.body(ctx).getString("status"),
            Input.body(ctx).getString("reason")))),
        Map.entry("requestLeave", ctx -> Respond.with(ctx, 201, leaves.request(Caller.of(ctx), Input.id(ctx, "id"),
            Input.body(ctx, LeaveService.Asked.class)))),
        Map.entry("decideLeave", ctx -> Respond.with(ctx, leaves.decide(Caller.of(ctx), actor(ctx), Input.id(ctx, "id"),
            Input.body(ctx, LeaveService.Decision.class)))),
        Map.entry("listLeaves", ctx -> Respond.with(ctx, leaves.ofOrg(Caller.of(ctx), Input.id(ctx, "id"),
            Input.query(ctx, "status"), Input.query(ctx, "cursor"), Input.queryInt(ctx, "limit", Cursor.DEFAULT_LIMIT)))));
  }

  private static cn.zhibu.platform.Audit.Actor actor(RoutingContext ctx) {
    return cn.zhibu.platform.Audit.Actor.of(ctx, Caller.of(ctx).personId());
  }

  private void attachment(RoutingContext ctx) {
    attachments.get(Caller.of(ctx), Input.id(ctx, "id")).onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      String encoded = java.net.URLEncoder.encode(ar.result().name(), java.nio.charset.StandardCharsets.UTF_8)
          .replace("+", "%20");
      ctx.response().putHeader("Content-Type", ar.result().contentType())
          .putHeader("Content-Disposition", "inline; filename*=UTF-8''" + encoded)
          .putHeader("X-Content-Type-Options", "nosniff").end(ar.result().bytes());
    });
  }

  private void checkIn(RoutingContext ctx) {
    Checkin.Attempt attempt = Input.body(ctx, Checkin.Attempt.class);
    checkins.checkIn(Caller.of(ctx), Input.id(ctx, "id"), attempt.code(), attempt.lat(), attempt.lng(),
            attempt.scannedAt() == null ? null : Times.parse(attempt.scannedAt()))
        .onSuccess(outcome -> Respond.json(ctx, outcome.created() ? 201 : 200, outcome.checkin()))
        .onFailure(ctx::fail);
  }

  private void attendance(RoutingContext ctx) {
    if (Input.wantsSpreadsheet(ctx)) {
      Respond.spreadsheet(ctx, "attendance.xlsx", attendance.spreadsheet(Caller.of(ctx), Input.id(ctx, "id")));
    } else {
      Respond.with(ctx, attendance.report(Caller.of(ctx), Input.id(ctx, "id")));
    }
  }
}
