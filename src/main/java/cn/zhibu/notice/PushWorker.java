package cn.zhibu.notice;

import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Times;
import cn.zhibu.wechat.WeChatClient;
import cn.zhibu.wechat.WeChatException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the push outbox. Rows are claimed with {@code FOR UPDATE SKIP LOCKED} and a lease, so any number of
 * workers on any number of instances share the work without sending a row twice; a worker that dies leaves
 * its rows to be claimed again when the lease runs out. A fan-out row becomes one message row per recipient
 * in one transaction. A message is sent only against a subscription credit, consumed once; busy and
 * unreachable WeChat is retried with backoff, a refusal (43101, 40003) or no credit is recorded as final.
 */
public final class PushWorker {
  private static final Logger LOG = LoggerFactory.getLogger(PushWorker.class);
  static final int MAX_ATTEMPTS = 8;
  private static final int BATCH = 20;
  private final Pool pool;
  private final WeChatClient wechat;
  private final String templateId;
  private final String meetingTemplateId;
  private final String requestTemplateId;
  private final Clock clock;

  public PushWorker(Pool pool, WeChatClient wechat, String templateId, String requestTemplateId,
      String meetingTemplateId, Clock clock) {
    this.meetingTemplateId = meetingTemplateId;
    this.pool = pool;
    this.wechat = wechat;
    this.templateId = templateId;
    this.requestTemplateId = requestTemplateId;
    this.clock = clock;
  }

  /** Processes due rows until none are left (or 50 batches); completes with how many rows it handled. */
  public Future<Integer> drain() {
    return drain(0, 0);
  }

  private Future<Integer> drain(int batches, int handled) {
    if (batches >= 50) {
      return Future.succeededFuture(handled);
    }
    return claim().compose(rows -> {
      if (rows.isEmpty()) {
        return Future.succeededFuture(handled);
      }
      List<Future<Void>> work = new ArrayList<>();
      for (Row row : rows) {
        work.add(process(row).recover(err -> {
          LOG.warn("push outbox row {} failed: {}", row.getLong("id"), err.toString());
          return Future.succeededFuture();
        }));
      }
      return Future.join(work).compose(v -> drain(batches + 1, handled + rows.size()));
    });
  }

  private Future<List<Row>> claim() {
    return pool.preparedQuery("""
            UPDATE push_outbox SET lease_until = now() + interval '60 seconds', attempts = attempts + 1
            WHERE id IN (SELECT id FROM push_outbox
                         WHERE status = 'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until < now())
                         ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
            RETURNING id, kind, notice_id, request_id, event_id, org_id, activity_id, note, topic, person_id, attempts,
                      credit_taken
            """).execute(Tuple.of(cn.zhibu.platform.Times.utc(clock.instant()), BATCH))
        .map(rows -> {
          List<Row> list = new ArrayList<>();
          rows.forEach(list::add);
          return list;
        });
  }

  private Future<Void> process(Row row) {
    return switch (row.getString("kind")) {
      case "fanout", "remind" -> expand(row);
      default -> send(row);
    };
  }

  /** One message row per recipient (for a reminder: per recipient who has not read), and the row is done. */
  private Future<Void> expand(Row row) {
    String onlyUnread = "remind".equals(row.getString("kind"))
        ? " AND NOT EXISTS (SELECT 1 FROM notice_reads r WHERE r.notice_id = $1 AND r.person_id = p.id)" : "";
    return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO push_outbox (kind, notice_id, person_id, source_id) "
            + "SELECT 'message', $1, p.id, $2 FROM (" + Audience.RECIPIENTS + ") p WHERE true" + onlyUnread
            + " ON CONFLICT DO NOTHING")
        .execute(Tuple.of(row.getUUID("notice_id"), row.getLong("id")))
        .compose(v -> finish(tx, row.getLong("id"), "done", null)));
  }

  /** What a message row is about, and so its template, its text and the page it opens. */
  private enum Subject { NOTICE, REQUEST, MEETING, COMPLIANCE, ACTIVITY }

  private static Subject subject(Row row) {
    return row.getUUID("request_id") != null ? Subject.REQUEST : row.getUUID("event_id") != null ? Subject.MEETING
        : row.getUUID("org_id") != null ? Subject.COMPLIANCE : row.getUUID("activity_id") != null ? Subject.ACTIVITY
        : Subject.NOTICE;
  }

  private Future<Void> send(Row row) {
    long id = row.getLong("id");
    UUID personId = row.getUUID("person_id");
    Subject subject = subject(row);
    String template = switch (subject) {
      case REQUEST -> requestTemplateId;
      case MEETING, COMPLIANCE, ACTIVITY -> meetingTemplateId;
      case NOTICE -> templateId;
    };
    return takeCredit(row, template).compose(hasCredit -> {
      if (!hasCredit) {
        return finish(pool, id, "no_credit", "no subscription credit for " + template);
      }
      Future<io.vertx.sqlclient.RowSet<Row>> message = switch (subject) {
        case REQUEST -> pool.preparedQuery("""
            SELECT p.openid, r.title, r.status, now() AS created_at FROM persons p, requests r WHERE p.id = $1 AND r.id = $2
            """).execute(Tuple.of(personId, row.getUUID("request_id")));
        case MEETING -> pool.preparedQuery("""
            SELECT p.openid, e.title, e.starts_at AS created_at, o.name AS author FROM persons p, events e
            JOIN orgs o ON o.id = e.org_id WHERE p.id = $1 AND e.id = $2
            """).execute(Tuple.of(personId, row.getUUID("event_id")));
        case COMPLIANCE -> pool.preparedQuery("""
            SELECT p.openid, o.name AS title, now() AS created_at, o.name AS author FROM persons p, orgs o
            WHERE p.id = $1 AND o.id = $2
            """).execute(Tuple.of(personId, row.getUUID("org_id")));
        case ACTIVITY -> pool.preparedQuery("""
            SELECT p.openid, a.title, a.starts_at AS created_at, o.name AS author FROM persons p, volunteer_activities a
            JOIN orgs o ON o.id = a.org_id WHERE p.id = $1 AND a.id = $2
            """).execute(Tuple.of(personId, row.getUUID("activity_id")));
        case NOTICE -> pool.preparedQuery("""
            SELECT p.openid, n.title, n.created_at, a.name AS author FROM persons p, notices n
            JOIN persons a ON a.id = n.author_id WHERE p.id = $1 AND n.id = $2
            """).execute(Tuple.of(personId, row.getUUID("notice_id")));
      };
      return message.compose(rows -> {
        Row m = rows.iterator().next();
        if (m.getString("openid") == null) {
          return finish(pool, id, "undeliverable", "the person has no WeChat account bound");
        }
        String page = switch (subject) {
          case REQUEST -> "pages/requests/detail?id=" + row.getUUID("request_id");
          case MEETING -> "pages/events/detail?id=" + row.getUUID("event_id");
          case ACTIVITY -> "pages/volunteer/activity?id=" + row.getUUID("activity_id");
          case COMPLIANCE -> "birthday".equals(row.getString("topic")) || "dues".equals(row.getString("topic"))
              ? "pages/me/me" : "pages/secretary/index?orgId=" + row.getUUID("org_id");
          case NOTICE -> "pages/notices/detail?id=" + row.getUUID("notice_id");
        };
        JsonObject data = switch (subject) {
          case REQUEST -> requestData(m, row.getString("note"));
          case MEETING -> meetingData(m, "会议提醒");
          case ACTIVITY -> meetingData(m, "志愿服务提醒");
          // a life reminder carries its whole sentence; the missing-meetings alert its list
          case COMPLIANCE -> meetingData(m, row.getString("topic") != null ? row.getString("note")
              : "尚缺：" + row.getString("note"));
          case NOTICE -> data(m);
        };
        return wechat.sendSubscribeMessage(m.getString("openid"), template, page, data)
            .compose(v -> finish(pool, id, "sent", null))
            .recover(err -> failed(row, err));
      });
    });
  }

  /** A meeting an hour away, or a branch's missing meetings: thing1 what, time2 when, thing3 a note. */
  static JsonObject meetingData(Row message, String note) {
    return new JsonObject()
        .put("thing1", new JsonObject().put("value", cut(message.getString("title"), 20)))
        .put("time2", new JsonObject().put("value", Times.format(message.getOffsetDateTime("created_at"))
            .substring(0, 16).replace('T', ' ')))
        .put("thing3", new JsonObject().put("value", cut(note, 20)));
  }

  /** A request's new state for its requester, or an overdue alert for a secretary. */
  static JsonObject requestData(Row message, String note) {
    return new JsonObject()
        .put("thing1", new JsonObject().put("value", cut(message.getString("title"), 20)))
        .put("phrase2", new JsonObject().put("value", cut(note == null ? message.getString("status") : note, 5)))
        .put("time3", new JsonObject().put("value", Times.format(message.getOffsetDateTime("created_at"))
            .substring(0, 16).replace('T', ' ')));
  }

  /** Consumes one credit, once per message row (a retry does not pay again). */
  private Future<Boolean> takeCredit(Row row, String template) {
    if (row.getBoolean("credit_taken")) {
      return Future.succeededFuture(true);
    }
    return pool.withTransaction(tx -> tx.preparedQuery("""
            UPDATE subscription_credits SET credits = credits - 1
            WHERE person_id = $1 AND template_id = $2 AND credits > 0 RETURNING credits
            """).execute(Tuple.of(row.getUUID("person_id"), template))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture(false)
            : tx.preparedQuery("UPDATE push_outbox SET credit_taken = true WHERE id = $1")
                .execute(Tuple.of(row.getLong("id"))).map(true)));
  }

  private Future<Void> failed(Row row, Throwable err) {
    long id = row.getLong("id");
    if (err instanceof WeChatException wx && (wx.errcode() == 43101 || wx.errcode() == 40003)) {
      return finish(pool, id, "undeliverable", "WeChat " + wx.errcode() + ": " + wx.getMessage());
    }
    int attempts = row.getInteger("attempts");
    if (attempts >= MAX_ATTEMPTS) {
      return finish(pool, id, "failed", err.getMessage());
    }
    long backoffSeconds = Math.min(600, 1L << Math.min(attempts, 10));
    Instant next = clock.instant().plusSeconds(backoffSeconds);
    String reason = err instanceof ApiException api ? api.code() + ": " + api.getMessage() : err.toString();
    return pool.preparedQuery("""
            UPDATE push_outbox SET next_attempt_at = $2, lease_until = NULL, last_error = $3 WHERE id = $1
            """).execute(Tuple.of(id, cn.zhibu.platform.Times.utc(next), reason)).mapEmpty();
  }

  private static Future<Void> finish(io.vertx.sqlclient.SqlClient client, long id, String status, String error) {
    return client.preparedQuery("""
            UPDATE push_outbox SET status = $2, last_error = $3, finished_at = now(), lease_until = NULL WHERE id = $1
            """).execute(Tuple.of(id, status, error)).mapEmpty();
  }

  /** The subscribe-message values, cut to WeChat's limits (thing: 20 characters, time: a date-time). */
  static JsonObject data(Row message) {
    return new JsonObject()
        .put("thing1", new JsonObject().put("value", cut(message.getString("title"), 20)))
        .put("time2", new JsonObject().put("value", Times.format(message.getOffsetDateTime("created_at"))
            .substring(0, 16).replace('T', ' ')))
        .put("thing3", new JsonObject().put("value", cut(message.getString("author") == null ? "党支部"
            : message.getString("author"), 20)));
  }

  static String cut(String value, int max) {
    if (value == null) {
      return "";
    }
    int points = value.codePointCount(0, value.length());
    return points <= max ? value : value.substring(0, value.offsetByCodePoints(0, max - 1)) + "…";
  }
}
