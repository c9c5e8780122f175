package cn.zhibu.assessment;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.org.OrgDirectory;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * 评选表彰 (seed 002 §21, seed 003 §12): an admin opens a round with its kinds (优秀共产党员, 优秀党务工作者, 先进基层党组织);
 * secretaries nominate their own members or their own org — never themselves — each nomination carrying the figures
 * of the records at that moment; after nominations close the admin shortlists, which starts a 公示 shown to everyone
 * of the subtree for the round's working days; only after it ends are the honours confirmed, onto each record.
 */
final class HonourService {
  static final Set<String> PERSON_KINDS = Set.of("excellent_member", "excellent_worker");
  private final Pool pool;
  private final HonourRepository honours;
  private final OrgDirectory orgs;
  private final Scope scope;
  private final BiFunction<UUID, Integer, Future<Double>> studyHours;
  private final BiFunction<UUID, Integer, Future<Double>> volunteerHours;
  private final Clock clock;

  private final java.util.function.Function<UUID, Future<List<cn.zhibu.development.DevelopmentModule.Notice>>>
      developmentNotices;

  HonourService(Pool pool, HonourRepository honours, OrgDirectory orgs, Scope scope,
      BiFunction<UUID, Integer, Future<Double>> studyHours, BiFunction<UUID, Integer, Future<Double>> volunteerHours,
      java.util.function.Function<UUID, Future<List<cn.zhibu.development.DevelopmentModule.Notice>>> developmentNotices,
      Clock clock) {
    this.developmentNotices = developmentNotices;
    this.pool = pool;
    this.honours = honours;
    this.orgs = orgs;
    this.scope = scope;
    this.studyHours = studyHours;
    this.volunteerHours = volunteerHours;
    this.clock = clock;
  }

  private LocalDate today() {
    return LocalDate.now(clock.withZone(Times.SCHOOL_ZONE));
  }

  private Future<HonourRepository.Stored> stored(UUID id) {
    return honours.find(id).compose(h -> h == null ? Future.failedFuture(ApiException.notFound("The honours round"))
        : Future.succeededFuture(h));
  }

  Future<Honours.Round> create(Caller caller, Audit.Actor actor, UUID orgId, Honours.Draft d) {
    if (new HashSet<>(d.kinds()).size() != d.kinds().size()) {
      return Future.failedFuture(ApiException.unprocessable("honour.invalid_kind", "Each kind once"));
    }
    return scope.require(caller, orgId, Set.of(Role.ADMIN)).compose(org -> {
      UUID id = UUID.randomUUID();
      return pool.withTransaction(tx -> honours.insert(tx, id, org.id(), d, caller.personId())
              .compose(v -> Audit.record(tx, actor, org.id(), "honour.create", "honour:" + id,
                  new JsonObject().put("year", d.year()).put("kinds", new JsonArray(d.kinds())))))
          .compose(v -> get(caller, id));
    });
  }

  /**
   * The rounds an org's desk sees: those held by the org and by the orgs above it (where its secretary nominates),
   * for its admins and leaders.
   */
  Future<List<Honours.Round>> list(Caller caller, UUID orgId) {
    return scope.require(caller, orgId, Role.LEADERS).compose(org -> honours.heldAt(org.ancestry()))
        .map(all -> all.stream().map(h -> round(h, List.of())).toList());
  }

  /** The round: an admin over it sees every nomination, anyone else in its subtree the nominations they made. */
  Future<Honours.Round> get(Caller caller, UUID id) {
    return stored(id).compose(h -> scope.visible(caller, h.orgId()).compose(org -> honours.nominations(id).map(all -> {
      boolean admin = Scope.covers(caller, org, Set.of(Role.ADMIN));
      return round(h, all.stream().filter(n -> admin || n.nominatedById().equals(caller.personId()))
          .map(HonourService::view).toList());
    })));
  }

  private Honours.Round round(HonourRepository.Stored h, List<Honours.Nomination> nominations) {
    LocalDate today = today();
    String state = h.confirmedAt() != null ? "confirmed"
        : h.noticeStartsOn() != null ? (today.isAfter(h.noticeEndsOn()) ? "notice_over" : "notice")
        : clock.instant().isBefore(h.closeAt().toInstant()) ? "nominating" : "nominations_closed";
    return new Honours.Round(h.id(), h.orgId(), h.year(), h.kinds(), Times.format(h.closeAt()), h.workingDays(),
        h.noticeStartsOn() == null ? null : h.noticeStartsOn().toString(),
        h.noticeEndsOn() == null ? null : h.noticeEndsOn().toString(), state, nominations);
  }

  private static Honours.Nomination view(HonourRepository.StoredNomination n) {
    JsonObject e = n.evidence();
    return new Honours.Nomination(n.id(), n.kind(), n.personId(), n.orgId(), n.nominee(), n.org(), n.reason(),
        new Honours.Evidence(e.getLong("points"), e.getDouble("attendanceRate"), e.getDouble("studyHours"),
            e.getString("reviewGrade"), e.getDouble("volunteerHours"), e.getDouble("assessmentScore"),
            e.getString("assessmentLevel")),
        n.nominatedBy(), Times.format(n.at()), n.shortlisted(), n.confirmed());
  }

  /**
   * A nomination while nominations are open, of a kind of the round: a party member of the nominator's branch
   * (a secretary's own members; an admin over the round anyone below it) — never the nominator — or, for 先进基层党组织,
   * the nominator's own org (an admin's any org below). Its evidence is read from the records now and kept.
   */
  Future<Honours.Nomination> nominate(Caller caller, Audit.Actor actor, UUID id, Honours.NominationDraft d) {
    return stored(id).compose(h -> {
      if (!clock.instant().isBefore(h.closeAt().toInstant())) {
        return Future.failedFuture(ApiException.conflict("honour.nominations_closed", "Nominations have closed"));
      }
      if (!h.kinds().contains(d.kind())) {
        return Future.failedFuture(ApiException.unprocessable("honour.invalid_kind", "This round does not award " + d.kind()));
      }
      boolean forPerson = PERSON_KINDS.contains(d.kind());
      if (forPerson != (d.personId() != null) || forPerson == (d.orgId() != null)) {
        return Future.failedFuture(ApiException.unprocessable("honour.invalid_nominee",
            "A person for 优秀共产党员 and 优秀党务工作者, an org for 先进基层党组织"));
      }
      if (forPerson && d.personId().equals(caller.personId())) {
        return Future.failedFuture(ApiException.unprocessable("honour.own_nomination", "Nobody nominates themselves"));
      }
      return orgs.find(h.orgId()).compose(roundOrg -> {
        boolean admin = Scope.covers(caller, roundOrg, Set.of(Role.ADMIN));
        Future<JsonObject> evidence = forPerson ? personEvidence(caller, admin, h, d.personId())
            : orgEvidence(caller, admin, h, d.orgId());
        return evidence.compose(ev -> {
          UUID nid = UUID.randomUUID();
          return pool.withTransaction(tx -> honours.nominate(tx, nid, id, d.kind(), d.personId(), d.orgId(),
                      d.reason().strip(), ev, caller.personId())
                  .compose(v -> Audit.record(tx, actor, h.orgId(), "honour.nominate", "honour:" + id,
                      new JsonObject().put("kind", d.kind()))))
              .recover(err -> err instanceof PgException pg && "23505".equals(pg.getSqlState())
                  ? Future.failedFuture(ApiException.conflict("honour.duplicate", "Already nominated for this kind"))
                  : Future.failedFuture(err))
              .compose(v -> honours.nominations(id))
              .map(all -> view(all.stream().filter(n -> n.id().equals(nid)).findFirst().orElseThrow()));
        });
      });
    });
  }

  private Future<JsonObject> personEvidence(Caller caller, boolean admin, HonourRepository.Stored h, UUID personId) {
    return honours.nominee(personId).compose(p -> {
      if (p == null || p.branch() == null || !Set.of("probationary", "full").contains(p.stage())) {
        return Future.failedFuture(ApiException.unprocessable("honour.invalid_nominee", "A party member on a roster"));
      }
      return orgs.find(p.branch()).compose(branch -> {
        if (!branch.isWithin(h.orgId()) || !(admin || caller.has(Role.SECRETARY, branch.id()))) {
          return Future.failedFuture(ApiException.unprocessable("honour.invalid_nominee",
              "A secretary nominates members of their own branch, in the round's orgs"));
        }
        return Future.all(honours.personYear(personId, h.year(), clock.instant()), studyHours.apply(personId, h.year()),
                volunteerHours.apply(personId, h.year()))
            .map(all -> all.<JsonObject>resultAt(0).put("studyHours", all.<Double>resultAt(1))
                .put("volunteerHours", all.<Double>resultAt(2)));
      });
    });
  }

  private Future<JsonObject> orgEvidence(Caller caller, boolean admin, HonourRepository.Stored h, UUID orgId) {
    return orgs.find(orgId).recover(e -> Future.failedFuture(ApiException.unprocessable("honour.invalid_nominee",
        "An org of the round"))).compose(org -> {
          if (!org.isWithin(h.orgId()) || org.id().equals(h.orgId()) || "group".equals(org.kind())
              || !(admin || caller.has(Role.SECRETARY, org.id()))) {
            return Future.failedFuture(ApiException.unprocessable("honour.invalid_nominee",
                "A secretary nominates their own org, below the round's"));
          }
          return honours.orgYear(org.id(), h.year());
        });
  }

  /** After nominations close, once: the shortlist starts its 公示 today for the round's working days. */
  Future<Honours.Round> shortlist(Caller caller, Audit.Actor actor, UUID id, Honours.Ids body) {
    return stored(id).compose(h -> scope.require(caller, h.orgId(), Set.of(Role.ADMIN)).compose(org -> {
      if (clock.instant().isBefore(h.closeAt().toInstant())) {
        return Future.failedFuture(ApiException.conflict("honour.nominations_open", "Nominations are still open"));
      }
      return honours.nominations(id).compose(all -> {
        Set<UUID> known = new HashSet<>(all.stream().map(HonourRepository.StoredNomination::id).toList());
        if (body.nominationIds().isEmpty() || !known.containsAll(body.nominationIds())) {
          return Future.failedFuture(ApiException.unprocessable("honour.unknown_nomination", "Nominations of this round"));
        }
        LocalDate start = today();
        LocalDate end = Times.plusWorkingDays(start, h.workingDays());
        return pool.withTransaction(tx -> honours.shortlist(tx, id, body.nominationIds(), start, end)
            .compose(done -> done ? Audit.record(tx, actor, h.orgId(), "honour.shortlist", "honour:" + id,
                    new JsonObject().put("count", body.nominationIds().size()).put("noticeEndsOn", end.toString()))
                : Future.failedFuture(ApiException.conflict("honour.already_shortlisted", "The 公示 has started"))));
      }).compose(v -> get(caller, id));
    }));
  }

  /** After the 公示 has ended, once: the honours go onto each record; never an admin's own. */
  Future<Honours.Round> confirm(Caller caller, Audit.Actor actor, UUID id, Honours.Ids body) {
    return stored(id).compose(h -> scope.require(caller, h.orgId(), Set.of(Role.ADMIN)).compose(org -> {
      if (h.noticeEndsOn() == null || !today().isAfter(h.noticeEndsOn())) {
        return Future.failedFuture(ApiException.conflict("honour.notice_running",
            "Honours are confirmed once the 公示 has ended"));
      }
      return honours.nominations(id).compose(all -> {
        Set<UUID> shortlisted = new HashSet<>(all.stream().filter(HonourRepository.StoredNomination::shortlisted)
            .map(HonourRepository.StoredNomination::id).toList());
        if (body.nominationIds().isEmpty() || !shortlisted.containsAll(body.nominationIds())) {
          return Future.failedFuture(ApiException.unprocessable("honour.not_shortlisted", "Only the shortlist is confirmed"));
        }
        if (all.stream().anyMatch(n -> body.nominationIds().contains(n.id()) && caller.personId().equals(n.personId()))) {
          return Future.failedFuture(ApiException.unprocessable("honour.own_nomination", "Nobody confirms their own honour"));
        }
        return pool.withTransaction(tx -> honours.confirm(tx, id, body.nominationIds())
            .compose(done -> done ? Audit.record(tx, actor, h.orgId(), "honour.confirm", "honour:" + id,
                    new JsonObject().put("count", body.nominationIds().size()))
                : Future.failedFuture(ApiException.conflict("honour.already_confirmed", "Already confirmed"))));
      }).compose(v -> get(caller, id));
    }));
  }

  /** The round as the 组织部 files it: every nomination the caller sees, with its figures and where it stands. */
  Future<io.vertx.core.buffer.Buffer> spreadsheet(io.vertx.core.Vertx vertx, Caller caller, UUID id) {
    java.util.Map<String, String> kinds = cn.zhibu.platform.Labels.of("honourKinds");
    return get(caller, id).compose(r -> vertx.executeBlocking(() -> cn.zhibu.platform.Spreadsheet.write(book -> {
      cn.zhibu.platform.Spreadsheet.Table t = book.table("评选表彰", r.year() + " 年度评选表彰" + ("confirmed".equals(r.state())
              ? "名单" : "推荐情况") + (r.noticeEndsOn() == null ? "" : "（公示 " + r.noticeStartsOn() + " 至 " + r.noticeEndsOn() + "）"),
          List.of("类别", "姓名或组织", "所在组织", "推荐理由", "积分", "出勤率", "学时", "民主评议", "志愿服务（小时）", "考核得分",
              "考核等次", "状态"));
      for (Honours.Nomination n : r.nominations()) {
        Honours.Evidence e = n.evidence();
        t.row(kinds.getOrDefault(n.kind(), n.kind()), n.nominee(), n.org(), n.reason(), e.points(), e.attendanceRate(),
            e.studyHours(), e.reviewGrade(), e.volunteerHours(), e.assessmentScore(),
            e.assessmentLevel() == null ? null : AssessmentService.LEVEL_WORDS.get(e.assessmentLevel()),
            n.confirmed() ? "已表彰" : n.shortlisted() ? "公示" : "推荐");
      }
    }), false));
  }

  /** The 公示 running today in the org's chain (the rounds held at it or above it), for anyone who sees the org. */
  /**
   * The 公示 running today where the org sees them: shortlists of rounds held at the org or above, and the 发展
   * 公示 of people on rosters of the org's subtree.
   */
  Future<Honours.Notices> notices(Caller caller, UUID orgId) {
    return scope.visible(caller, orgId).compose(org -> Future.all(honours.noticesFor(org.ancestry(), today()),
        developmentNotices.apply(org.id()))).map(all -> {
          List<HonourRepository.Noticed> rounds = all.resultAt(0);
          List<cn.zhibu.development.DevelopmentModule.Notice> admissions = all.resultAt(1);
          List<Honours.Notice> items = new java.util.ArrayList<>(rounds.stream().map(n -> new Honours.Notice("honour",
              n.roundId(), n.roundOrg(), n.year(), n.kind(), n.nominee(), n.unit(), n.reason(), null,
              n.until().toString())).toList());
          admissions.forEach(a -> items.add(new Honours.Notice("development", null, a.branch(), a.from().getYear(),
              "admission", a.name(), a.branch(), a.note() == null ? "拟接收为中共预备党员" : a.note(), a.from().toString(),
              a.until().toString())));
          return new Honours.Notices(items);
        });
  }

  /** A person's honours: theirs to read, and their branch's managers'. */
  Future<Honours.Record> ofPerson(Caller caller, UUID personId) {
    if (personId.equals(caller.personId())) {
      return honours.honoursOf(personId, null).map(Honours.Record::new);
    }
    return honours.nominee(personId).compose(p -> p == null || p.branch() == null
        ? Future.failedFuture(ApiException.notFound("The person"))
        : scope.require(caller, p.branch(), Role.MANAGERS)
            .compose(org -> honours.honoursOf(personId, null)).map(Honours.Record::new));
  }

  /** An org's honours (先进基层党组织), for anyone who sees the org. */
  Future<Honours.Record> ofOrg(Caller caller, UUID orgId) {
    return scope.visible(caller, orgId).compose(org -> honours.honoursOf(null, org.id())).map(Honours.Record::new);
  }
}
