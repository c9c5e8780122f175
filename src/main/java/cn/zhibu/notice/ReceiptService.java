package cn.zhibu.notice;

import cn.zhibu.auth.Caller;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Masks;
import cn.zhibu.platform.Page;
import cn.zhibu.platform.Spreadsheet;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Read receipts (签收), reminders to the unread, and subscription credits. */
final class ReceiptService {
  /** A reminder spends one subscription credit of every unread person: at most one per notice a day. */
  static final java.time.Duration REMIND_EVERY = java.time.Duration.ofHours(24);
  /** How a push went, as the 签收 sheet says it (the console and the phones show the same words). */
  private static final Map<String, String> DELIVERY = Map.of("pending", "推送中", "sent", "已推送",
      "no_credit", "未订阅", "undeliverable", "无法推送", "failed", "推送失败");

  /** One notice of the publisher's history, with how many can read it, have read it, and cannot yet (unbound). */
  record Sent(UUID id, String title, boolean mustRead, boolean push, String createdAt, long targeted, long read,
      long unbound) {
  }

  /** {@code NoticeReceipts}: the counts, and a page of those who have not read it. */
  record Receipts(UUID noticeId, long targeted, long read, long unbound, List<Unread> unread, String nextCursor) {
  }

  /** Someone who has not read it: the number masked unless the caller is an admin, the name beside it. */
  record Unread(UUID personId, String number, String name, String delivery) {
  }

  /** The answer to a reminder: it is queued (the worker finds the unread when it runs). */
  record Queued(boolean queued) {
  }

  private final Vertx vertx;
  private final NoticeRepository notices;
  private final NoticeService service;
  private final Pool pool;

  ReceiptService(Vertx vertx, Pool pool, NoticeRepository notices, NoticeService service) {
    this.vertx = vertx;
    this.pool = pool;
    this.notices = notices;
    this.service = service;
  }

  /** Whether the caller may see receipts (404 if not), and whether numbers are shown in full (an admin). */
  private Future<Boolean> managed(Caller caller, UUID id) {
    return service.access(caller, id).compose(access -> service.manages(caller, access.notice())
        .compose(ok -> ok ? service.adminOverTargets(caller, access.notice())
            : Future.failedFuture(ApiException.notFound("The notice"))));
  }

  /**
   * The notices the caller published, newest first, each with how many can read it and how many have: the
   * secretary's history, so receipts do not vanish with the page that published them.
   */
  Future<Page<Sent>> sent(Caller caller, String cursor, int limit) {
    return notices.sent(caller.personId(), Cursor.newest(cursor), limit);
  }

  /** Targeted and read counts, and the unread people by person, with the state of their push. */
  Future<Receipts> receipts(Caller caller, UUID id, String cursor, int limit) {
    String after = Cursor.decode(cursor);
    return managed(caller, id).compose(full -> notices.totals(id).compose(totals ->
        notices.unread(id, after == null ? "" : after, limit).map(rows -> {
          List<Unread> unread = rows.stream().limit(limit).map(r -> new Unread(r.personId(),
              Masks.number(r.number(), full), r.name(), r.delivery())).toList();
          String next = rows.size() > limit ? Cursor.encode(unread.get(unread.size() - 1).personId().toString()) : null;
          return new Receipts(id, totals.targeted(), totals.read(), totals.unbound(), unread, next);
        })));
  }

  /** Every targeted person with read time and push state, as .xlsx. */
  Future<Buffer> spreadsheet(Caller caller, UUID id) {
    return managed(caller, id).compose(full -> notices.everyone(id).compose(rows -> vertx.executeBlocking(() ->
        Spreadsheet.write(book -> {
          Spreadsheet.Table sheet = book.table("签收", List.of("学号/工号", "姓名", "签收时间", "推送"));
          for (NoticeRepository.Receipt r : rows) {
            sheet.row(Masks.number(r.number(), full), r.name(), r.readAt() == null ? "未读" : r.readAt(),
                r.delivery() == null ? "" : DELIVERY.getOrDefault(r.delivery(), ""));
          }
        }), false)));
  }

  /** Queues a push to those who have not read; the worker works out who they are when it runs. */
  Future<Queued> remind(Caller caller, Audit.Actor actor, UUID id) {
    return managed(caller, id)
        .compose(admin -> pool.withTransaction(tx -> notices.queueReminder(tx, id, REMIND_EVERY).compose(wait -> {
          if (wait != null) {
            return Future.failedFuture(new ApiException.RateLimited("notice.remind_too_soon",
                "A reminder for this notice was sent in the last 24 hours; the next one is possible in "
                    + (wait + 3599) / 3600 + " h", wait));
          }
          return Audit.recordForPerson(tx, actor, caller.personId(), "notice.remind", "notice:" + id, new JsonObject());
        })))
        .map(v -> new Queued(true));
  }

  /** What wx.requestSubscribeMessage returned: each acceptance is one credit for that template. */
  Future<Void> subscription(Caller caller, String templateId, String result) {
    return "accept".equals(result) ? notices.addCredit(caller.personId(), templateId) : Future.succeededFuture();
  }
}
