package cn.zhibu.care;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Masks;
import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * 失联党员 follow-up: the members of an org's subtree who have shown no sign — no check-in, no dues payment, no
 * login — for some months (6 unless asked), for its secretaries and admins, who record what they found.
 */
final class ContactService {
  static final int DEFAULT_MONTHS = 6;
  private final Pool pool;
  private final ContactRepository contacts;
  private final Scope scope;
  private final Clock clock;

  ContactService(Pool pool, ContactRepository contacts, Scope scope, Clock clock) {
    this.pool = pool;
    this.contacts = contacts;
    this.scope = scope;
    this.clock = clock;
  }

  /** {@code LostContact}. */
  record Report(UUID orgId, int months, String since, List<Member> items) {
  }

  /** A silent member: the last sign of each kind (null: never), and the finding recorded, if any. */
  record Member(UUID personId, String number, String name, String org, String lastCheckinAt, String lastDuesAt,
      String lastLoginAt, Status status) {
  }

  /** {@code ContactStatus}. */
  record Status(boolean lost, String note, String recordedAt) {
  }

  Future<Report> silent(Caller caller, UUID orgId, Integer months) {
    int m = months == null ? DEFAULT_MONTHS : months;
    OffsetDateTime since = clock.instant().atZone(Times.SCHOOL_ZONE).minusMonths(m).toOffsetDateTime();
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> Future.all(contacts.silentSince(org.id(), since),
        scope.adminOver(caller, org.id())).map(all -> {
          List<ContactRepository.Silent> rows = all.resultAt(0);
          boolean admin = all.resultAt(1);
          return new Report(org.id(), m, Times.format(since), rows.stream().map(s -> new Member(s.personId(),
              Masks.number(s.number(), admin), s.name(), s.org(), Times.format(s.lastCheckin()), Times.format(s.lastDues()),
              Times.format(s.lastLogin()), s.lost() == null ? null
                  : new Status(s.lost(), s.note(), Times.format(s.recordedAt())))).toList());
        }));
  }

  /** What a secretary or admin over the person's branch found: lost (失联) or in touch, with a note. Audited. */
  Future<Status> record(Caller caller, Audit.Actor actor, UUID personId, boolean lost, String note) {
    String kept = note == null || note.isBlank() ? null : note.strip();
    return Managed.home(contacts, scope, caller, personId)
        .compose(org -> pool.withTransaction(tx -> contacts.record(tx, personId, lost, kept, caller.personId())
            .compose(at -> Audit.record(tx, actor, org.id(), "contact.status", "person:" + personId,
                new JsonObject().put("lost", lost)).map(at))))
        .map(at -> new Status(lost, kept, Times.format(at)));
  }
}
