package cn.zhibu.notice;

import static cn.zhibu.platform.Times.utc;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The push outbox, the store every push waits in: claiming due rows with a lease, expanding a notice's fan-out
 * into one message per recipient, reading what a message says, spending a subscription credit once, and
 * recording how each row ended. The worker ({@link PushWorker}) holds the rules; this holds the SQL.
 */
final class PushOutbox {
  /** A claimed row: what kind, what it is about (one subject), for whom, and how often it was tried. */
  record Claimed(long id, String kind, UUID noticeId, UUID requestId, UUID eventId, UUID orgId, UUID activityId,
      String note, String topic, UUID personId, int attempts, boolean creditTaken) {
  }

  /** What one message says: to whom (openid), its title, its time, who it is from, a request's status. */
  record Message(String openid, String title, OffsetDateTime at, String author, String status) {
  }

  private final Pool pool;

  PushOutbox(Pool pool) {
    this.pool = pool;
  }

  /** Up to {@code batch} due rows, leased for 60 s ({@code FOR UPDATE SKIP LOCKED}: no two workers get one row). */
  Future<List<Claimed>> claim(Instant now, int batch) {
    return pool.preparedQuery("""
            UPDATE push_outbox SET lease_until = now() + interval '60 seconds', attempts = attempts + 1
            WHERE id IN (SELECT id FROM push_outbox
                         WHERE status = 'pending' AND next_attempt_at <= $1 AND (lease_until IS NULL OR lease_until < now())
                         ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED)
            RETURNING id, kind, notice_id, request_id, event_id, org_id, activity_id, note, topic, person_id, attempts,
                      credit_taken
            """).execute(Tuple.of(utc(now), batch))
        .map(rows -> {
          List<Claimed> list = new ArrayList<>();
          for (Row r : rows) {
            list.add(new Claimed(r.getLong("id"), r.getString("kind"), r.getUUID("notice_id"), r.getUUID("request_id"),
                r.getUUID("event_id"), r.getUUID("org_id"), r.getUUID("activity_id"), r.getString("note"),
                r.getString("topic"), r.getUUID("person_id"), r.getInteger("attempts"), r.getBoolean("credit_taken")));
          }
          return list;
        });
  }

  /** One message row per recipient of the notice (only those who have not read it, for a reminder); the row done. */
  Future<Void> expand(Claimed row, boolean onlyUnread) {
    String unread = onlyUnread
        ? " AND NOT EXISTS (SELECT 1 FROM notice_reads r WHERE r.notice_id = $1 AND r.person_id = p.id)" : "";
    return pool.withTransaction(tx -> tx.preparedQuery("INSERT INTO push_outbox (kind, notice_id, person_id, source_id) "
            + "SELECT 'message', $1, p.id, $2 FROM (" + Audience.RECIPIENTS + ") p WHERE true" + unread
            + " ON CONFLICT DO NOTHING")
        .execute(Tuple.of(row.noticeId(), row.id()))
        .compose(v -> finish(tx, row.id(), "done", null)));
  }

  Future<Message> aboutRequest(UUID person, UUID request) {
    return message("""
        SELECT p.openid, r.title, now() AS created_at, NULL::text AS author, r.status
        FROM persons p, requests r WHERE p.id = $1 AND r.id = $2
        """, person, request);
  }

  Future<Message> aboutMeeting(UUID person, UUID event) {
    return message("""
        SELECT p.openid, e.title, e.starts_at AS created_at, o.name AS author, NULL::text AS status
        FROM persons p, events e JOIN orgs o ON o.id = e.org_id WHERE p.id = $1 AND e.id = $2
        """, person, event);
  }

  Future<Message> aboutOrg(UUID person, UUID org) {
    return message("""
        SELECT p.openid, o.name AS title, now() AS created_at, o.name AS author, NULL::text AS status
        FROM persons p, orgs o WHERE p.id = $1 AND o.id = $2
        """, person, org);
  }

  Future<Message> aboutActivity(UUID person, UUID activity) {
    return message("""
        SELECT p.openid, a.title, a.starts_at AS created_at, o.name AS author, NULL::text AS status
        FROM persons p, volunteer_activities a JOIN orgs o ON o.id = a.org_id WHERE p.id = $1 AND a.id = $2
        """, person, activity);
  }

  Future<Message> aboutNotice(UUID person, UUID notice) {
    return message("""
        SELECT p.openid, n.title, n.created_at, a.name AS author, NULL::text AS status
        FROM persons p, notices n JOIN persons a ON a.id = n.author_id WHERE p.id = $1 AND n.id = $2
        """, person, notice);
  }

  private Future<Message> message(String sql, UUID person, UUID subject) {
    return pool.preparedQuery(sql).execute(Tuple.of(person, subject)).map(rows -> {
      Row m = rows.iterator().next();
      return new Message(m.getString("openid"), m.getString("title"), m.getOffsetDateTime("created_at"),
          m.getString("author"), m.getString("status"));
    });
  }

  /** Spends one credit of the template, once per message row (a retry does not pay again); false with none left. */
  Future<Boolean> takeCredit(Claimed row, String template) {
    if (row.creditTaken()) {
      return Future.succeededFuture(true);
    }
    return pool.withTransaction(tx -> tx.preparedQuery("""
            UPDATE subscription_credits SET credits = credits - 1
            WHERE person_id = $1 AND template_id = $2 AND credits > 0 RETURNING credits
            """).execute(Tuple.of(row.personId(), template))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture(false)
            : tx.preparedQuery("UPDATE push_outbox SET credit_taken = true WHERE id = $1")
                .execute(Tuple.of(row.id())).map(true)));
  }

  /** Tried again after {@code next}, with the reason kept. */
  Future<Void> retryLater(long id, Instant next, String reason) {
    return pool.preparedQuery("""
            UPDATE push_outbox SET next_attempt_at = $2, lease_until = NULL, last_error = $3 WHERE id = $1
            """).execute(Tuple.of(id, utc(next), reason)).mapEmpty();
  }

  Future<Void> finish(long id, String status, String error) {
    return finish(pool, id, status, error);
  }

  private static Future<Void> finish(SqlClient client, long id, String status, String error) {
    return client.preparedQuery("""
            UPDATE push_outbox SET status = $2, last_error = $3, finished_at = now(), lease_until = NULL WHERE id = $1
            """).execute(Tuple.of(id, status, error)).mapEmpty();
  }
}
