package cn.zhibu.development;

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
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * 培养教育: the 培养联系人 (seed 003 §11 落实联系人制度) and 入党介绍人 the branch names for a person in development, and
 * the 思想汇报 (seed 000 三(一)4 党员思想汇报制度) people in development and probationary members write, read and
 * acknowledged by the secretary or their contacts. Who may be named (full members only, 1–2 contacts, two
 * introducers from 发展对象 on) and the quarterly rhythm are the national 发展党员工作细则's and custom's, not the seeds'.
 */
final class CultivationService {
  /** The stages that write 思想汇报; from 积极分子 on they are expected each quarter. */
  static final Set<String> WRITERS = Set.of("applicant", "activist", "candidate", "probationary");
  private static final Set<String> INTRODUCED = Set.of("candidate", "probationary");

  private final Pool pool;
  private final CultivationRepository repository;
  private final DevelopmentRepository development;
  private final Scope scope;
  private final Clock clock;

  CultivationService(Pool pool, CultivationRepository repository, DevelopmentRepository development, Scope scope,
      Clock clock) {
    this.pool = pool;
    this.repository = repository;
    this.development = development;
    this.scope = scope;
    this.clock = clock;
  }

  /** Whether someone at this stage (null: none) writes 思想汇报. */
  static boolean writes(String stage) {
    return stage != null && WRITERS.contains(stage);
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(Times.SCHOOL_ZONE));
  }

  /** The quarter a day falls in, as a period: "2026-Q4". */
  static String period(LocalDate day) {
    return day.getYear() + "-Q" + ((day.getMonthValue() - 1) / 3 + 1);
  }

  /** The person, if the caller manages their branch (404 outside the caller's sight, 403 inside it). */
  private Future<DevelopmentRepository.Person> managed(Caller caller, UUID personId) {
    return development.person(personId).compose(person -> person == null || person.orgId() == null
        ? Future.failedFuture(ApiException.notFound("The person"))
        : scope.visible(caller, person.orgId()).recover(outside -> Future.failedFuture(ApiException.notFound("The person")))
            .compose(org -> Scope.covers(caller, org, Role.MANAGERS) ? Future.succeededFuture(person)
                : Future.failedFuture(ApiException.forbidden("The branch's secretary names contacts and introducers"))));
  }

  Future<Cultivation.Contacts> contacts(UUID personId) {
    return repository.contactsOf(personId).map(all -> new Cultivation.Contacts(personId,
        all.stream().filter(a -> "contact".equals(a.role())).map(a -> new Cultivation.Named(a.id(), a.name())).toList(),
        all.stream().filter(a -> "introducer".equals(a.role())).map(a -> new Cultivation.Named(a.id(), a.name())).toList()));
  }

  /**
   * Names the person's contacts (replacing them) and, when {@code introducerIds} is given, their introducers
   * (omitted: unchanged; empty: none). Everyone named is a full member on a roster the caller manages, and not the
   * person; introducers only once the person is a 发展对象.
   */
  Future<Cultivation.Contacts> assign(Caller caller, Audit.Actor actor, UUID personId, Cultivation.Assign body) {
    List<UUID> contacts = List.copyOf(new LinkedHashSet<>(body.contactIds()));
    return managed(caller, personId).compose(person -> {
      if (!writes(person.stage())) {
        return Future.failedFuture(ApiException.unprocessable("development.not_in_development",
            "Contacts and introducers are named for people in development or on probation"));
      }
      if (body.introducerIds() != null && !body.introducerIds().isEmpty() && (person.stage() == null || !INTRODUCED.contains(person.stage()))) {
        return Future.failedFuture(ApiException.unprocessable("development.introducers_too_early",
            "入党介绍人 are named once the person is a 发展对象"));
      }
      Future<List<UUID>> introducers = body.introducerIds() != null
          ? Future.succeededFuture(List.copyOf(new LinkedHashSet<>(body.introducerIds())))
          : repository.contactsOf(personId).map(all -> all.stream().filter(a -> "introducer".equals(a.role()))
              .map(CultivationRepository.Assigned::id).toList());
      return introducers.compose(intro -> {
        Set<UUID> named = new LinkedHashSet<>(contacts);
        named.addAll(intro);
        if (named.contains(personId)) {
          return Future.failedFuture(ApiException.unprocessable("development.contact_not_full_member",
              "Nobody is their own contact or introducer"));
        }
        return repository.people(List.copyOf(named)).compose(found -> {
          if (found.size() != named.size() || found.stream().anyMatch(c -> !"full".equals(c.stage()))) {
            return Future.failedFuture(ApiException.unprocessable("development.contact_not_full_member",
                "Contacts and introducers are full party members (正式党员) on a roster"));
          }
          Future<Void> inScope = Future.succeededFuture();
          for (CultivationRepository.Candidate c : found) {
            inScope = inScope.compose(v -> scope.require(caller, c.orgId(), Role.MANAGERS).mapEmpty());
          }
          return inScope.recover(e -> Future.failedFuture(ApiException.unprocessable("development.contact_not_full_member",
                  "Contacts and introducers are full members of the orgs you manage")))
              .compose(v -> pool.withTransaction(tx -> repository.replace(tx, personId, contacts, intro, caller.personId())
                  .compose(x -> Audit.record(tx, actor, person.orgId(), "development.contacts", "person:" + personId,
                      new JsonObject().put("contacts", contacts.size()).put("introducers", intro.size())))));
        });
      });
    }).compose(v -> contacts(personId));
  }

  Future<Cultivation.Report> submit(Caller caller, Audit.Actor actor, Cultivation.Draft draft) {
    String current = period(today());
    if (draft.period().compareTo(current) > 0) {
      return Future.failedFuture(ApiException.unprocessable("thought_report.future_period",
          "A 思想汇报 is for this quarter or one before it"));
    }
    return development.person(caller.personId()).compose(me -> {
      if (me == null || me.orgId() == null || !writes(me.stage())) {
        return Future.failedFuture(ApiException.unprocessable("thought_report.not_expected",
            "思想汇报 are written by applicants, activists, 发展对象 and probationary members"));
      }
      UUID id = UUID.randomUUID();
      return repository.insert(id, me.id(), me.orgId(), draft.period(), draft.text().strip())
          .compose(v -> pool.withTransaction(tx -> Audit.record(tx, actor, me.orgId(), "thought_report.submit",
              "thought_report:" + id, new JsonObject().put("period", draft.period()))))
          .compose(v -> repository.find(id)).map(CultivationService::view);
    });
  }

  Future<Cultivation.Mine> mine(Caller caller) {
    return Future.all(development.person(caller.personId()), repository.of(caller.personId()),
        repository.waitingFor(caller.personId())).map(all -> {
          DevelopmentRepository.Person me = all.resultAt(0);
          List<CultivationRepository.Stored> mine = all.resultAt(1);
          List<CultivationRepository.Stored> waiting = all.resultAt(2);
          return new Cultivation.Mine(me != null && writes(me.stage()), period(today()),
              mine.stream().map(CultivationService::view).toList(), waiting.stream().map(CultivationService::view).toList());
        });
  }

  /**
   * The follow-up of a subtree: each activist, 发展对象 and probationary member with their last report, those
   * behind first — behind meaning nothing for the last quarter or since, once they have been an activist for three
   * months (or since an unknown date) — and the year's reports.
   */
  Future<Cultivation.OfOrg> ofOrg(Caller caller, UUID orgId, Integer year) {
    LocalDate today = today();
    int y = year == null ? today.getYear() : year;
    String previous = period(today.minusMonths(3));
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> Future.all(repository.writers(org.id()),
        repository.ofSubtree(org.id(), LocalDate.of(y, 1, 1).atStartOfDay(Times.SCHOOL_ZONE).toOffsetDateTime(),
            LocalDate.of(y + 1, 1, 1).atStartOfDay(Times.SCHOOL_ZONE).toOffsetDateTime()), scope.adminOver(caller, org.id()))
        .map(all -> {
          List<CultivationRepository.Writer> writers = all.resultAt(0);
          List<CultivationRepository.Stored> held = all.resultAt(1);
          boolean admin = all.resultAt(2);
          List<Cultivation.Follow> people = writers.stream().map(w -> {
            boolean expected = w.activistOn() == null || !w.activistOn().plusMonths(3).isAfter(today);
            boolean behind = expected && (w.lastPeriod() == null || w.lastPeriod().compareTo(previous) < 0);
            return new Cultivation.Follow(w.id(), Masks.number(w.number(), admin), w.name(), w.stage(), w.lastPeriod(),
                w.lastSubmittedAt() == null ? null : Times.format(w.lastSubmittedAt()), w.reports(), w.unacknowledged(),
                behind);
          }).sorted(Comparator.comparing((Cultivation.Follow f) -> !f.behind())
              .thenComparing(f -> f.lastPeriod() == null ? "" : f.lastPeriod())).toList();
          return new Cultivation.OfOrg(org.id(), y, period(today), people,
              held.stream().map(CultivationService::view).toList());
        }));
  }

  /** The secretary (or an admin) over the report's org, or one of the writer's contacts; never the writer. */
  Future<Cultivation.Report> acknowledge(Caller caller, Audit.Actor actor, UUID id, String comment) {
    return repository.find(id).compose(report -> {
      if (report == null) {
        return Future.failedFuture(ApiException.notFound("The report"));
      }
      if (report.personId().equals(caller.personId())) {
        return Future.failedFuture(ApiException.unprocessable("thought_report.own", "Your own report is read by others"));
      }
      Future<Boolean> manager = scope.visible(caller, report.orgId())
          .map(org -> Scope.covers(caller, org, Role.MANAGERS)).otherwise(false);
      return Future.all(manager, repository.isContact(caller.personId(), report.personId())).compose(all -> {
        if (!all.<Boolean>resultAt(0) && !all.<Boolean>resultAt(1)) {
          return Future.failedFuture(ApiException.notFound("The report"));
        }
        String note = comment == null || comment.isBlank() ? null : comment.strip();
        return pool.withTransaction(tx -> repository.acknowledge(tx, id, caller.personId(), note).compose(done -> done
            ? Audit.record(tx, actor, report.orgId(), "thought_report.ack", "thought_report:" + id, new JsonObject())
            : Future.failedFuture(ApiException.conflict("thought_report.already_acknowledged",
                "This report has been acknowledged"))));
      }).compose(v -> repository.find(id)).map(CultivationService::view);
    });
  }

  /** The 台账's 思想汇报 sheet: the year's reports of the subtree, and who is behind. */
  Future<java.util.function.Consumer<cn.zhibu.platform.Spreadsheet>> sheet(Caller caller, UUID orgId, int year,
      String name, String title) {
    return ofOrg(caller, orgId, year).map(o -> book -> {
      cn.zhibu.platform.Spreadsheet.Table table = book.table(name, title,
          List.of("姓名", "季度", "提交时间", "阅知人", "阅知时间", "意见", "内容"));
      for (Cultivation.Report r : o.reports()) {
        table.row(r.name(), r.period(), r.submittedAt(), r.ackedBy() == null ? "" : r.ackedBy().name(),
            r.ackedAt() == null ? "" : r.ackedAt(), r.comment() == null ? "" : r.comment(), r.text());
      }
      List<String> behind = o.people().stream().filter(Cultivation.Follow::behind).map(Cultivation.Follow::name).toList();
      table.note("应按季度提交思想汇报 " + o.people().size() + " 人，未按期提交 " + behind.size() + " 人"
          + (behind.isEmpty() ? "" : "：" + String.join("、", behind.subList(0, Math.min(200, behind.size())))) + "。");
    });
  }

  private static Cultivation.Report view(CultivationRepository.Stored s) {
    return new Cultivation.Report(s.id(), s.personId(), s.name(), s.orgId(), s.period(), s.body(),
        Times.format(s.submittedAt()), s.ackedBy() == null ? null : new Cultivation.Named(s.ackedBy(), s.ackedByName()),
        s.ackedAt() == null ? null : Times.format(s.ackedAt()), s.comment());
  }
}
