package cn.zhibu.talk;

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
import java.util.Set;
import java.util.UUID;

/**
 * 谈心谈话: a leader records a talk with people of the org's subtree (the caller is the talker); the org's
 * secretaries and admins follow coverage — each party member's talks this year, those not talked with first.
 * The notes are private: the talker and the secretary of the talk's org read them, nobody else (not an admin above,
 * not the people talked with, who see that a talk took place and its topic).
 */
final class TalkService {
  private final Pool pool;
  private final TalkRepository talks;
  private final Scope scope;
  private final Clock clock;

  TalkService(Pool pool, TalkRepository talks, Scope scope, Clock clock) {
    this.pool = pool;
    this.talks = talks;
    this.scope = scope;
    this.clock = clock;
  }

  /** What a leader sends (the contract has checked the shapes). */
  record Draft(List<UUID> personIds, String talkedAt, String topic, String notes, String followUp) {
  }

  /** {@code Talk}: notes and follow-up only for the talker and the org's secretary. */
  record Talk(UUID id, UUID orgId, UUID talkerId, String talkerName, String talkedAt, String topic,
      List<Person> people, String notes, String followUp) {
  }

  /** Someone talked with. */
  record Person(UUID personId, String name) {
  }

  /** {@code TalkCoverage}. */
  record Coverage(UUID orgId, int year, int members, int notTalkedWith, List<Covered> coverage, List<Talk> talks) {
  }

  /** A party member and their talks this year. */
  record Covered(UUID personId, String number, String name, int talks, String lastTalkedAt) {
  }

  /** {@code MyTalks}: the talks I was in, without anyone's notes. */
  record Mine(List<Talk> items) {
  }

  private LocalDate today() {
    return clock.instant().atZone(Times.SCHOOL_ZONE).toLocalDate();
  }

  Future<Talk> record(Caller caller, Audit.Actor actor, UUID orgId, Draft draft) {
    LocalDate on = LocalDate.parse(draft.talkedAt());
    if (on.isAfter(today())) {
      return Future.failedFuture(ApiException.unprocessable("talk.future_date", "A talk is recorded once it has happened"));
    }
    Set<UUID> people = new LinkedHashSet<>(draft.personIds());
    if (people.contains(caller.personId())) {
      return Future.failedFuture(ApiException.unprocessable("talk.invalid_people",
          "A talk is with others: the talker is not among the people talked with"));
    }
    return scope.require(caller, orgId, Role.TEAM).compose(org -> talks.inSubtree(org.id(), List.copyOf(people))
        .compose(found -> {
          if (found.size() != people.size()) {
            return Future.failedFuture(ApiException.unprocessable("talk.invalid_people",
                "Everyone talked with must be on a roster of this org or below"));
          }
          UUID id = UUID.randomUUID();
          return pool.withTransaction(tx -> talks.insert(tx, id, org.id(), caller.personId(), on, draft.topic().strip(),
                  blank(draft.notes()), blank(draft.followUp()), List.copyOf(people))
              .compose(v -> Audit.record(tx, actor, org.id(), "talk.create", "talk:" + id,
                  new JsonObject().put("people", people.size()).put("talkedAt", on.toString()))))
              .compose(v -> talks.find(id)).map(t -> view(caller, t));
        }));
  }

  Future<Coverage> coverage(Caller caller, UUID orgId, Integer year) {
    int y = year == null ? today().getYear() : year;
    LocalDate from = LocalDate.of(y, 1, 1);
    LocalDate to = from.plusYears(1);
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> Future.all(talks.coverage(org.id(), from, to),
        talks.ofSubtree(org.id(), from, to), scope.adminOver(caller, org.id())).map(all -> {
          List<TalkRepository.Covered> rows = all.resultAt(0);
          List<TalkRepository.Stored> held = all.resultAt(1);
          boolean admin = all.resultAt(2);
          List<Covered> covered = rows.stream().map(c -> new Covered(c.personId(), Masks.number(c.number(), admin),
              c.name(), c.talks(), c.lastTalkedOn() == null ? null : c.lastTalkedOn().toString())).toList();
          int none = (int) rows.stream().filter(c -> c.talks() == 0).count();
          return new Coverage(org.id(), y, rows.size(), none, covered, held.stream().map(t -> view(caller, t)).toList());
        }));
  }

  /**
   * The 台账's 谈心谈话 sheet for a year: every talk (date, talker, with whom, topic — never the notes) and who among
   * the party members was not talked with.
   */
  Future<java.util.function.Consumer<cn.zhibu.platform.Spreadsheet>> sheet(Caller caller, UUID orgId, int year,
      String name, String title) {
    return coverage(caller, orgId, year).map(c -> book -> {
      cn.zhibu.platform.Spreadsheet.Table table = book.table(name, title, List.of("谈话日期", "谈话人", "谈话对象", "主题"));
      for (Talk t : c.talks()) {
        table.row(LocalDate.parse(t.talkedAt()), t.talkerName(),
            String.join("、", t.people().stream().map(p -> p.name() == null ? "" : p.name()).toList()), t.topic());
      }
      List<String> none = c.coverage().stream().filter(m -> m.talks() == 0).map(Covered::name).toList();
      table.note("党员 " + c.members() + " 人，本年已谈话 " + (c.members() - c.notTalkedWith()) + " 人，未谈话 "
          + c.notTalkedWith() + " 人" + (none.isEmpty() ? "" : "：" + String.join("、", none.subList(0, Math.min(200,
          none.size()))) + (none.size() > 200 ? " 等" : "")) + "。谈话记录的内容只有谈话人和书记可见，不入台账。");
    });
  }

  Future<Mine> mine(Caller caller) {
    return talks.with(caller.personId()).map(list -> new Mine(list.stream().map(t -> view(caller, t))
        .map(t -> caller.personId().equals(t.talkerId()) ? t
            : new Talk(t.id(), t.orgId(), t.talkerId(), t.talkerName(), t.talkedAt(), t.topic(), t.people(), null, null))
        .toList()));
  }

  /** The talk as this caller may see it: the notes for the talker and the secretary of its org only. */
  private static Talk view(Caller caller, TalkRepository.Stored t) {
    boolean privy = caller.personId().equals(t.talkerId()) || caller.has(Role.SECRETARY, t.orgId());
    List<Person> people = new java.util.ArrayList<>();
    for (int i = 0; i < t.personIds().size(); i++) {
      people.add(new Person(t.personIds().get(i), t.names().get(i)));
    }
    return new Talk(t.id(), t.orgId(), t.talkerId(), t.talkerName(), t.talkedOn().toString(), t.topic(), people,
        privy ? t.notes() : null, privy ? t.followUp() : null);
  }

  private static String blank(String text) {
    return text == null || text.isBlank() ? null : text.strip();
  }
}
