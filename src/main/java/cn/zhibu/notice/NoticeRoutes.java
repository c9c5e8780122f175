package cn.zhibu.notice;

import cn.zhibu.auth.Caller;
import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Input;
import cn.zhibu.platform.Operations;
import cn.zhibu.platform.Respond;
import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** Notices, receipts and subscription credits. */
public final class NoticeRoutes implements Operations {
  private final NoticeService notices;
  private final ReceiptService receipts;

  NoticeRoutes(NoticeService notices, ReceiptService receipts) {
    this.notices = notices;
    this.receipts = receipts;
  }

  @Override
  public Map<String, Handler<RoutingContext>> handlers() {
    return Map.of(
        "publishNotice", ctx -> Respond.with(ctx, 201, notices.publish(Caller.of(ctx), Input.body(ctx, NoticeService.Draft.class))),
        "listNotices", ctx -> Respond.with(ctx, notices.feed(Caller.of(ctx), Input.query(ctx, "cursor"),
            Input.queryInt(ctx, "limit", Cursor.DEFAULT_LIMIT))),
        "listSentNotices", ctx -> Respond.with(ctx, receipts.sent(Caller.of(ctx), Input.query(ctx, "cursor"),
            Input.queryInt(ctx, "limit", Cursor.DEFAULT_LIMIT))),
        "getNotice", ctx -> Respond.with(ctx, notices.open(Caller.of(ctx), Input.id(ctx, "id"))),
        "markNoticeRead", ctx -> Respond.noContent(ctx, notices.read(Caller.of(ctx), Input.id(ctx, "id"))),
        "getNoticeReceipts", ctx -> {
          if (Input.wantsSpreadsheet(ctx)) {
            Respond.spreadsheet(ctx, "receipts.xlsx", receipts.spreadsheet(Caller.of(ctx), Input.id(ctx, "id")));
          } else {
            Respond.with(ctx, receipts.receipts(Caller.of(ctx), Input.id(ctx, "id"), Input.query(ctx, "cursor"),
                Input.queryInt(ctx, "limit", 50)));
          }
        },
        "remindUnread", ctx -> Respond.with(ctx, 202, receipts.remind(Caller.of(ctx),
            cn.zhibu.platform.Audit.Actor.of(ctx, Caller.of(ctx).personId()), Input.id(ctx, "id"))),
        "recordSubscription", ctx -> {
          JsonObject body = Input.body(ctx);
          Respond.noContent(ctx, receipts.subscription(Caller.of(ctx), body.getString("templateId"),
              body.getString("result")));
        });
  }
}
