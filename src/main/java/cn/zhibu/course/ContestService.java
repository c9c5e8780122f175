package cn.zhibu.course;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.org.OrgDirectory;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Redis;
import cn.zhibu.platform.Times;
import io.lettuce.core.SetArgs;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Micro-course contests. A vote is guarded twice: a Redis {@code SET NX} per member, contest and day turns
 * away repeats cheaply, and the ledger row's primary key (contest, member, day) makes the count exact even if
 * Redis forgets. Results are counted from PostgreSQL.
 */
final class ContestService {
  /** What an organiser sends to open a contest. */
  record Draft(UUID orgId, String title, String endsAt) {
  }

  /** {@code Contest}: the contest and its entries ranked by votes. */
  record View(UUID id, UUID orgId, String title, String endsAt, List<Ranked> entries) {
  }

  /** One entry in rank order. */
  record Ranked(int rank, UUID entryId, UUID courseId, String title, String branch, long votes) {
  }

  private final ContestRepository contests;
  private final Redis redis;
  private final Scope scope;
  private final OrgDirectory orgs;
  private final Clock clock;

  ContestService(ContestRepository contests, Redis redis, Scope scope, OrgDirectory orgs, Clock clock) {
    this.contests = contests;
    this.redis = redis;
    this.scope = scope;
    this.orgs = orgs;
    this.clock = clock;
  }

  Future<View> create(Caller caller, Draft draft) {
    UUID id = UUID.randomUUID();
    Instant ends = Times.parse(draft.endsAt());
    return scope.require(caller, draft.orgId(), Role.MANAGERS)
        .compose(org -> contests.insert(new ContestRepository.Contest(id, org.id(), draft.title().strip(), ends),
            caller.personId(), clock.instant()))
        .compose(v -> get(caller, id));
  }

  /** A branch's secretary or committee enters one of the branch's own courses. */
  Future<View> enter(Caller caller, UUID contestId, UUID courseId) {
    return contest(caller, contestId).compose(contest -> contests.courseOrg(courseId)
        .compose(org -> org == null ? Future.failedFuture(ApiException.notFound("The course")) : orgs.find(org))
        .compose(branch -> {
          if (!"branch".equals(branch.kind()) || !branch.isWithin(contest.orgId())) {
            return Future.failedFuture(ApiException.unprocessable("contest.not_eligible",
                "Enter a course of a branch inside the contest's org"));
          }
          if (!Scope.covers(caller, branch, Role.TEAM)) {
            return Future.failedFuture(ApiException.forbidden("Only the branch's secretary or committee can enter its course"));
          }
          return contests.enter(contestId, courseId, branch.id(), caller.personId(), clock.instant())
              .compose(entered -> entered ? Future.succeededFuture()
                  : Future.failedFuture(ApiException.conflict("contest.already_entered", "That course is already entered")));
        }))
        .compose(v -> get(caller, contestId));
  }

  Future<View> vote(Caller caller, UUID contestId, UUID entryId) {
    Instant now = clock.instant();
    LocalDate day = now.atZone(Times.SCHOOL_ZONE).toLocalDate();
    return contest(caller, contestId).compose(contest -> {
      if (!now.isBefore(contest.endsAt())) {
        return Future.failedFuture(ApiException.unprocessable("contest.closed", "Voting has closed"));
      }
      String guard = redis.key("cv:" + contestId + ":" + caller.personId() + ":" + day);
      return redis.<String>call(c -> c.set(guard, entryId.toString(), SetArgs.Builder.nx().ex(2 * 86_400)))
          .recover(redisDown -> Future.succeededFuture("OK"))
          .compose(ok -> !"OK".equals(ok) ? alreadyVoted() : contests.vote(contestId, entryId, caller.personId(), day, now)
              .compose(counted -> counted ? Future.succeededFuture()
                  : redis.call(c -> c.del(guard)).transform(x -> contests.entryExists(contestId, entryId)
                      .compose(exists -> exists ? alreadyVoted() : Future.failedFuture(ApiException.notFound("The entry"))))));
    }).compose(v -> get(caller, contestId));
  }

  private static <T> Future<T> alreadyVoted() {
    return Future.failedFuture(ApiException.conflict("contest.already_voted_today", "One vote a day per contest"));
  }

  /** The contest and its entries ranked by votes (ties: earlier entry first). */
  Future<View> get(Caller caller, UUID id) {
    return contest(caller, id).compose(contest -> contests.ranking(id).map(entries -> {
      List<Ranked> ranked = new java.util.ArrayList<>(entries.size());
      for (ContestRepository.Entry e : entries) {
        ranked.add(new Ranked(ranked.size() + 1, e.entryId(), e.courseId(), e.title(), e.branch(), e.votes()));
      }
      return new View(id, contest.orgId(), contest.title(), Times.format(contest.endsAt()), ranked);
    }));
  }

  /** The contest if its org is in the caller's chain or the caller holds a role below it; else 404. */
  private Future<ContestRepository.Contest> contest(Caller caller, UUID id) {
    return contests.find(id).compose(c -> c == null ? Future.failedFuture(ApiException.notFound("The contest"))
        : orgs.chain(caller).compose(chain -> chain.contains(c.orgId()) ? Future.succeededFuture(c)
            : orgs.find(c.orgId()).compose(org -> Scope.covers(caller, org, Set.of(Role.values()))
                ? Future.succeededFuture(c) : Future.failedFuture(ApiException.notFound("The contest")))));
  }
}
