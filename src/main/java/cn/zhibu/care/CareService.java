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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * 关怀帮扶 (seed 002 §21 精准关怀帮扶老党员、困难党员和长期承担急难险重任务党员; seed 000 三(三)2 元旦春节、七一走访慰问):
 * the register of those cared for (elder, hardship, frontline) and the visits made to them per campaign, with
 * what was given. For the secretaries and admins over them only: a member's hardship is not the branch's news.
 */
final class CareService {
  private final Pool pool;
  private final CareRepository care;
  private final ContactRepository people;
  private final Scope scope;
  private final Clock clock;

  CareService(Pool pool, CareRepository care, ContactRepository people, Scope scope, Clock clock) {
    this.pool = pool;
    this.care = care;
    this.people = people;
    this.scope = scope;
    this.clock = clock;
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(Times.SCHOOL_ZONE));
  }

  /** Puts the person on the register with these kinds, or takes them off it (no kinds). */
  Future<Care.Registered> set(Caller caller, Audit.Actor actor, UUID personId, Care.Entry entry) {
    List<String> kinds = List.copyOf(new LinkedHashSet<>(entry.kinds()));
    String note = entry.note() == null || entry.note().isBlank() ? null : entry.note().strip();
    return Managed.home(people, scope, caller, personId)
        .compose(org -> pool.withTransaction(tx -> (kinds.isEmpty() ? care.remove(tx, personId)
                : care.set(tx, personId, kinds, note, caller.personId()))
            .compose(v -> Audit.record(tx, actor, org.id(), "care.set", "person:" + personId,
                new JsonObject().put("kinds", kinds.size())))))
        .map(v -> new Care.Registered(personId, kinds, kinds.isEmpty() ? null : note));
  }

  Future<Care.Visit> visit(Caller caller, Audit.Actor actor, UUID orgId, Care.VisitDraft d) {
    LocalDate on = LocalDate.parse(d.visitedAt());
    if (on.isAfter(today())) {
      return Future.failedFuture(ApiException.unprocessable("care.future_date", "A visit is recorded once it has happened"));
    }
    UUID id = UUID.randomUUID();
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> care.inSubtree(org.id(), d.personId())
        .compose(found -> !found ? Future.failedFuture(ApiException.unprocessable("care.invalid_person",
                "The person visited is on a roster of this org or below"))
            : pool.withTransaction(tx -> care.visit(tx, new CareRepository.Stored(id, org.id(), d.personId(), null, on,
                    d.campaign(), blank(d.support()), d.amountFen(), blank(d.note()), null), caller.personId())
                .compose(v -> Audit.record(tx, actor, org.id(), "care.visit", "person:" + d.personId(),
                    new JsonObject().put("campaign", d.campaign()).put("amountFen", d.amountFen()))))))
        .compose(v -> care.find(id)).map(CareService::view);
  }

  Future<Care.Register> register(Caller caller, UUID orgId, Integer year, String campaign) {
    int y = year == null ? today().getYear() : year;
    LocalDate from = LocalDate.of(y, 1, 1);
    LocalDate to = from.plusYears(1);
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> Future.all(care.register(org.id(), from, to, campaign),
        care.visits(org.id(), from, to, campaign), scope.adminOver(caller, org.id())).map(all -> {
          List<CareRepository.Registered> rows = all.resultAt(0);
          List<CareRepository.Stored> visits = all.resultAt(1);
          boolean admin = all.resultAt(2);
          List<Care.Line> lines = rows.stream().map(r -> new Care.Line(r.personId(), Masks.number(r.number(), admin),
              r.name(), r.org(), r.kinds(), r.note(), r.visits(),
              r.lastVisitedOn() == null ? null : r.lastVisitedOn().toString())).toList();
          long amount = visits.stream().mapToLong(v -> v.amountFen() == null ? 0 : v.amountFen()).sum();
          return new Care.Register(org.id(), y, campaign, (int) rows.stream().filter(r -> r.visits() == 0).count(), amount,
              lines, visits.stream().map(CareService::view).toList());
        }));
  }

  private static Care.Visit view(CareRepository.Stored v) {
    return new Care.Visit(v.id(), v.orgId(), v.personId(), v.name(), v.visitedOn().toString(), v.campaign(), v.support(),
        v.amountFen(), v.note(), v.recordedBy());
  }

  private static String blank(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
