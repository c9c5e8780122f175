package cn.zhibu.care;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Masks;
import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * 流动党员 (seed 002 §15 加强流动党员管理, seed 001 四.3): the branch's secretary (or an admin over it) records a member
 * as away — where, how to reach them, from when until when — or back; the register lists those away, overdue
 * returns first, so nobody drifts out of sight (the 失联 follow-up catches those who do).
 */
final class MobilityService {
  private final Pool pool;
  private final MobilityRepository mobility;
  private final ContactRepository people;
  private final Scope scope;
  private final Clock clock;

  MobilityService(Pool pool, MobilityRepository mobility, ContactRepository people, Scope scope, Clock clock) {
    this.pool = pool;
    this.mobility = mobility;
    this.people = people;
    this.scope = scope;
    this.clock = clock;
  }

  /** What a secretary sends. */
  record Change(String status, String destination, String contact, String since, String until) {
  }

  /** {@code Mobility}: the person's entry as it now is (status none: not away). */
  record Mobility(UUID personId, String status, String destination, String contact, String since, String until) {
  }

  /** {@code MobileMembers}. */
  record Register(UUID orgId, List<Member> items) {
  }

  record Member(UUID personId, String number, String name, String org, String destination, String contact, String since,
      String until, boolean returnOverdue) {
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(Times.SCHOOL_ZONE));
  }

  Future<Mobility> set(Caller caller, Audit.Actor actor, UUID personId, Change c) {
    boolean away = "mobile".equals(c.status());
    String destination = c.destination() == null || c.destination().isBlank() ? null : c.destination().strip();
    LocalDate since = c.since() == null ? null : LocalDate.parse(c.since());
    LocalDate until = c.until() == null ? null : LocalDate.parse(c.until());
    if (away && destination == null) {
      return Future.failedFuture(ApiException.unprocessable("mobility.destination_required",
          "Say where the member is going (流入地或单位)"));
    }
    if (since != null && until != null && until.isBefore(since)) {
      return Future.failedFuture(ApiException.unprocessable("mobility.invalid_dates", "The return is after the departure"));
    }
    String contact = c.contact() == null || c.contact().isBlank() ? null : c.contact().strip();
    return Managed.home(people, scope, caller, personId)
        .compose(org -> pool.withTransaction(tx -> (away
                ? mobility.set(tx, personId, destination, contact, since, until, caller.personId())
                : mobility.clear(tx, personId))
            .compose(v -> Audit.record(tx, actor, org.id(), "mobility.set", "person:" + personId,
                new JsonObject().put("status", away ? "mobile" : "none")))))
        .map(v -> away ? new Mobility(personId, "mobile", destination, contact, c.since(), c.until())
            : new Mobility(personId, "none", null, null, null, null));
  }

  Future<Register> list(Caller caller, UUID orgId) {
    LocalDate today = today();
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> Future.all(mobility.ofSubtree(org.id(), today),
        scope.adminOver(caller, org.id())).map(all -> {
          List<MobilityRepository.Away> rows = all.resultAt(0);
          boolean admin = all.resultAt(1);
          return new Register(org.id(), rows.stream().map(a -> new Member(a.personId(), Masks.number(a.number(), admin),
              a.name(), a.org(), a.destination(), a.contact(), a.since() == null ? null : a.since().toString(),
              a.until() == null ? null : a.until().toString(), a.until() != null && a.until().isBefore(today))).toList());
        }));
  }
}
