package cn.zhibu.notice;

import cn.zhibu.platform.Spreadsheet;
import cn.zhibu.auth.Caller;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Page;
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
import java.util.UUID;

/** Read receipts (签收), reminders to the unread, and subscription credits. */
final class ReceiptService {
  /** The readers of notice $1 (see {@link Audience#readers}) with their read time and push state. */
  private static final String RECEIPTS = "WITH readers AS (" + Audience.readers("$1") + """
      )
      SELECT a.id, a.number, a.name, r.read_at,
             (SELECT o.status FROM push_outbox o WHERE o.notice_id = $1 AND o.person_id = a.id AND o.kind = 'message'
               ORDER BY o.id DESC LIMIT 1) AS delivery
      FROM readers a LEFT JOIN notice_reads r ON r.notice_id = $1 AND r.person_id = a.id
      """;
  private static final String UNBOUND = "SELECT count(*) FROM (" + Audience.unbound("$1") + ") x";
  private final Vertx vertx;
  private final Pool pool;
  private final NoticeService notices;

  ReceiptService(Vertx vertx, Pool pool, NoticeService notices) {
    this.vertx = vertx;
    this.pool = pool;
    this.notices = notices;
  }

  /** Whether the caller may see receipts (404 if not), and whether numbers are shown in full (an admin). */
  private Future<Boolean> managed(Caller caller, UUID id) {
    return notices.access(caller, id).compose(access -> notices.manages(caller, access.notice())
        .compose(ok -> ok ? notices.adminOverTargets(caller, access.notice())
            : Future.failedFuture(ApiException.notFound("The notice"))));
  }

  /**
   * The notices the caller published, newest first, each with how many can read it and how many have: the
   * secretary's history, so receipts do not vanish with the page that published them.
   */
  Future<Page<Sent>> sent(Caller caller, String cursor, int limit) {
    Cursor.Newest after = Cursor.newest(cursor);
    // one statement: each notice's counts come from a lateral subquery, not a query per notice
    return pool.preparedQuery("""
            SELECT n.id, n.title, n.must_read, n.push, n.created_at,
                   (SELECT count(*) FROM (%s) a) AS targeted,
                   (SELECT count(*) FROM (%s) a JOIN notice_reads r ON r.notice_id = n.id AND r.person_id = a.id) AS read,
                   (SELECT count(*) FROM (%s) a) AS unbound
            FROM notices n
            WHERE n.author_id = $1 AND (n.created_at, n.id) < ($2, $3)
            ORDER BY n.created_at DESC, n.id DESC LIMIT $4
            """.formatted(Audience.readers("n.id"), Audience.readers("n.id"), Audience.unbound("n.id")))
        .execute(Tuple.of(caller.personId(), after.utc(), after.id(), limit + 1))
        .map(rows -> Page.ofRows(rows, limit, n -> new Sent(n.getUUID("id"), n.getString("title"),
            n.getBoolean("must_read"), n.getBoolean("push"), Times.format(n.getOffsetDateTime("created_at")),
            n.getLong("targeted"), n.getLong("read"), n.getLong("unbound")), n -> Cursor.newest(n, "created_at")));
  }

  /** One notice of the publisher's history, with how many can read it, have read it, and cannot yet (unbound). */
  record Sent(UUID id, String title, boolean mustRead, boolean push, String createdAt, long targeted, long read,
      long unbound) {
  }

  /** Targeted and read counts, and the unread people by number, with the state of their push. */
  Future<JsonObject> receipts(Caller caller, UUID id, String cursor, int limit) {
    String after = Cursor.decode(cursor);
    boolean[] full = new boolean[1];
    return managed(caller, id).compose(admin -> {
          full[0] = admin;
          return pool.preparedQuery("SELECT count(*) AS targeted, count(read_at) AS read, (" + UNBOUND
                  + ") AS unbound FROM (" + RECEIPTS + ") x").execute(Tuple.of(id));
        })
        .compose(counts -> pool.preparedQuery(RECEIPTS + """
                WHERE r.read_at IS NULL AND a.id::text > $2
                ORDER BY a.id LIMIT $3
                """).execute(Tuple.of(id, after == null ? "" : after, limit + 1))
            .map(rows -> {
              Row totals = counts.iterator().next();
              JsonArray unread = new JsonArray();
              String last = null;
              for (Row row : rows) {
                if (unread.size() == limit) {
                  break;
                }
                last = row.getUUID("id").toString();
                unread.add(new JsonObject().put("personId", row.getUUID("id").toString())
                    .put("number", cn.zhibu.platform.Masks.number(row.getString("number"), full[0]))
                    .put("name", row.getString("name"))
                    .put("delivery", row.getString("delivery")));
              }
              return new JsonObject().put("noticeId", id.toString()).put("targeted", totals.getLong("targeted"))
                  .put("read", totals.getLong("read")).put("unbound", totals.getLong("unbound")).put("unread", unread)
                  .put("nextCursor", rows.size() > limit ? Cursor.encode(last) : null);
            }));
  }

  /** Every targeted person with read time and push state, as .xlsx. */
  Future<Buffer> spreadsheet(Caller caller, UUID id) {
    boolean[] full = new boolean[1];
    return managed(caller, id)
        .compose(admin -> {
          full[0] = admin;
          return pool.preparedQuery(RECEIPTS + " ORDER BY a.number NULLS LAST, a.id").execute(Tuple.of(id));
        })
        .compose(rows -> vertx.executeBlocking(() -> Spreadsheet.write(book -> {
          Spreadsheet.Table sheet = book.table("签收", List.of("学号/工号", "姓名", "签收时间", "推送"));
          for (Row row : rows) {
            sheet.row(cn.zhibu.platform.Masks.number(row.getString("number"), full[0]), row.getString("name"),
                row.getValue("read_at") == null ? "未读" : Times.format(row.getOffsetDateTime("read_at")),
                row.getString("delivery") == null ? "" : DELIVERY.getOrDefault(row.getString("delivery"), ""));
          }
        }), false));
  }

  /** How a push went, as the 签收 sheet says it (the console and the phones show the same words). */
  private static final java.util.Map<String, String> DELIVERY = java.util.Map.of("pending", "推送中", "sent", "已推送",
      "no_credit", "未订阅", "undeliverable", "无法推送", "failed", "推送失败");

  /** A reminder spends one subscription credit of every unread person: at most one per notice a day. */
  static final java.time.Duration REMIND_EVERY = java.time.Duration.ofHours(24);

  /** Queues a push to those who have not read; the worker works out who they are when it runs. */
  Future<JsonObject> remind(Caller caller, Audit.Actor actor, UUID id) {
    return managed(caller, id)
        .compose(admin -> pool.withTransaction(tx -> tx.preparedQuery("SELECT id FROM notices WHERE id = $1 FOR UPDATE")
            .execute(Tuple.of(id))
            .compose(v -> tx.preparedQuery("""
                SELECT ceil(extract(epoch FROM max(created_at) + make_interval(secs => $2) - now()))::bigint AS wait
                FROM push_outbox
                WHERE notice_id = $1 AND kind = 'remind' AND created_at > now() - make_interval(secs => $2)
                """).execute(Tuple.of(id, (double) REMIND_EVERY.toSeconds())))
            .compose(rows -> {
              Long wait = rows.iterator().next().getLong("wait");
              if (wait != null) {
                long seconds = Math.max(1, wait);
                return Future.failedFuture(new ApiException.RateLimited("notice.remind_too_soon",
                    "A reminder for this notice was sent in the last 24 hours; the next one is possible in "
                        + (seconds + 3599) / 3600 + " h", seconds));
              }
              return tx.preparedQuery("INSERT INTO push_outbox (kind, notice_id) VALUES ('remind', $1)").execute(Tuple.of(id))
                  .compose(x -> Audit.recordForPerson(tx, actor, caller.personId(), "notice.remind", "notice:" + id,
                      new JsonObject()));
            })))
        .map(v -> new JsonObject().put("queued", true));
  }

  /** What wx.requestSubscribeMessage returned: each acceptance is one credit for that template. */
  Future<Void> subscription(Caller caller, String templateId, String result) {
    if (!"accept".equals(result)) {
      return Future.succeededFuture();
    }
    return pool.preparedQuery("""
            INSERT INTO subscription_credits (person_id, template_id, credits) VALUES ($1, $2, 1)
            ON CONFLICT (person_id, template_id) DO UPDATE SET credits = least(subscription_credits.credits + 1, 100)
            """).execute(Tuple.of(caller.personId(), templateId)).mapEmpty();
  }
}
