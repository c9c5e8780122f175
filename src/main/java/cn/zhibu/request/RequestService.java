package cn.zhibu.request;

import static cn.zhibu.platform.Times.utc;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.org.Org;
import cn.zhibu.org.OrgDirectory;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Page;
import cn.zhibu.platform.RateLimiter;
import cn.zhibu.platform.Times;
import cn.zhibu.points.Award;
import cn.zhibu.points.PointRules;
import cn.zhibu.points.Points;
import cn.zhibu.wechat.WeChatClient;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;

/** Filing, following and handling requests. */
final class RequestService {
  static final Set<Role> HANDLERS = Set.of(Role.ADMIN, Role.SECRETARY, Role.COMMITTEE);
  /** How a state reads in a subscribe message (phrase values: at most 5 characters). */
  static final java.util.Map<String, String> STATUS_WORDS = java.util.Map.of("accepted", "已受理", "assigned", "已转办",
      "in_progress", "办理中", "resolved", "已办结", "rejected", "不予受理", "submitted", "已退回");
  private final Pool pool;
  private final Scope scope;
  private final OrgDirectory orgs;
  private final WeChatClient wechat;
  private final RateLimiter limiter;
  private final Points points;
  private final Categories categories;
  private final Clock clock;

  RequestService(Pool pool, Scope scope, OrgDirectory orgs, WeChatClient wechat, RateLimiter limiter, Points points,
      Categories categories, Clock clock) {
    this.pool = pool;
    this.scope = scope;
    this.orgs = orgs;
    this.wechat = wechat;
    this.limiter = limiter;
    this.points = points;
    this.categories = categories;
    this.clock = clock;
  }

  Future<JsonObject> file(Caller caller, JsonObject body) {
    String category = body.getString("category");
    Categories.Limits limits = categories.of(category);
    if (limits == null) {
      return Future.failedFuture(ApiException.unprocessable("request.unknown_category",
          "Category must be one of " + String.join(", ", categories.names())));
    }
    UUID orgId = body.getString("orgId") == null ? orgs.rootId() : UUID.fromString(body.getString("orgId"));
    String title = body.getString("title").strip();
    String content = body.getString("content").strip();
    return limiter.check("request:" + caller.personId(), 10, Duration.ofHours(1))
        .compose(v -> orgs.find(orgId))
        .compose(org -> contentCheck(caller, title + "\n" + content))
        .compose(verdict -> {
          if (verdict == WeChatClient.Suggest.RISKY) {
            return Future.failedFuture(ApiException.unprocessable("request.content_refused",
                "The text did not pass WeChat's content check; please rephrase it"));
          }
          Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
          UUID id = UUID.randomUUID();
          String status = verdict == WeChatClient.Suggest.PASS ? "submitted" : "held";
          return pool.withTransaction(tx -> tx.preparedQuery("""
                  INSERT INTO requests (id, requester_id, anonymous, category, title, content, photo_urls, org_id,
                                        status, respond_by, resolve_by, created_at, on_board)
                  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
                  """).execute(Tuple.tuple().addUUID(id).addUUID(caller.personId())
                  .addBoolean(body.getBoolean("anonymous", false)).addString(category).addString(title)
                  .addString(content).addArrayOfString(body.getJsonArray("photoUrls", new JsonArray()).stream()
                      .map(String::valueOf).toArray(String[]::new))
                  .addUUID(orgId).addString(status).addOffsetDateTime(utc(now.plus(limits.respond())))
                  .addOffsetDateTime(utc(now.plus(limits.resolve()))).addOffsetDateTime(utc(now))
                  .addBoolean(body.getBoolean("publicBoard", true)))
              .compose(v -> timeline(tx, id, "file", null, status, caller.personId(), true,
                  "held".equals(status) ? "held for review by the content check" : null, now)))
              .map(v -> new JsonObject().put("id", id.toString()).put("status", status)
                  .put("respondBy", Times.format(now.plus(limits.respond())))
                  .put("resolveBy", Times.format(now.plus(limits.resolve()))));
        });
  }

  /** WeChat's text check; if WeChat is unreachable the request is held for a human rather than refused. */
  private Future<WeChatClient.Suggest> contentCheck(Caller caller, String text) {
    return pool.preparedQuery("SELECT openid FROM persons WHERE id = $1").execute(Tuple.of(caller.personId()))
        .compose(rows -> wechat.msgSecCheck(rows.iterator().next().getString("openid"), text))
        .recover(err -> err instanceof ApiException api && api.status() >= 500
            ? Future.succeededFuture(WeChatClient.Suggest.REVIEW) : Future.failedFuture(err));
  }

  Future<JsonObject> get(Caller caller, UUID id) {
    return load(pool, id, false).compose(request -> access(caller, request).compose(role ->
        pool.preparedQuery("""
                SELECT action, from_status, to_status, actor_id, by_requester, note, at, p.name AS actor_name
                FROM request_timeline t LEFT JOIN persons p ON p.id = t.actor_id
                WHERE request_id = $1 ORDER BY t.id
                """).execute(Tuple.of(id))
            .map(rows -> {
              boolean mine = role == Workflow.Actor.REQUESTER;
              JsonArray timeline = new JsonArray();
              for (Row row : rows) {
                boolean hideActor = row.getBoolean("by_requester") && request.anonymous() && !mine;
                timeline.add(new JsonObject().put("action", row.getString("action"))
                    .put("from", row.getString("from_status")).put("to", row.getString("to_status"))
                    .put("by", row.getBoolean("by_requester") ? "requester" : row.getUUID("actor_id") == null
                        ? "system" : "handler")
                    .put("actorId", hideActor || row.getUUID("actor_id") == null ? null : row.getUUID("actor_id").toString())
                    .put("actorName", hideActor ? null : row.getString("actor_name"))
                    .put("note", row.getString("note")).put("at", Times.format(row.getOffsetDateTime("at"))));
              }
              return request.toJson(mine).put("timeline", timeline);
            })));
  }

  /** The requester, a handler, or 404: nobody learns that someone else's request exists. */
  private Future<Workflow.Actor> access(Caller caller, Request request) {
    if (request.requesterId().equals(caller.personId())) {
      return Future.succeededFuture(Workflow.Actor.REQUESTER);
    }
    return isHandler(caller, request).compose(handler -> handler ? Future.succeededFuture(Workflow.Actor.HANDLER)
        : Future.failedFuture(ApiException.notFound("The request")));
  }

  private Future<Boolean> isHandler(Caller caller, Request request) {
    if (caller.personId().equals(request.assigneeId())) {
      return Future.succeededFuture(true);
    }
    return orgs.find(request.orgId()).map(org -> Scope.covers(caller, org, HANDLERS));
  }

  Future<JsonObject> transition(Caller caller, Audit.Actor actor, UUID id, JsonObject body) {
    String action = body.getString("action");
    Workflow.Rule rule = Workflow.RULES.get(action);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    return points.inTransaction(pool, (tx, awards) -> load(tx, id, true).compose(request -> access(caller, request).compose(role -> {
          // A handler who filed the request is its requester here: nobody handles their own request.
          if (role != rule.actor()) {
            return Future.failedFuture(role == Workflow.Actor.REQUESTER
                ? ApiException.forbidden("Only handlers can " + action + " a request")
                : ApiException.forbidden("Only the requester can " + action + " a request"));
          }
          String next = Workflow.next(request.status(), action);
          if (next == null) {
            return Future.failedFuture(ApiException.conflict("request.invalid_transition",
                "Cannot " + action + " a request that is " + request.status()));
          }
          return apply(tx, caller, request, action, next, body, now, awards)
              .compose(v -> auditTransition(tx, actor, request, role, action, next));
        })))
        // After a return (退单) or an assignment away, the actor may no longer see the request.
        .compose(v -> get(caller, id).recover(err -> err instanceof ApiException api && api.status() == 404
            ? Future.succeededFuture(new JsonObject().put("id", id.toString()).put("status", rule.to()))
            : Future.failedFuture(err)));
  }

  /**
   * Every transition goes to the audit log with who and from where, except the requester's own steps on an
   * anonymous request: those are recorded without person or address, or the log would name them.
   */
  private static Future<Void> auditTransition(SqlClient tx, Audit.Actor actor, Request request, Workflow.Actor role,
      String action, String next) {
    boolean hidden = role == Workflow.Actor.REQUESTER && request.anonymous();
    Audit.Actor who = hidden ? new Audit.Actor(null, null, actor.requestId()) : actor;
    return Audit.record(tx, who, request.orgId(), "request." + action, "request:" + request.id(),
        new JsonObject().put("from", request.status()).put("to", next).put("byRequester", role == Workflow.Actor.REQUESTER));
  }

  private Future<Void> apply(SqlClient tx, Caller caller, Request request, String action, String next,
      JsonObject body, Instant now, Points.Awards awards) {
    String note = body.getString("note");
    if (("reject".equals(action) || "return".equals(action)) && (note == null || note.isBlank())) {
      return Future.failedFuture(ApiException.unprocessable("request.note_required",
          "Say why when you " + action + " a request"));
    }
    Future<Void> change = switch (action) {
      case "accept" -> update(tx, request.id(), next, "accepted_at = $3", utc(now));
      case "assign" -> assign(tx, caller, request, body.getString("assigneeId"));
      case "resolve" -> update(tx, request.id(), next, "resolved_at = $3", utc(now));
      case "return" -> update(tx, request.id(), next, "org_id = $3, assignee_id = NULL", orgs.rootId());
      case "confirm" -> {
        Integer rating = body.getInteger("rating");
        if (rating == null) {
          yield Future.failedFuture(ApiException.unprocessable("request.rating_required", "Rate the result from 1 to 5"));
        }
        yield update(tx, request.id(), next, "rating = $3, closed_at = now()", rating)
            .compose(v -> resolver(tx, request.id()))
            .compose(resolver -> resolver == null ? Future.succeededFuture() : awards.add(
                Award.of(resolver, PointRules.REQUEST_RESOLVED, "request", request.id().toString())).mapEmpty());
      }
      case "reopen" -> update(tx, request.id(), next, "resolved_at = NULL", null);
      default -> update(tx, request.id(), next, null, null);
    };
    boolean byRequester = Workflow.RULES.get(action).actor() == Workflow.Actor.REQUESTER;
    return change.compose(v -> timeline(tx, request.id(), action, request.status(), next, caller.personId(),
            byRequester, note, now))
        // The requester hears of every step a handler takes, through the push outbox, in this transaction.
        .compose(v -> byRequester ? Future.succeededFuture() : tx.preparedQuery("""
            INSERT INTO push_outbox (kind, request_id, person_id, note) VALUES ('message', $1, $2, $3)
            """).execute(Tuple.of(request.id(), request.requesterId(), STATUS_WORDS.getOrDefault(next, next))).mapEmpty());
  }

  /** To a member or an org inside the request's org: an org takes the request over; a person handles it. */
  private Future<Void> assign(SqlClient tx, Caller caller, Request request, String assigneeId) {
    if (assigneeId == null) {
      return Future.failedFuture(ApiException.unprocessable("request.assignee_required", "Name an assignee"));
    }
    UUID target = UUID.fromString(assigneeId);
    return orgs.find(request.orgId()).compose(current -> orgs.find(target)
        .compose(org -> org.isWithin(current.id())
            ? update(tx, request.id(), "assigned", "org_id = $3, assignee_id = NULL", org.id())
            : Future.failedFuture(ApiException.unprocessable("request.assignee_out_of_scope",
                "Assign within the org handling the request")))
        .recover(err -> err instanceof ApiException api && api.status() == 404
            ? assignPerson(tx, request, current, target) : Future.failedFuture(err)));
  }

  private Future<Void> assignPerson(SqlClient tx, Request request, Org current, UUID personId) {
    return tx.preparedQuery("SELECT org_id FROM persons WHERE id = $1 AND anonymised_at IS NULL").execute(Tuple.of(personId))
        .compose(rows -> rows.size() == 0 || rows.iterator().next().getUUID("org_id") == null
            ? Future.failedFuture(ApiException.unprocessable("request.assignee_out_of_scope",
                "Assign to a member of the org handling the request"))
            : orgs.find(rows.iterator().next().getUUID("org_id")))
        .compose(home -> home.isWithin(current.id())
            ? update(tx, request.id(), "assigned", "assignee_id = $3", personId)
            : Future.failedFuture(ApiException.unprocessable("request.assignee_out_of_scope",
                "Assign to a member of the org handling the request")));
  }

  private static Future<UUID> resolver(SqlClient tx, UUID requestId) {
    return tx.preparedQuery("""
            SELECT actor_id FROM request_timeline WHERE request_id = $1 AND action = 'resolve' ORDER BY id DESC LIMIT 1
            """).execute(Tuple.of(requestId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getUUID("actor_id"));
  }

  /** Sets the status and, where given, more columns ({@code set} may use $3 for {@code value}). */
  private static Future<Void> update(SqlClient tx, UUID id, String status, String set, Object value) {
    String sql = "UPDATE requests SET status = $2" + (set == null ? "" : ", " + set) + " WHERE id = $1";
    return tx.preparedQuery(sql).execute(set != null && set.contains("$3") ? Tuple.of(id, status, value)
        : Tuple.of(id, status)).mapEmpty();
  }

  static Future<Void> timeline(SqlClient tx, UUID id, String action, String from, String to, UUID actor,
      boolean byRequester, String note, Instant at) {
    return tx.preparedQuery("""
            INSERT INTO request_timeline (request_id, action, from_status, to_status, actor_id, by_requester, note, at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """).execute(Tuple.tuple().addUUID(id).addString(action).addString(from).addString(to).addUUID(actor)
            .addBoolean(byRequester).addString(note).addOffsetDateTime(utc(at))).mapEmpty();
  }

  private static Future<Request> load(SqlClient client, UUID id, boolean lock) {
    return client.preparedQuery("SELECT " + Request.COLUMNS + Request.FROM + "WHERE r.id = $1"
            + (lock ? " FOR UPDATE OF r" : "")).execute(Tuple.of(id))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiException.notFound("The request"))
            : Future.succeededFuture(Request.from(rows.iterator().next())));
  }

  /** mine: filed by me; assigned: assigned to me personally; org: handled by an org where I am a handler. */
  Future<Page<JsonObject>> list(Caller caller, String view, String status, String cursor, int limit) {
    Cursor.Newest after = Cursor.newest(cursor);
    UUID[] handled = caller.orgsWith(HANDLERS).toArray(UUID[]::new);
    String where = switch (view) {
      case "mine" -> "r.requester_id = $1";
      case "assigned" -> "r.assignee_id = $1";
      default -> "EXISTS (SELECT 1 FROM orgs o WHERE o.id = r.org_id AND o.ancestry && $2::uuid[])";
    };
    return pool.preparedQuery("SELECT " + Request.COLUMNS + Request.FROM + "WHERE " + where
            + " AND ($3::text IS NULL OR r.status = $3) AND (r.created_at, r.id) < ($4, $5)"
            + " ORDER BY r.created_at DESC, r.id DESC LIMIT $6")
        .execute(Tuple.tuple().addUUID(caller.personId()).addArrayOfUUID(handled).addString(status)
            .addOffsetDateTime(after.utc()).addUUID(after.id()).addInteger(limit + 1))
        .map(rows -> Page.ofRows(rows, limit, row -> {
          Request request = Request.from(row);
          return request.toJson(request.requesterId().equals(caller.personId()));
        }, row -> Cursor.newest(row, "created_at")));
  }

}
