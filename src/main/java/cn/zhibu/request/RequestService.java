package cn.zhibu.request;


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
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Filing, following and handling requests. */
final class RequestService {
  /** How a state reads in a subscribe message (phrase values: at most 5 characters). */
  /** What the requester is told a step made of their request: the state's label, except that back to submitted is 已退回. */
  static String statusWords(String status) {
    return "submitted".equals(status) ? "已退回" : cn.zhibu.platform.Labels.of("requestStatuses").getOrDefault(status, status);
  }
  private final Pool pool;
  private final RequestRepository requests;
  private final Scope scope;
  private final OrgDirectory orgs;
  private final WeChatClient wechat;
  private final RateLimiter limiter;
  private final Points points;
  private final Categories categories;
  private final Clock clock;

  RequestService(Pool pool, RequestRepository requests, Scope scope, OrgDirectory orgs, WeChatClient wechat,
      RateLimiter limiter, Points points, Categories categories, Clock clock) {
    this.pool = pool;
    this.requests = requests;
    this.scope = scope;
    this.orgs = orgs;
    this.wechat = wechat;
    this.limiter = limiter;
    this.points = points;
    this.categories = categories;
    this.clock = clock;
  }

  /** What a student or member files (the contract has checked it); {@code publicBoard} is yes unless they say no. */
  record Filing(String category, String title, String content, boolean anonymous, Boolean publicBoard, UUID orgId,
      List<String> photoUrls) {
  }

  /** A step of the workflow, with what that step needs (a note, an assignee, a rating). */
  record Step(String action, String note, String assigneeId, Integer rating) {
  }

  /** {@code RequestFiled}: the new request's id, state and deadlines. */
  record Filed(UUID id, String status, String respondBy, String resolveBy) {
  }

  Future<Filed> file(Caller caller, Filing body) {
    String category = body.category();
    Categories.Limits limits = categories.of(category);
    if (limits == null) {
      return Future.failedFuture(ApiException.unprocessable("request.unknown_category",
          "Category must be one of " + String.join(", ", categories.names())));
    }
    UUID orgId = body.orgId() == null ? orgs.rootId() : body.orgId();
    String title = body.title().strip();
    String content = body.content().strip();
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
          RequestRepository.Filed filed = new RequestRepository.Filed(id, caller.personId(),
              body.anonymous(), category, title, content, body.photoUrls() == null ? List.of() : body.photoUrls(), orgId,
              status, now.plus(limits.respond()), now.plus(limits.resolve()), now,
              !Boolean.FALSE.equals(body.publicBoard()));
          return pool.withTransaction(tx -> requests.insert(tx, filed)
              .compose(v -> RequestRepository.addStep(tx, id, "file", null, status, caller.personId(), true,
                  "held".equals(status) ? "held for review by the content check" : null, now)))
              .map(v -> new Filed(id, status, Times.format(now.plus(limits.respond())),
                  Times.format(now.plus(limits.resolve()))));
        });
  }

  /** WeChat's text check; if WeChat is unreachable the request is held for a human rather than refused. */
  private Future<WeChatClient.Suggest> contentCheck(Caller caller, String text) {
    return requests.openid(caller.personId()).compose(openid -> wechat.msgSecCheck(openid, text))
        .recover(err -> err instanceof ApiException api && api.status() >= 500
            ? Future.succeededFuture(WeChatClient.Suggest.REVIEW) : Future.failedFuture(err));
  }

  Future<Request.Detail> get(Caller caller, UUID id) {
    return load(pool, id, false).compose(request -> access(caller, request).compose(role ->
        requests.timelineOf(id).map(steps -> {
          boolean mine = role == Workflow.Actor.REQUESTER;
          return Request.Detail.of(request.view(mine), Workflow.allowed(request.status(), role),
              steps.stream().map(step -> step.shown(request.anonymous() && !mine)).toList());
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
    return orgs.find(request.orgId()).map(org -> Scope.covers(caller, org, Role.LEADERS));
  }

  /** The request after the step ({@link Request.Detail}), or only its id and status once out of the caller's sight. */
  Future<Object> transition(Caller caller, Audit.Actor actor, UUID id, Step body) {
    String action = body.action();
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
        .compose(v -> get(caller, id).<Object>map(d -> d).recover(err -> err instanceof ApiException api
            && api.status() == 404 ? Future.succeededFuture(new Request.Gone(id, rule.to())) : Future.failedFuture(err)));
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
      Step body, Instant now, Points.Awards awards) {
    String note = body.note();
    if (("reject".equals(action) || "return".equals(action)) && (note == null || note.isBlank())) {
      return Future.failedFuture(ApiException.unprocessable("request.note_required",
          "Say why when you " + action + " a request"));
    }
    Future<Void> change = switch (action) {
      case "accept" -> requests.accept(tx, request.id(), next, now);
      case "assign" -> assign(tx, request, next, body.assigneeId());
      case "resolve" -> requests.resolve(tx, request.id(), next, now);
      case "return" -> requests.returnTo(tx, request.id(), next, orgs.rootId());
      case "confirm" -> {
        Integer rating = body.rating();
        if (rating == null) {
          yield Future.failedFuture(ApiException.unprocessable("request.rating_required", "Rate the result from 1 to 5"));
        }
        yield requests.close(tx, request.id(), next, rating)
            .compose(v -> requests.resolver(tx, request.id()))
            .compose(resolver -> resolver == null ? Future.succeededFuture() : awards.add(
                Award.of(resolver, PointRules.REQUEST_RESOLVED, "request", request.id().toString())).mapEmpty());
      }
      case "reopen" -> requests.reopen(tx, request.id(), next);
      default -> requests.setStatus(tx, request.id(), next);
    };
    boolean byRequester = Workflow.RULES.get(action).actor() == Workflow.Actor.REQUESTER;
    return change.compose(v -> RequestRepository.addStep(tx, request.id(), action, request.status(), next, caller.personId(),
            byRequester, note, now))
        // The requester hears of every step a handler takes, through the push outbox, in this transaction.
        .compose(v -> byRequester ? Future.succeededFuture()
            : requests.tellRequester(tx, request.id(), request.requesterId(), statusWords(next)));
  }

  /** To a member or an org inside the request's org: an org takes the request over; a person handles it. */
  private Future<Void> assign(SqlClient tx, Request request, String next, String assigneeId) {
    if (assigneeId == null) {
      return Future.failedFuture(ApiException.unprocessable("request.assignee_required", "Name an assignee"));
    }
    UUID target = UUID.fromString(assigneeId);
    return orgs.find(request.orgId()).compose(current -> orgs.find(target)
        .compose(org -> org.isWithin(current.id())
            ? requests.assignOrg(tx, request.id(), next, org.id())
            : Future.failedFuture(ApiException.unprocessable("request.assignee_out_of_scope",
                "Assign within the org handling the request")))
        .recover(err -> err instanceof ApiException api && api.status() == 404
            ? assignPerson(tx, request, next, current, target) : Future.failedFuture(err)));
  }

  private Future<Void> assignPerson(SqlClient tx, Request request, String next, Org current, UUID personId) {
    return requests.homeOrg(tx, personId)
        .compose(home -> home == null ? Future.failedFuture(ApiException.unprocessable("request.assignee_out_of_scope",
                "Assign to a member of the org handling the request")) : orgs.find(home))
        .compose(home -> home.isWithin(current.id())
            ? requests.assignPerson(tx, request.id(), next, personId)
            : Future.failedFuture(ApiException.unprocessable("request.assignee_out_of_scope",
                "Assign to a member of the org handling the request")));
  }

  private Future<Request> load(SqlClient client, UUID id, boolean lock) {
    return requests.find(client, id, lock).compose(request -> request == null
        ? Future.failedFuture(ApiException.notFound("The request")) : Future.succeededFuture(request));
  }

  /** mine: filed by me; assigned: assigned to me personally; org: handled by an org where I am a handler. */
  Future<Page<Request.View>> list(Caller caller, String view, String status, String cursor, int limit) {
    Cursor.Newest after = Cursor.newest(cursor);
    UUID[] handled = caller.orgsWith(Role.LEADERS).toArray(UUID[]::new);
    String where = switch (view) {
      case "mine" -> "r.requester_id = $1";
      case "assigned" -> "r.assignee_id = $1";
      default -> "EXISTS (SELECT 1 FROM orgs o WHERE o.id = r.org_id AND o.ancestry && $2::uuid[])";
    };
    return requests.page(where, caller.personId(), handled, status, after, limit,
        request -> request.view(request.requesterId().equals(caller.personId())));
  }

}
