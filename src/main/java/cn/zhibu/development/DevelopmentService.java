package cn.zhibu.development;

import cn.zhibu.platform.Spreadsheet;
import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.auth.Sessions;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * 发展党员: each person's dated steps, recorded by the secretary or an admin over their branch in the order and
 * at the intervals the procedure sets ({@link DevelopmentRules}); the person's stage follows the steps; what is
 * due next is said for each person and listed for a branch.
 */
final class DevelopmentService {
  private final Pool pool;
  private final DevelopmentRepository repository;
  private final CultivationService cultivation;
  private final Scope scope;
  private final Sessions sessions;
  private final Clock clock;

  DevelopmentService(Pool pool, DevelopmentRepository repository, CultivationService cultivation, Scope scope,
      Sessions sessions, Clock clock) {
    this.pool = pool;
    this.repository = repository;
    this.cultivation = cultivation;
    this.scope = scope;
    this.sessions = sessions;
    this.clock = clock;
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(Times.SCHOOL_ZONE));
  }

  /** The person, if the caller may see their development (themselves, or a secretary or admin over them). */
  private Future<DevelopmentRepository.Person> visible(Caller caller, UUID personId, boolean manage) {
    return repository.person(personId).compose(person -> {
      if (person == null || person.orgId() == null) {
        return Future.failedFuture(ApiException.notFound("The person"));
      }
      if (!manage && person.id().equals(caller.personId())) {
        return Future.succeededFuture(person);
      }
      // Outside the caller's sight the person does not exist (404); inside it, only managers go on (403).
      return scope.visible(caller, person.orgId())
          .recover(outside -> Future.failedFuture(ApiException.notFound("The person")))
          .compose(org -> Scope.covers(caller, org, Role.MANAGERS)
          ? Future.succeededFuture(person) : Future.failedFuture(ApiException.forbidden("Not allowed")));
    });
  }

  Future<Developments.Record> get(Caller caller, UUID personId) {
    return visible(caller, personId, false).compose(person -> Future.all(repository.steps(personId), repository.rules(),
            cultivation.contacts(personId))
        .map(all -> {
          List<DevelopmentRepository.Step> steps = all.resultAt(0);
          DevelopmentRules rules = all.resultAt(1);
          Cultivation.Contacts contacts = all.resultAt(2);
          return new Developments.Record(personId, person.stage(), steps.stream().map(s -> new Developments.Step(
              s.milestone().key(), s.milestone().label(), s.date().toString(), s.note(), s.recordedBy(), s.vote())).toList(),
              next(rules, steps), contacts.contacts(), contacts.introducers());
        }));
  }

  private Developments.Next next(DevelopmentRules rules, List<DevelopmentRepository.Step> steps) {
    Optional<Milestone> last = steps.isEmpty() ? Optional.empty() : Optional.of(steps.get(steps.size() - 1).milestone());
    return rules.next(last, DevelopmentRepository.Step.countedFromForNext(steps))
        .map(n -> new Developments.Next(n.milestone().key(), n.milestone().label(),
            n.earliest() == null ? null : n.earliest().toString(), n.dueBy() == null ? null : n.dueBy().toString(),
            n.dueBy() != null && n.dueBy().isBefore(today()), null))
        .orElse(null);
  }

  Future<Developments.Record> record(Caller caller, Audit.Actor actor, UUID personId, String key, String date, String note,
      DevelopmentRules.Vote vote) {
    Milestone milestone = Milestone.of(key).orElse(null);
    LocalDate day;
    try {
      day = LocalDate.parse(date);
    } catch (RuntimeException e) {
      return Future.failedFuture(ApiException.badRequest("request.invalid", "date must be YYYY-MM-DD"));
    }
    if (milestone == null) {
      return Future.failedFuture(ApiException.badRequest("request.invalid", "Unknown milestone " + key));
    }
    ApiException badVote = DevelopmentRules.voteRefusal(milestone, vote);
    if (badVote != null) {
      return Future.failedFuture(badVote);
    }
    if (personId.equals(caller.personId())) {
      return Future.failedFuture(ApiException.unprocessable("development.own_record",
          "Your own development is recorded by someone else"));
    }
    return visible(caller, personId, true)
        // 上级党委批准 is the level above's act (发展党员工作细则): the branch that proposed never records it itself.
        .compose(person -> milestone != Milestone.ADMITTED ? Future.succeededFuture(person)
            : scope.above(caller, person.orgId(), Role.MANAGERS).compose(above -> above ? Future.succeededFuture(person)
                : Future.failedFuture(ApiException.forbidden(
                    "The admission (上级批准) is recorded by the party committee above the branch"))))
        .compose(person -> repository.rules().compose(rules ->
            pool.withTransaction(tx -> repository.lockPerson(tx, personId)
                .compose(v -> repository.steps(tx, personId, true))
                .compose(steps -> {
                  Optional<DevelopmentRepository.Step> last = steps.isEmpty() ? Optional.empty()
                      : Optional.of(steps.get(steps.size() - 1));
                  ApiException refused = rules.refusal(milestone, day, last.map(DevelopmentRepository.Step::milestone),
                      DevelopmentRepository.Step.countedFrom(milestone, steps), today());
                  if (refused != null) {
                    return Future.<Void>failedFuture(refused);
                  }
                  return repository.insert(tx, personId, milestone, day, note, caller.personId(), vote)
                      .compose(x -> milestone.stage().map(stage -> repository.stage(tx, person, stage))
                          .orElse(Future.succeededFuture()))
                      .compose(x -> Audit.record(tx, actor, person.orgId(), "development.record", "person:" + personId,
                          new JsonObject().put("milestone", milestone.key()).put("date", day.toString())
                              .put("vote", vote == null ? null : JsonObject.mapFrom(vote))));
                })))
        .compose(v -> milestone.stage().isPresent() ? sessions.rolesChanged(personId) : Future.succeededFuture()))
        .compose(v -> get(caller, personId));
  }

  /** The development roster to hand upwards: everyone in development in the subtree, with every step's date. */
  Future<io.vertx.core.buffer.Buffer> roster(Caller caller, UUID orgId, io.vertx.core.Vertx vertx) {
    return rosterSheet(caller, orgId, "发展党员", null)
        .compose(sheet -> vertx.executeBlocking(() -> Spreadsheet.write(sheet), false));
  }

  /**
   * The same roster as a sheet for any workbook (its own, or the 台账 pack): read now, written by the returned
   * function off the event loop. The caller must be a secretary or admin over the org.
   */
  Future<java.util.function.Consumer<Spreadsheet>> rosterSheet(Caller caller, UUID orgId, String name, String title) {
    return scope.require(caller, orgId, Role.MANAGERS)
        .compose(org -> Future.all(scope.adminOver(caller, org.id()), repository.inDevelopment(org.id())))
        .map(all -> {
          boolean admin = all.resultAt(0);
          Map<DevelopmentRepository.Person, List<DevelopmentRepository.Step>> people = all.resultAt(1);
          return writeRoster(people, admin, name, title);
        });
  }

  private static java.util.function.Consumer<Spreadsheet> writeRoster(
      Map<DevelopmentRepository.Person, List<DevelopmentRepository.Step>> people, boolean admin, String name,
      String title) {
    return book -> {
      List<String> header = new java.util.ArrayList<>(List.of("学号/工号", "姓名", "当前阶段"));
      for (Milestone step : Milestone.values()) {
        header.add(step.label());
      }
      Spreadsheet.Table sheet = book.table(name, title, header);
      for (var entry : people.entrySet()) {
        DevelopmentRepository.Person p = entry.getKey();
        Object[] cells = new Object[header.size()];
        cells[0] = Masks.number(p.number(), admin);
        cells[1] = p.name();
        cells[2] = STAGES.getOrDefault(p.stage() == null ? "" : p.stage(), "");
        for (DevelopmentRepository.Step step : entry.getValue()) {
          cells[3 + step.milestone().ordinal()] = step.date();
        }
        sheet.row(cells);
      }
    };
  }

  private static final java.util.Map<String, String> STAGES = cn.zhibu.platform.Labels.of("stages");

  /** Every branch's people in development and those whose next step is overdue as of the day. */
  Future<java.util.Map<UUID, DevelopmentModule.OnTime>> onTime(UUID orgId, LocalDate asOf) {
    return Future.all(repository.inDevelopment(orgId), repository.rules()).map(all -> {
      java.util.Map<DevelopmentRepository.Person, List<DevelopmentRepository.Step>> people = all.resultAt(0);
      DevelopmentRules rules = all.resultAt(1);
      java.util.Map<UUID, int[]> counts = new java.util.HashMap<>();
      java.util.Map<UUID, List<String>> overdue = new java.util.HashMap<>();
      people.forEach((person, done) -> {
        counts.computeIfAbsent(person.orgId(), k -> new int[1])[0]++;
        if (done.isEmpty()) {
          return;
        }
        rules.next(Optional.of(done.get(done.size() - 1).milestone()), DevelopmentRepository.Step.countedFromForNext(done))
            .filter(n -> n.dueBy() != null && n.dueBy().isBefore(asOf))
            .ifPresent(n -> overdue.computeIfAbsent(person.orgId(), k -> new ArrayList<>())
                .add((person.name() == null ? "" : person.name()) + "：" + n.milestone().label() + "逾期（应于 " + n.dueBy() + " 前）"));
      });
      java.util.Map<UUID, DevelopmentModule.OnTime> out = new java.util.HashMap<>();
      counts.forEach((org, n) -> out.put(org, new DevelopmentModule.OnTime(n[0], overdue.getOrDefault(org, List.of()))));
      return out;
    });
  }

  /** People in the subtree whose next step is due within {@code days}, overdue, or may be taken now. */
  Future<Developments.DueList> due(Caller caller, UUID orgId, int days) {
    LocalDate horizon = today().plusDays(days);
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> Future.all(repository.inDevelopment(org.id()),
        repository.rules(), scope.adminOver(caller, org.id()))).map(all -> {
          java.util.Map<DevelopmentRepository.Person, List<DevelopmentRepository.Step>> people = all.resultAt(0);
          DevelopmentRules rules = all.resultAt(1);
          boolean admin = all.resultAt(2);
          List<Developments.Due> items = new ArrayList<>();
          people.forEach((person, steps) -> {
            Developments.Next found = next(rules, steps);
            if (found == null) {
              return;
            }
            // Imported at a later stage with nothing recorded: the history is completed from the file, from the
            // application on (the order is the rule's), which is not the same as a step ahead of them (issue 28).
            Developments.Next next = found.backfilled(steps.isEmpty() && !"applicant".equals(person.stage()));
            // A step with no date either way may be taken now: someone imported as 申请人, 积极分子 or 发展对象
            // with nothing recorded yet is listed, their first step (the application) to record (issue 28).
            boolean due = next.dueBy() == null && next.earliest() == null
                || next.dueBy() != null && !LocalDate.parse(next.dueBy()).isAfter(horizon)
                || next.earliest() != null && !LocalDate.parse(next.earliest()).isAfter(horizon);
            if (due) {
              items.add(new Developments.Due(person.id(), person.name(), Masks.number(person.number(), admin),
                  person.stage(), next));
            }
          });
          items.sort(Comparator.<Developments.Due, Boolean>comparing(i -> !i.next().overdue())
              .thenComparing(i -> String.valueOf(i.next().dueBy() != null ? i.next().dueBy() : i.next().earliest())));
          return new Developments.DueList(orgId, today().toString(), items);
        });
  }

  /**
   * The 发展 公示 running on the day in the subtree: a person whose 公示 step is recorded, shown from that day for
   * the working days the rules give before the 支部大会 may vote (five by default), whether or not the vote followed.
   */
  Future<List<DevelopmentModule.Notice>> notices(UUID orgId) {
    LocalDate today = today();
    return Future.all(repository.publicNotices(orgId, today.minusMonths(1)), repository.rules()).map(all -> {
      List<DevelopmentRepository.Noticed> noticed = all.resultAt(0);
      DevelopmentRules rules = all.resultAt(1);
      List<DevelopmentModule.Notice> out = new ArrayList<>();
      for (DevelopmentRepository.Noticed n : noticed) {
        LocalDate until = rules.earliest(Milestone.BRANCH_VOTE, n.on()).minusDays(1);
        while (until.getDayOfWeek().getValue() > 5 && until.isAfter(n.on())) {
          until = until.minusDays(1);
        }
        if (!today.isBefore(n.on()) && !today.isAfter(until)) {
          out.add(new DevelopmentModule.Notice(n.personId(), n.name(), n.branch(), n.on(), until, n.note()));
        }
      }
      return out;
    });
  }
}
