package cn.zhibu.term;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.auth.Sessions;
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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * An election at the 党员大会 (seed 003 §8 按时召开党员大会进行换届选举, with 差额选举): the org records it, counted by
 * {@link ElectionCount}; the org above approves it (never whoever recorded it, never a candidate), and then the elected
 * take the org's leadership roles and a new term starts on the day it was held.
 */
final class ElectionService {
  private final Pool pool;
  private final ElectionRepository elections;
  private final Scope scope;
  private final Sessions sessions;
  private final Clock clock;

  ElectionService(Pool pool, ElectionRepository elections, Scope scope, Sessions sessions, Clock clock) {
    this.pool = pool;
    this.elections = elections;
    this.scope = scope;
    this.sessions = sessions;
    this.clock = clock;
  }

  Future<Terms.Election> record(Caller caller, Audit.Actor actor, UUID orgId, Terms.Draft draft) {
    LocalDate heldOn = LocalDate.parse(draft.heldOn());
    if (heldOn.isAfter(LocalDate.now(clock.withZone(Times.SCHOOL_ZONE)))) {
      return Future.failedFuture(ApiException.unprocessable("org.term_in_future",
          "An election is recorded once it has been held"));
    }
    ElectionCount.Outcome outcome;
    try {
      outcome = ElectionCount.judge(draft.eligible(), draft.present(), draft.seats(),
          draft.candidates().stream().map(c -> new ElectionCount.Vote(c.personId(), c.votes())).toList());
    } catch (ApiException refused) {
      return Future.failedFuture(refused);
    }
    Map<UUID, String> roles;
    Map<UUID, String> posts = new HashMap<>();
    try {
      roles = roles(outcome.elected(), draft);
      for (Terms.Post p : draft.posts() == null ? List.<Terms.Post>of() : draft.posts()) {
        if (!"deputy_secretary".equals(roles.get(p.personId())) && !"committee".equals(roles.get(p.personId()))) {
          throw notElected();
        }
        posts.put(p.personId(), p.post().strip());
      }
    } catch (ApiException refused) {
      return Future.failedFuture(refused);
    }
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> {
      if ("group".equals(org.kind())) {
        return Future.failedFuture(ApiException.unprocessable("org.group_has_no_term",
            "A 党小组 belongs to its branch: it elects no committee of its own"));
      }
      List<UUID> people = draft.candidates().stream().map(Terms.Candidacy::personId).toList();
      return elections.standing(org.id(), "branch".equals(org.kind()), people).compose(found -> {
        if (found.size() != people.size()) {
          return Future.failedFuture(ApiException.unprocessable("election.invalid_candidates",
              "Candidates are full members of this org's roster (or, above a branch, of its subtree)"));
        }
        UUID id = UUID.randomUUID();
        List<ElectionRepository.Candidate> candidates = draft.candidates().stream()
            .map(c -> new ElectionRepository.Candidate(c.personId(), null, c.votes(), roles.containsKey(c.personId()),
                roles.get(c.personId()), posts.get(c.personId())))
            .toList();
        return pool.withTransaction(tx -> elections.insert(tx, id, org.id(), heldOn, draft.eligible(), draft.present(),
                    draft.seats(), caller.personId(), candidates)
                .compose(v -> Audit.record(tx, actor, org.id(), "election.record", "election:" + id, new JsonObject()
                    .put("heldOn", heldOn.toString()).put("present", draft.present()).put("eligible", draft.eligible())
                    .put("elected", new JsonArray(outcome.elected().stream().map(UUID::toString).toList())))))
            .recover(err -> err instanceof PgException pg && "23505".equals(pg.getSqlState())
                ? Future.failedFuture(ApiException.conflict("election.pending",
                    "An election of this org is waiting for the org above"))
                : Future.failedFuture(err))
            .compose(v -> find(id));
      });
    });
  }

  /** Who takes which role: the secretary and deputies from the elected, every other elected person a 委员. */
  private static Map<UUID, String> roles(List<UUID> elected, Terms.Draft draft) {
    Set<UUID> chosen = new LinkedHashSet<>(elected);
    List<UUID> deputies = draft.deputyIds() == null ? List.of() : draft.deputyIds();
    if (!chosen.contains(draft.secretaryId()) || !chosen.containsAll(deputies)
        || deputies.contains(draft.secretaryId()) || new LinkedHashSet<>(deputies).size() != deputies.size()) {
      throw notElected();
    }
    Map<UUID, String> roles = new HashMap<>();
    for (UUID person : elected) {
      roles.put(person, person.equals(draft.secretaryId()) ? "secretary"
          : deputies.contains(person) ? "deputy_secretary" : "committee");
    }
    return roles;
  }

  private static ApiException notElected() {
    return ApiException.unprocessable("election.not_elected",
        "The secretary, deputies and posts are chosen from those elected");
  }

  Future<Terms.Election> get(Caller caller, UUID id) {
    return stored(id).compose(e -> scope.require(caller, e.orgId(), Role.LEADERS).map(org -> view(e)));
  }

  Future<Terms.Elections> list(Caller caller, UUID orgId) {
    return scope.require(caller, orgId, Role.LEADERS).compose(org -> elections.ofOrg(org.id()))
        .map(all -> new Terms.Elections(all.stream().map(ElectionService::view).toList()));
  }

  /**
   * The org above decides (403 for the org itself, 404 for anyone who cannot see it); never whoever recorded it or
   * a candidate; once. On approval the roles change hands in the same transaction as the decision, and every
   * person whose roles changed has their sessions' roles reloaded after the commit.
   */
  Future<Terms.Election> decide(Caller caller, Audit.Actor actor, UUID id, Terms.Decision decision) {
    return stored(id).compose(e -> scope.above(caller, e.orgId(), Role.LEADERS).compose(above -> {
      if (!above) {
        return scope.require(caller, e.orgId(), Role.LEADERS)
            .compose(org -> Future.failedFuture(ApiException.forbidden("The org above decides its elections")));
      }
      if (caller.personId().equals(e.recordedById())
          || e.candidates().stream().anyMatch(c -> c.personId().equals(caller.personId()))) {
        return Future.failedFuture(ApiException.unprocessable("election.own_decision",
            "Whoever recorded an election, and its candidates, do not decide it"));
      }
      String note = decision.note() == null || decision.note().isBlank() ? null : decision.note().strip();
      return pool.withTransaction(tx -> elections.decide(tx, id, decision.approve(), caller.personId(), note)
          .compose(decided -> {
            if (!decided) {
              return Future.failedFuture(ApiException.conflict("election.already_decided", "Already decided"));
            }
            return (decision.approve() ? elections.handOver(tx, id, e.orgId(), e.heldOn())
                : Future.succeededFuture(List.<ElectionRepository.Held>of()))
                .compose(before -> Audit.record(tx, actor, e.orgId(), "election.decide", "election:" + id,
                    new JsonObject().put("approve", decision.approve()).put("note", note)
                        .put("before", new JsonArray(before.stream().map(h -> new JsonObject()
                            .put("personId", h.personId().toString()).put("role", h.role()).put("post", h.post()))
                            .toList()))
                        .put("after", new JsonArray(e.candidates().stream().filter(ElectionRepository.Candidate::elected)
                            .map(c -> new JsonObject().put("personId", c.personId().toString()).put("role", c.role())
                                .put("post", c.post())).toList())))
                    .map(before));
          }))
          .compose(before -> {
            Set<UUID> changed = new LinkedHashSet<>();
            before.forEach(h -> changed.add(h.personId()));
            if (decision.approve()) {
              e.candidates().stream().filter(ElectionRepository.Candidate::elected)
                  .forEach(c -> changed.add(c.personId()));
            }
            return Future.all(changed.stream().map(sessions::rolesChanged).toList());
          })
          .compose(v -> find(id));
    }));
  }

  private Future<ElectionRepository.Stored> stored(UUID id) {
    return elections.find(id).compose(e -> e == null ? Future.failedFuture(ApiException.notFound("The election"))
        : Future.succeededFuture(e));
  }

  private Future<Terms.Election> find(UUID id) {
    return stored(id).map(ElectionService::view);
  }

  private static Terms.Election view(ElectionRepository.Stored e) {
    List<Terms.Candidate> candidates = new ArrayList<>();
    int elected = 0;
    for (ElectionRepository.Candidate c : e.candidates()) {
      candidates.add(new Terms.Candidate(c.personId(), c.name(), c.votes(), c.elected(), c.role(), c.post()));
      elected += c.elected() ? 1 : 0;
    }
    return new Terms.Election(e.id(), e.orgId(), e.orgName(), e.heldOn().toString(), e.eligible(), e.present(),
        e.seats(), e.state(), candidates, e.seats() - elected, e.recordedBy(), Times.format(e.recordedAt()),
        e.decidedBy(), e.decidedAt() == null ? null : Times.format(e.decidedAt()), e.note());
  }
}
