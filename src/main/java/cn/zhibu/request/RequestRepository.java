package cn.zhibu.request;

import static cn.zhibu.platform.Times.utc;

import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Page;
import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** Every query of a request's life: filing, the list, each step of the workflow and its timeline. */
final class RequestRepository {
  /** A request as filed (its deadlines already worked out from its category). */
  record Filed(UUID id, UUID requesterId, boolean anonymous, String category, String title, String content,
      List<String> photoUrls, UUID orgId, String status, Instant respondBy, Instant resolveBy, Instant createdAt,
      boolean onBoard) {
  }

  /** One step of the timeline as stored. */
  record Step(String action, String from, String to, UUID actorId, String actorName, boolean byRequester, String note,
      Instant at) {

    /** The step as its reader may see it: an anonymous requester's own steps name nobody to a handler. */
    Shown shown(boolean hideRequester) {
      boolean hideActor = byRequester && hideRequester;
      return new Shown(action, from, to, byRequester ? "requester" : actorId == null ? "system" : "handler",
          hideActor ? null : actorId, hideActor ? null : actorName, note, Times.format(at));
    }
  }

  /** A step of the timeline on the wire. */
  record Shown(String action, String from, String to, String by, UUID actorId, String actorName, String note, String at) {
  }

  private final Pool pool;

  RequestRepository(Pool pool) {
    this.pool = pool;
  }

  Future<Void> insert(SqlClient tx, Filed r) {
    return tx.preparedQuery("""
            INSERT INTO requests (id, requester_id, anonymous, category, title, content, photo_urls, org_id,
                                  status, respond_by, resolve_by, created_at, on_board)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            """).execute(Tuple.tuple().addUUID(r.id()).addUUID(r.requesterId()).addBoolean(r.anonymous())
            .addString(r.category()).addString(r.title()).addString(r.content())
            .addArrayOfString(r.photoUrls().toArray(String[]::new)).addUUID(r.orgId()).addString(r.status())
            .addOffsetDateTime(utc(r.respondBy())).addOffsetDateTime(utc(r.resolveBy()))
            .addOffsetDateTime(utc(r.createdAt())).addBoolean(r.onBoard()))
        .mapEmpty();
  }

  /** The request, locked for a transition when {@code lock}; null when there is none. */
  Future<Request> find(SqlClient client, UUID id, boolean lock) {
    return client.preparedQuery("SELECT " + Request.COLUMNS + Request.FROM + "WHERE r.id = $1"
            + (lock ? " FOR UPDATE OF r" : "")).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : Request.from(rows.iterator().next()));
  }

  Future<Request> find(UUID id) {
    return find(pool, id, false);
  }

  /**
   * A page of requests, newest first: {@code where} picks the view ($1 the caller, $2 the orgs they handle for);
   * {@code status} null for all.
   */
  <T> Future<Page<T>> page(String where, UUID caller, UUID[] handled, String status, Cursor.Newest after, int limit,
      Function<Request, T> item) {
    return pool.preparedQuery("SELECT " + Request.COLUMNS + Request.FROM + "WHERE " + where
            + " AND ($3::text IS NULL OR r.status = $3) AND (r.created_at, r.id) < ($4, $5)"
            + " ORDER BY r.created_at DESC, r.id DESC LIMIT $6")
        .execute(Tuple.tuple().addUUID(caller).addArrayOfUUID(handled).addString(status)
            .addOffsetDateTime(after.utc()).addUUID(after.id()).addInteger(limit + 1))
        .map(rows -> Page.ofRows(rows, limit, row -> item.apply(Request.from(row)), row -> Cursor.newest(row, "created_at")));
  }

  Future<List<Step>> timelineOf(UUID id) {
    return pool.preparedQuery("""
            SELECT action, from_status, to_status, actor_id, by_requester, note, at, p.name AS actor_name
            FROM request_timeline t LEFT JOIN persons p ON p.id = t.actor_id
            WHERE request_id = $1 ORDER BY t.id
            """).execute(Tuple.of(id))
        .map(rows -> {
          List<Step> steps = new ArrayList<>(rows.size());
          for (Row row : rows) {
            steps.add(new Step(row.getString("action"), row.getString("from_status"), row.getString("to_status"),
                row.getUUID("actor_id"), row.getString("actor_name"), row.getBoolean("by_requester"),
                row.getString("note"), row.getOffsetDateTime("at").toInstant()));
          }
          return steps;
        });
  }

  static Future<Void> addStep(SqlClient tx, UUID id, String action, String from, String to, UUID actor,
      boolean byRequester, String note, Instant at) {
    return tx.preparedQuery("""
            INSERT INTO request_timeline (request_id, action, from_status, to_status, actor_id, by_requester, note, at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """).execute(Tuple.tuple().addUUID(id).addString(action).addString(from).addString(to).addUUID(actor)
            .addBoolean(byRequester).addString(note).addOffsetDateTime(utc(at))).mapEmpty();
  }

  // ------------------------------------------------------------------ the workflow's writes, one per step

  Future<Void> setStatus(SqlClient tx, UUID id, String status) {
    return update(tx, "UPDATE requests SET status = $2 WHERE id = $1", Tuple.of(id, status));
  }

  Future<Void> accept(SqlClient tx, UUID id, String status, Instant at) {
    return update(tx, "UPDATE requests SET status = $2, accepted_at = $3 WHERE id = $1", Tuple.of(id, status, utc(at)));
  }

  Future<Void> resolve(SqlClient tx, UUID id, String status, Instant at) {
    return update(tx, "UPDATE requests SET status = $2, resolved_at = $3 WHERE id = $1", Tuple.of(id, status, utc(at)));
  }

  /** 退单: back to the school's routing desk, nobody's in particular. */
  Future<Void> returnTo(SqlClient tx, UUID id, String status, UUID desk) {
    return update(tx, "UPDATE requests SET status = $2, org_id = $3, assignee_id = NULL WHERE id = $1",
        Tuple.of(id, status, desk));
  }

  Future<Void> assignOrg(SqlClient tx, UUID id, String status, UUID orgId) {
    return update(tx, "UPDATE requests SET status = $2, org_id = $3, assignee_id = NULL WHERE id = $1",
        Tuple.of(id, status, orgId));
  }

  Future<Void> assignPerson(SqlClient tx, UUID id, String status, UUID personId) {
    return update(tx, "UPDATE requests SET status = $2, assignee_id = $3 WHERE id = $1", Tuple.of(id, status, personId));
  }

  Future<Void> close(SqlClient tx, UUID id, String status, int rating) {
    return update(tx, "UPDATE requests SET status = $2, rating = $3, closed_at = now() WHERE id = $1",
        Tuple.of(id, status, rating));
  }

  Future<Void> reopen(SqlClient tx, UUID id, String status) {
    return update(tx, "UPDATE requests SET status = $2, resolved_at = NULL WHERE id = $1", Tuple.of(id, status));
  }

  /** Who resolved it last (they earn the points when the requester confirms). */
  Future<UUID> resolver(SqlClient tx, UUID id) {
    return tx.preparedQuery("""
            SELECT actor_id FROM request_timeline WHERE request_id = $1 AND action = 'resolve' ORDER BY id DESC LIMIT 1
            """).execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("actor_id"));
  }

  /** The branch of a person who may be assigned a request; null for nobody (or someone anonymised). */
  Future<UUID> homeOrg(SqlClient tx, UUID personId) {
    return tx.preparedQuery("SELECT org_id FROM persons WHERE id = $1 AND anonymised_at IS NULL").execute(Tuple.of(personId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("org_id"));
  }

  /** The requester hears of a handler's step through the push outbox, in the step's transaction. */
  Future<Void> tellRequester(SqlClient tx, UUID id, UUID requester, String words) {
    return update(tx, "INSERT INTO push_outbox (kind, request_id, person_id, note) VALUES ('message', $1, $2, $3)",
        Tuple.of(id, requester, words));
  }

  /** The WeChat openid the content check is asked for. */
  Future<String> openid(UUID personId) {
    return pool.preparedQuery("SELECT openid FROM persons WHERE id = $1").execute(Tuple.of(personId))
        .map(rows -> rows.iterator().next().getString("openid"));
  }

  private static Future<Void> update(SqlClient tx, String sql, Tuple args) {
    return tx.preparedQuery(sql).execute(args).mapEmpty();
  }
}
