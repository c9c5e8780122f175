package cn.zhibu.assessment;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * 整改 (seed 001 四.4: 目标、责任、时限; seed 002 §12 后进党支部常态化整顿): an item with an owner and a deadline, set by
 * the org above or by the org's own secretary; the owner (or the secretary) reports progress and submits it; the
 * org above verifies it — never the owner — and a refusal reopens it. Reminded at the deadline, overdue first.
 */
final class RectificationService {
  private final Pool pool;
  private final RectificationRepository items;
  private final Scope scope;
  private final Clock clock;

  RectificationService(Pool pool, RectificationRepository items, Scope scope, Clock clock) {
    this.pool = pool;
    this.items = items;
    this.scope = scope;
    this.clock = clock;
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(Times.SCHOOL_ZONE));
  }

  Future<Assessments.Rectification> create(Caller caller, Audit.Actor actor, UUID orgId, Assessments.RectificationDraft d) {
    LocalDate due = LocalDate.parse(d.dueOn());
    if (due.isBefore(today())) {
      return Future.failedFuture(ApiException.unprocessable("rectification.past_due", "A deadline is today or later"));
    }
    return scope.above(caller, orgId, Role.LEADERS).compose(above -> {
      if (!above && !caller.has(Role.SECRETARY, orgId)) {
        return scope.require(caller, orgId, Role.LEADERS).compose(org -> Future.failedFuture(
            ApiException.forbidden("整改 is set by the org above, or by the org's secretary for its own")));
      }
      return items.onRosterBelow(orgId, d.ownerId()).compose(onRoster -> {
        if (!onRoster) {
          return Future.failedFuture(ApiException.unprocessable("rectification.invalid_owner",
              "The owner is on a roster of this org or below"));
        }
        UUID id = UUID.randomUUID();
        return pool.withTransaction(tx -> items.insert(tx, id, orgId, d.title().strip(), blank(d.detail()), d.ownerId(), due,
                d.assessmentId(), caller.personId())
            .compose(v -> Audit.record(tx, actor, orgId, "rectification.create", "rectification:" + id,
                new JsonObject().put("dueOn", due.toString()).put("ownerId", d.ownerId().toString()))))
            .compose(v -> get(id));
      });
    });
  }

  Future<Assessments.Rectifications> list(Caller caller, UUID orgId, String state) {
    return scope.require(caller, orgId, Role.LEADERS).compose(org -> items.ofSubtree(org.id(), state, today()))
        .map(all -> new Assessments.Rectifications(all.stream().map(this::view).toList()));
  }

  /** A note from the owner or the org's secretary; with {@code done} the item is submitted for verification. */
  Future<Assessments.Rectification> progress(Caller caller, Audit.Actor actor, UUID id, Assessments.Progress p) {
    return stored(id).compose(item -> {
      if (!caller.personId().equals(item.ownerId()) && !caller.has(Role.SECRETARY, item.orgId())) {
        return scope.require(caller, item.orgId(), Role.LEADERS).compose(org -> Future.failedFuture(
            ApiException.forbidden("Progress is reported by the owner or the org's secretary")));
      }
      String note = blank(p.note());
      return pool.withTransaction(tx -> (p.done()
              ? items.step(tx, id, List.of("open", "reopened"), "submitted", "submitted", note, caller.personId())
              : "verified".equals(item.state()) ? Future.succeededFuture(false)
              : items.note(tx, id, note, caller.personId()).map(true))
          .compose(moved -> moved ? Audit.record(tx, actor, item.orgId(), "rectification.progress", "rectification:" + id,
                  new JsonObject().put("done", p.done()))
              : Future.failedFuture(ApiException.conflict("rectification.invalid_state",
                  "verified".equals(item.state()) ? "This item is verified" : "This item is already submitted"))))
          .compose(v -> get(id));
    });
  }

  /** The org above accepts (verified) or refuses with a reason (reopened); never the owner; only when submitted. */
  Future<Assessments.Rectification> verify(Caller caller, Audit.Actor actor, UUID id, Assessments.Verification v) {
    return stored(id).compose(item -> scope.above(caller, item.orgId(), Role.LEADERS).compose(above -> {
      if (!above) {
        return scope.require(caller, item.orgId(), Role.LEADERS).compose(org -> Future.failedFuture(
            ApiException.forbidden("The org above verifies 整改")));
      }
      if (caller.personId().equals(item.ownerId())) {
        return Future.failedFuture(ApiException.unprocessable("rectification.own_verification",
            "Nobody verifies their own 整改"));
      }
      String note = blank(v.note());
      if (!v.accept() && note == null) {
        return Future.failedFuture(ApiException.unprocessable("rectification.note_required",
            "Say what is still to be done when you refuse"));
      }
      return pool.withTransaction(tx -> items.step(tx, id, List.of("submitted"), v.accept() ? "verified" : "reopened",
              v.accept() ? "verified" : "reopened", note, caller.personId())
          .compose(moved -> moved ? Audit.record(tx, actor, item.orgId(), "rectification.verify", "rectification:" + id,
                  new JsonObject().put("accept", v.accept()))
              : Future.failedFuture(ApiException.conflict("rectification.invalid_state", "Only a submitted item is verified"))))
          .compose(x -> get(id));
    }));
  }

  /** The deadline reminders (a minute job: each item is reminded once). */
  Future<Integer> remind() {
    return pool.withTransaction(tx -> items.remindDue(tx, today()));
  }

  private Future<RectificationRepository.Stored> stored(UUID id) {
    return items.find(id).compose(i -> i == null ? Future.failedFuture(ApiException.notFound("The 整改 item"))
        : Future.succeededFuture(i));
  }

  private Future<Assessments.Rectification> get(UUID id) {
    return stored(id).map(this::view);
  }

  private Assessments.Rectification view(RectificationRepository.Stored i) {
    return new Assessments.Rectification(i.id(), i.orgId(), i.orgName(), i.title(), i.detail(), i.ownerId(), i.owner(),
        i.dueOn().toString(), i.assessmentId(), i.state(), !"verified".equals(i.state()) && i.dueOn().isBefore(today()),
        i.verifiedAt() == null ? null : Times.format(i.verifiedAt()),
        i.steps().stream().map(s -> new Assessments.Step(s.kind(), s.note(), s.by(), Times.format(s.at()))).toList());
  }

  private static String blank(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
