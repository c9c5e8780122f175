package cn.zhibu.meeting;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Page;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;

/**
 * Leave (请假): asked by an expected attendee before the meeting ends and before checking in; decided by a
 * secretary of the meeting's org, never by the person who asked; listed for the branch's managers.
 */
final class LeaveService {
  /** What a member sends to ask for leave. */
  record Asked(String reason) {
  }

  /** What a secretary sends to decide. */
  record Decision(boolean approve) {
  }

  private final Pool pool;
  private final LeaveRepository leaves;
  private final EventService events;
  private final Scope scope;
  private final Clock clock;

  LeaveService(Pool pool, LeaveRepository leaves, EventService events, Scope scope, Clock clock) {
    this.pool = pool;
    this.leaves = leaves;
    this.events = events;
    this.scope = scope;
    this.clock = clock;
  }

  Future<Leave> request(Caller caller, UUID eventId, Asked asked) {
    return events.visible(caller, eventId).compose(event -> {
      ApiException closed = CheckinRules.notTakingPart(event);
      if (closed != null) {
        return Future.failedFuture(closed);
      }
      if (!clock.instant().isBefore(event.endsAt())) {
        return Future.failedFuture(ApiException.unprocessable("leave.too_late", "Leave must be asked before the event ends"));
      }
      return pool.withTransaction(tx -> leaves.standing(tx, eventId, caller.personId()).compose(standing -> {
        if (!standing.expected()) {
          return Future.failedFuture(ApiException.unprocessable("checkin.not_expected",
              "You are not on this event's attendee list"));
        }
        if (standing.checkedIn()) {
          return Future.failedFuture(ApiException.conflict("leave.already_checked_in", "You have already checked in"));
        }
        return leaves.insert(tx, UUID.randomUUID(), eventId, caller.personId(), asked.reason().strip())
            .compose(leave -> leave != null ? Future.succeededFuture(leave)
                : Future.failedFuture(ApiException.conflict("leave.already_requested", "You already asked for leave")));
      }));
    });
  }

  /** A secretary of the event's org decides; never on their own request. Outside their reach it is not found. */
  Future<Leave> decide(Caller caller, Audit.Actor actor, UUID leaveId, Decision decision) {
    return leaves.owner(leaveId).compose(owner -> {
      if (owner == null) {
        return Future.failedFuture(ApiException.notFound("The leave request"));
      }
      return events.managed(caller, owner.eventId(), Set.of(Role.SECRETARY))
          .recover(err -> Future.failedFuture(err instanceof ApiException api && api.status() == 403
              ? api : ApiException.notFound("The leave request")))
          .compose(event -> {
            if (caller.personId().equals(owner.personId())) {
              return Future.failedFuture(ApiException.unprocessable("leave.own_request",
                  "Someone else must decide on your own leave"));
            }
            return pool.withTransaction(tx -> leaves.decide(tx, leaveId, decision.approve(), caller.personId())
                .compose(leave -> leave == null
                    ? Future.failedFuture(ApiException.conflict("leave.already_decided", "This leave was already decided"))
                    : Audit.recordForPerson(tx, actor, owner.personId(), "leave.decide", "leave:" + leaveId,
                        new JsonObject().put("approve", decision.approve()).put("eventId", owner.eventId().toString()))
                        .map(leave)));
          });
    });
  }

  /** Leave of meetings in the org's subtree, for the secretaries, committee members and admins who follow it. */
  Future<Page<Leave>> ofOrg(Caller caller, UUID orgId, String status, String cursor, int limit) {
    Cursor.Newest after = Cursor.newest(cursor);
    return scope.require(caller, orgId, Role.LEADERS).compose(org -> leaves.ofSubtree(org.id(), status, after, limit));
  }
}
