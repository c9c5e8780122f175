package cn.zhibu.volunteer;

import cn.zhibu.auth.Caller;
import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Input;
import cn.zhibu.platform.Operations;
import cn.zhibu.platform.Respond;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** Volunteer service. */
public final class VolunteerRoutes implements Operations {
  private final Vertx vertx;
  private final ActivityService activities;
  private final RecordService records;

  VolunteerRoutes(Vertx vertx, ActivityService activities, RecordService records) {
    this.vertx = vertx;
    this.activities = activities;
    this.records = records;
  }

  @Override
  public Map<String, Handler<RoutingContext>> handlers() {
    return Map.ofEntries(
        Map.entry("createVolunteerActivity", ctx -> Respond.with(ctx, 201, activities.create(Caller.of(ctx),
            Input.body(ctx, Activity.Draft.class)))),
        Map.entry("listVolunteerActivities", ctx -> Respond.with(ctx, activities.upcoming(Caller.of(ctx)))),
        Map.entry("signUpVolunteer", ctx -> Respond.with(ctx, 201, activities.signUp(Caller.of(ctx), Input.id(ctx, "id")))),
        Map.entry("cancelVolunteerSignup", ctx -> Respond.noContent(ctx, activities.cancel(Caller.of(ctx),
            Input.id(ctx, "id")))),
        Map.entry("getVolunteerCode", ctx -> Respond.with(ctx, activities.currentCode(Caller.of(ctx), Input.id(ctx, "id")))),
        Map.entry("volunteerCheckin", ctx -> Respond.with(ctx, activities.checkIn(Caller.of(ctx), Input.id(ctx, "id"),
            Input.body(ctx, Activity.Scan.class)))),
        Map.entry("volunteerCheckout", ctx -> Respond.with(ctx, activities.checkOut(Caller.of(ctx), Input.id(ctx, "id"),
            Input.body(ctx, Activity.Scan.class)))),
        Map.entry("closeVolunteerActivity", ctx -> Respond.with(ctx, activities.close(Caller.of(ctx), Input.id(ctx, "id")))),
        Map.entry("reportVolunteerHours", ctx -> Respond.with(ctx, 201, records.report(Caller.of(ctx),
            Input.body(ctx, HourRecords.SelfReport.class)))),
        Map.entry("reviewVolunteerRecord", ctx -> Respond.with(ctx, records.review(Caller.of(ctx),
            cn.zhibu.platform.Audit.Actor.of(ctx, Caller.of(ctx).personId()), Input.id(ctx, "id"),
            Input.body(ctx, HourRecords.Review.class)))),
        Map.entry("listVolunteerRecords", ctx -> Respond.with(ctx, records.recordsOf(Caller.of(ctx), Input.id(ctx, "id"),
            Input.query(ctx, "status"), Input.query(ctx, "cursor"), Input.queryInt(ctx, "limit", Cursor.DEFAULT_LIMIT)))),
        Map.entry("getMyVolunteer", ctx -> Respond.with(ctx, records.mine(Caller.of(ctx), year(ctx)))),
        Map.entry("getVolunteerCertificate", ctx -> Respond.binary(ctx, "image/png", null,
            records.certificate(vertx, Caller.of(ctx), year(ctx)))),
        Map.entry("getVolunteerReport", ctx -> {
          if (Input.wantsSpreadsheet(ctx)) {
            Respond.spreadsheet(ctx, "volunteer-report.xlsx", records.orgReport(Caller.of(ctx), Input.id(ctx, "id"),
                year(ctx)).compose(report -> vertx.executeBlocking(() -> Sheets.volunteer(report), false)));
          } else {
            Respond.with(ctx, records.orgReport(Caller.of(ctx), Input.id(ctx, "id"), year(ctx)));
          }
        }));
  }

  private static Integer year(RoutingContext ctx) {
    return Input.queryInteger(ctx, "year");
  }
}
