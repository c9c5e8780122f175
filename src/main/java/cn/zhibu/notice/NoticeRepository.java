package cn.zhibu.notice;

import static cn.zhibu.platform.Times.utc;

import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Page;
import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Every query of notices: publishing, the feed, reading, the publisher's history, receipts and reminders. */
final class NoticeRepository {
  /** A notice as stored, with its author's name and the orgs it targets. */
  record Notice(UUID id, String title, String body, boolean mustRead, Instant createdAt, UUID authorId, String author,
      List<UUID> targets) {
  }

  /** One person a notice reaches: when they read it, and how their last push went. */
  record Receipt(UUID personId, String number, String name, Instant readAt, String delivery) {
  }

  /** How many a notice reaches, how many read it, and how many cannot yet (never bound). */
  record Totals(long targeted, long read, long unbound) {
  }

  /** The readers of notice $1 (see {@link Audience#readers}) with their read time and push state. */
  private static final String RECEIPTS = "WITH readers AS (" + Audience.readers("$1") + """
      )
      SELECT a.id, a.number, a.name, r.read_at,
             (SELECT o.status FROM push_outbox o WHERE o.notice_id = $1 AND o.person_id = a.id AND o.kind = 'message'
               ORDER BY o.id DESC LIMIT 1) AS delivery
      FROM readers a LEFT JOIN notice_reads r ON r.notice_id = $1 AND r.person_id = a.id
      """;
  private static final String UNBOUND = "SELECT count(*) FROM (" + Audience.unbound("$1") + ") x";

  private final Pool pool;

  NoticeRepository(Pool pool) {
    this.pool = pool;
  }

  /** The notice, its targets and (when it is pushed) one outbox row for the worker to fan out. */
  Future<Void> insert(SqlClient tx, Notice n, boolean push) {
    return tx.preparedQuery("""
            INSERT INTO notices (id, author_id, title, body, must_read, push, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """).execute(Tuple.of(n.id(), n.authorId(), n.title(), n.body(), n.mustRead(), push, utc(n.createdAt())))
        .compose(v -> tx.preparedQuery("INSERT INTO notice_targets (notice_id, org_id) SELECT $1, unnest($2::uuid[])")
            .execute(Tuple.tuple().addUUID(n.id()).addArrayOfUUID(n.targets().toArray(UUID[]::new))))
        .compose(v -> push ? tx.preparedQuery("INSERT INTO push_outbox (kind, notice_id) VALUES ('fanout', $1)")
            .execute(Tuple.of(n.id())).mapEmpty() : Future.<Void>succeededFuture());
  }

  /** The notice, or null. */
  Future<Notice> find(UUID id) {
    return pool.preparedQuery("""
            SELECT n.id, n.title, n.body, n.must_read, n.created_at, n.author_id, a.name AS author,
                   array_agg(t.org_id) AS targets
            FROM notices n JOIN persons a ON a.id = n.author_id JOIN notice_targets t ON t.notice_id = n.id
            WHERE n.id = $1 GROUP BY n.id, a.name
            """).execute(Tuple.of(id))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row n = rows.iterator().next();
          return new Notice(n.getUUID("id"), n.getString("title"), n.getString("body"), n.getBoolean("must_read"),
              n.getOffsetDateTime("created_at").toInstant(), n.getUUID("author_id"), n.getString("author"),
              List.of(n.getArrayOfUUIDs("targets")));
        });
  }

  /** Notices targeting any org of {@code chain}, newest first, with whether {@code person} read each. */
  Future<Page<NoticeService.FeedItem>> feed(UUID person, List<UUID> chain, Cursor.Newest after, int limit) {
    return pool.preparedQuery("""
            SELECT n.id, n.title, n.must_read, n.created_at, a.name AS author, r.read_at
            FROM notices n JOIN persons a ON a.id = n.author_id
            LEFT JOIN notice_reads r ON r.notice_id = n.id AND r.person_id = $1
            WHERE EXISTS (SELECT 1 FROM notice_targets t WHERE t.notice_id = n.id AND t.org_id = ANY($2))
              AND (n.created_at, n.id) < ($3, $4)
            ORDER BY n.created_at DESC, n.id DESC LIMIT $5
            """).execute(Tuple.of(person, chain.toArray(UUID[]::new), after.utc(), after.id(), limit + 1))
        .map(rows -> Page.ofRows(rows, limit, row -> new NoticeService.FeedItem(row.getUUID("id"), row.getString("title"),
            row.getBoolean("must_read"), row.getString("author"), Times.format(row.getOffsetDateTime("created_at")),
            row.getValue("read_at") != null), row -> Cursor.newest(row, "created_at")));
  }

  /** The newest {@code limit} notices targeting any org of {@code chain}, as every reader sees them. */
  Future<List<RecentNotices.Item>> recent(List<UUID> chain, int limit) {
    return pool.preparedQuery("""
            SELECT n.id, n.title, n.must_read, n.created_at, a.name AS author
            FROM notices n JOIN persons a ON a.id = n.author_id
            WHERE EXISTS (SELECT 1 FROM notice_targets t WHERE t.notice_id = n.id AND t.org_id = ANY($1))
            ORDER BY n.created_at DESC, n.id DESC LIMIT $2
            """).execute(Tuple.of(chain.toArray(UUID[]::new), limit))
        .map(rows -> {
          List<RecentNotices.Item> items = new java.util.ArrayList<>(rows.size());
          rows.forEach(row -> items.add(new RecentNotices.Item(row.getUUID("id"), row.getString("title"),
              row.getBoolean("must_read"), row.getString("author"), row.getOffsetDateTime("created_at").toInstant())));
          return items;
        });
  }

  /** Every notice the person has read. */
  Future<java.util.Set<UUID>> readBy(UUID person) {
    return pool.preparedQuery("SELECT notice_id FROM notice_reads WHERE person_id = $1").execute(Tuple.of(person))
        .map(rows -> {
          java.util.Set<UUID> read = new java.util.HashSet<>();
          rows.forEach(row -> read.add(row.getUUID("notice_id")));
          return read;
        });
  }

  /**
   * Marks it read once, whatever the concurrency. Null when it was read before; else whether it was a must-read
   * read within {@code inTime} of publishing.
   */
  Future<Boolean> markRead(SqlClient tx, UUID id, UUID person, Instant at, Duration inTime) {
    return tx.preparedQuery("""
            INSERT INTO notice_reads (notice_id, person_id, read_at) VALUES ($1, $2, $3)
            ON CONFLICT DO NOTHING
            RETURNING (SELECT must_read AND created_at > $4 FROM notices WHERE id = $1) AS in_time
            """).execute(Tuple.of(id, person, utc(at), utc(at.minus(inTime))))
        .map(rows -> rows.size() == 0 ? null : Boolean.TRUE.equals(rows.iterator().next().getBoolean("in_time")));
  }

  /** The author's notices, newest first, each counted in one statement (no query per notice). */
  Future<Page<ReceiptService.Sent>> sent(UUID author, Cursor.Newest after, int limit) {
    return pool.preparedQuery("""
            SELECT n.id, n.title, n.must_read, n.push, n.created_at,
                   (SELECT count(*) FROM (%s) a) AS targeted,
                   (SELECT count(*) FROM (%s) a JOIN notice_reads r ON r.notice_id = n.id AND r.person_id = a.id) AS read,
                   (SELECT count(*) FROM (%s) a) AS unbound
            FROM notices n
            WHERE n.author_id = $1 AND (n.created_at, n.id) < ($2, $3)
            ORDER BY n.created_at DESC, n.id DESC LIMIT $4
            """.formatted(Audience.readers("n.id"), Audience.readers("n.id"), Audience.unbound("n.id")))
        .execute(Tuple.of(author, after.utc(), after.id(), limit + 1))
        .map(rows -> Page.ofRows(rows, limit, n -> new ReceiptService.Sent(n.getUUID("id"), n.getString("title"),
            n.getBoolean("must_read"), n.getBoolean("push"), Times.format(n.getOffsetDateTime("created_at")),
            n.getLong("targeted"), n.getLong("read"), n.getLong("unbound")), n -> Cursor.newest(n, "created_at")));
  }

  Future<Totals> totals(UUID id) {
    return pool.preparedQuery("SELECT count(*) AS targeted, count(read_at) AS read, (" + UNBOUND
            + ") AS unbound FROM (" + RECEIPTS + ") x").execute(Tuple.of(id))
        .map(rows -> {
          Row t = rows.iterator().next();
          return new Totals(t.getLong("targeted"), t.getLong("read"), t.getLong("unbound"));
        });
  }

  /** Those who have not read it, by person id after {@code after} ("" for the first), one more than {@code limit}. */
  Future<List<Receipt>> unread(UUID id, String after, int limit) {
    return pool.preparedQuery(RECEIPTS + """
            WHERE r.read_at IS NULL AND a.id::text > $2
            ORDER BY a.id LIMIT $3
            """).execute(Tuple.of(id, after, limit + 1)).map(NoticeRepository::receipts);
  }

  /** Everyone it reaches, by number. */
  Future<List<Receipt>> everyone(UUID id) {
    return pool.preparedQuery(RECEIPTS + " ORDER BY a.number NULLS LAST, a.id").execute(Tuple.of(id))
        .map(NoticeRepository::receipts);
  }

  /**
   * Queues a reminder unless one was queued within {@code every}: answers null when queued, else the seconds
   * until the next is possible. The notice row is locked so two reminders cannot both pass.
   */
  Future<Long> queueReminder(SqlClient tx, UUID id, Duration every) {
    return tx.preparedQuery("SELECT id FROM notices WHERE id = $1 FOR UPDATE").execute(Tuple.of(id))
        .compose(v -> tx.preparedQuery("""
            SELECT ceil(extract(epoch FROM max(created_at) + make_interval(secs => $2) - now()))::bigint AS wait
            FROM push_outbox
            WHERE notice_id = $1 AND kind = 'remind' AND created_at > now() - make_interval(secs => $2)
            """).execute(Tuple.of(id, (double) every.toSeconds())))
        .compose(rows -> {
          Long wait = rows.iterator().next().getLong("wait");
          return wait != null ? Future.succeededFuture(Math.max(1, wait))
              : tx.preparedQuery("INSERT INTO push_outbox (kind, notice_id) VALUES ('remind', $1)").execute(Tuple.of(id))
                  .map(x -> (Long) null);
        });
  }

  /** One more credit for a subscribe-message template (at most 100 kept). */
  Future<Void> addCredit(UUID person, String templateId) {
    return pool.preparedQuery("""
            INSERT INTO subscription_credits (person_id, template_id, credits) VALUES ($1, $2, 1)
            ON CONFLICT (person_id, template_id) DO UPDATE SET credits = least(subscription_credits.credits + 1, 100)
            """).execute(Tuple.of(person, templateId)).mapEmpty();
  }

  private static List<Receipt> receipts(RowSet<Row> rows) {
    List<Receipt> all = new ArrayList<>(rows.size());
    for (Row r : rows) {
      all.add(new Receipt(r.getUUID("id"), r.getString("number"), r.getString("name"),
          r.getValue("read_at") == null ? null : r.getOffsetDateTime("read_at").toInstant(), r.getString("delivery")));
    }
    return all;
  }
}
