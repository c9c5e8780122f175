package cn.zhibu.notice;

import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Times;
import cn.zhibu.wechat.WeChatClient;
import cn.zhibu.wechat.WeChatException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
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
  private final PushOutbox outbox;
  private final WeChatClient wechat;
  private final String templateId;
  private final String meetingTemplateId;
  private final String requestTemplateId;
  private final Clock clock;

  public PushWorker(Pool pool, WeChatClient wechat, String templateId, String requestTemplateId,
      String meetingTemplateId, Clock clock) {
    this.meetingTemplateId = meetingTemplateId;
    this.outbox = new PushOutbox(pool);
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
    return outbox.claim(clock.instant(), BATCH).compose(rows -> {
      if (rows.isEmpty()) {
        return Future.succeededFuture(handled);
      }
      List<Future<Void>> work = new ArrayList<>();
      for (PushOutbox.Claimed row : rows) {
        work.add(process(row).recover(err -> {
          LOG.warn("push outbox row {} failed: {}", row.id(), err.toString());
          return Future.succeededFuture();
        }));
      }
      return Future.join(work).compose(v -> drain(batches + 1, handled + rows.size()));
    });
  }

  private Future<Void> process(PushOutbox.Claimed row) {
    return switch (row.kind()) {
      case "fanout" -> outbox.expand(row, false);
      case "remind" -> outbox.expand(row, true);
      default -> send(row);
    };
  }

  /** What a message row is about, and so its template, its text and the page it opens. */
  private enum Subject { NOTICE, REQUEST, MEETING, COMPLIANCE, ACTIVITY }

  private static Subject subject(PushOutbox.Claimed row) {
    return row.requestId() != null ? Subject.REQUEST : row.eventId() != null ? Subject.MEETING
        : row.orgId() != null ? Subject.COMPLIANCE : row.activityId() != null ? Subject.ACTIVITY : Subject.NOTICE;
  }

  private Future<Void> send(PushOutbox.Claimed row) {
    long id = row.id();
    UUID personId = row.personId();
    Subject subject = subject(row);
    String template = switch (subject) {
      case REQUEST -> requestTemplateId;
      case MEETING, COMPLIANCE, ACTIVITY -> meetingTemplateId;
      case NOTICE -> templateId;
    };
    return outbox.takeCredit(row, template).compose(hasCredit -> {
      if (!hasCredit) {
        return outbox.finish(id, "no_credit", "no subscription credit for " + template);
      }
      Future<PushOutbox.Message> message = switch (subject) {
        case REQUEST -> outbox.aboutRequest(personId, row.requestId());
        case MEETING -> outbox.aboutMeeting(personId, row.eventId());
        case COMPLIANCE -> outbox.aboutOrg(personId, row.orgId());
        case ACTIVITY -> outbox.aboutActivity(personId, row.activityId());
        case NOTICE -> outbox.aboutNotice(personId, row.noticeId());
      };
      return message.compose(m -> {
        if (m.openid() == null) {
          return outbox.finish(id, "undeliverable", "the person has no WeChat account bound");
        }
        String page = switch (subject) {
          case REQUEST -> "pages/requests/detail?id=" + row.requestId();
          case MEETING -> "pages/events/detail?id=" + row.eventId();
          case ACTIVITY -> "pages/volunteer/activity?id=" + row.activityId();
          case COMPLIANCE -> "birthday".equals(row.topic()) || "dues".equals(row.topic())
              ? "pages/me/me" : "pages/secretary/index?orgId=" + row.orgId();
          case NOTICE -> "pages/notices/detail?id=" + row.noticeId();
        };
        JsonObject data = switch (subject) {
          case REQUEST -> requestData(m, row.note());
          case MEETING -> meetingData(m, "会议提醒");
          case ACTIVITY -> meetingData(m, "志愿服务提醒");
          // a life reminder carries its whole sentence; the missing-meetings alert its list
          case COMPLIANCE -> meetingData(m, row.topic() != null ? row.note() : "尚缺：" + row.note());
          case NOTICE -> data(m);
        };
        return wechat.sendSubscribeMessage(m.openid(), template, page, data)
            .compose(v -> outbox.finish(id, "sent", null))
            .recover(err -> failed(row, err));
      });
    });
  }

  /** A meeting an hour away, or a branch's missing meetings: thing1 what, time2 when, thing3 a note. */
  static JsonObject meetingData(PushOutbox.Message message, String note) {
    return new JsonObject()
        .put("thing1", new JsonObject().put("value", cut(message.title(), 20)))
        .put("time2", new JsonObject().put("value", minute(message)))
        .put("thing3", new JsonObject().put("value", cut(note, 20)));
  }

  /** A request's new state for its requester, or an overdue alert for a secretary. */
  static JsonObject requestData(PushOutbox.Message message, String note) {
    return new JsonObject()
        .put("thing1", new JsonObject().put("value", cut(message.title(), 20)))
        .put("phrase2", new JsonObject().put("value", cut(note == null ? message.status() : note, 5)))
        .put("time3", new JsonObject().put("value", minute(message)));
  }

  private static String minute(PushOutbox.Message message) {
    return Times.format(message.at()).substring(0, 16).replace('T', ' ');
  }

  private Future<Void> failed(PushOutbox.Claimed row, Throwable err) {
    long id = row.id();
    if (err instanceof WeChatException wx && (wx.errcode() == 43101 || wx.errcode() == 40003)) {
      return outbox.finish(id, "undeliverable", "WeChat " + wx.errcode() + ": " + wx.getMessage());
    }
    int attempts = row.attempts();
    if (attempts >= MAX_ATTEMPTS) {
      return outbox.finish(id, "failed", err.getMessage());
    }
    long backoffSeconds = Math.min(600, 1L << Math.min(attempts, 10));
    String reason = err instanceof ApiException api ? api.code() + ": " + api.getMessage() : err.toString();
    return outbox.retryLater(id, clock.instant().plusSeconds(backoffSeconds), reason);
  }

  /** The subscribe-message values, cut to WeChat's limits (thing: 20 characters, time: a date-time). */
  static JsonObject data(PushOutbox.Message message) {
    return new JsonObject()
        .put("thing1", new JsonObject().put("value", cut(message.title(), 20)))
        .put("time2", new JsonObject().put("value", minute(message)))
        .put("thing3", new JsonObject().put("value", cut(message.author() == null ? "党支部" : message.author(), 20)));
  }

  static String cut(String value, int max) {
    if (value == null) {
      return "";
    }
    int points = value.codePointCount(0, value.length());
    return points <= max ? value : value.substring(0, value.offsetByCodePoints(0, max - 1)) + "…";
  }
}
