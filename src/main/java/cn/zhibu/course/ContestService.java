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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.UUID;

/**
 * Micro-course contests. A vote is guarded twice: a Redis {@code SET NX} per member, contest and day turns
 * away repeats cheaply, and the ledger row's primary key (contest, member, day) makes the count exact even if
 * Redis forgets. Results are counted from PostgreSQL.
 */
final class ContestService {
  private final Pool pool;
  private final Redis redis;
  private final Scope scope;
  private final OrgDirectory orgs;
  private final Clock clock;

  ContestService(Pool pool, Redis redis, Scope scope, OrgDirectory orgs, Clock clock) {
    this.pool = pool;
    this.redis = redis;
    this.scope = scope;
    this.orgs = orgs;
    this.clock = clock;
  }

  Future<JsonObject> create(Caller caller, JsonObject body) {
    UUID id = UUID.randomUUID();
    UUID orgId = UUID.fromString(body.getString("orgId"));
    Instant ends = Times.parse(body.getString("endsAt"));
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> pool.preparedQuery("""
            INSERT INTO contests (id, org_id, title, ends_at, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6)
            """).execute(Tuple.of(id, org.id(), body.getString("title").strip(), ends.atOffset(ZoneOffset.UTC),
            caller.personId(), clock.instant().atOffset(ZoneOffset.UTC))))
        .compose(v -> get(caller, id));
  }

  /** A branch's secretary or committee enters one of the branch's own courses. */
  Future<JsonObject> enter(Caller caller, UUID contestId, UUID courseId) {
    return contest(caller, contestId).compose(contest -> pool.preparedQuery("SELECT org_id FROM courses WHERE id = $1")
        .execute(Tuple.of(courseId))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiException.notFound("The course"))
            : orgs.find(rows.iterator().next().getUUID("org_id")))
        .compose(branch -> {
          if (!"branch".equals(branch.kind()) || !branch.isWithin(contest.getUUID("org_id"))) {
            return Future.failedFuture(ApiException.unprocessable("contest.not_eligible",
                "Enter a course of a branch inside the contest's org"));
          }
          if (!Scope.covers(caller, branch, Set.of(Role.SECRETARY, Role.COMMITTEE))) {
            return Future.failedFuture(ApiException.forbidden("Only the branch's secretary or committee can enter its course"));
          }
          return pool.preparedQuery("""
                  INSERT INTO contest_entries (id, contest_id, course_id, branch_id, submitted_by, created_at)
                  VALUES ($1, $2, $3, $4, $5, $6)
                  """).execute(Tuple.of(UUID.randomUUID(), contestId, courseId, branch.id(), caller.personId(),
                  clock.instant().atOffset(ZoneOffset.UTC)))
              .recover(err -> Future.failedFuture(err instanceof io.vertx.pgclient.PgException pg
                  && "23505".equals(pg.getSqlState())
                  ? ApiException.conflict("contest.already_entered", "That course is already entered") : err));
        }))
        .compose(v -> get(caller, contestId));
  }

  Future<JsonObject> vote(Caller caller, UUID contestId, UUID entryId) {
    Instant now = clock.instant();
    LocalDate day = now.atZone(Times.SCHOOL_ZONE).toLocalDate();
    return contest(caller, contestId).compose(contest -> {
      if (!now.isBefore(contest.getOffsetDateTime("ends_at").toInstant())) {
        return Future.failedFuture(ApiException.unprocessable("contest.closed", "Voting has closed"));
      }
      String guard = redis.key("cv:" + contestId + ":" + caller.personId() + ":" + day);
      return redis.<String>call(c -> c.set(guard, entryId.toString(), SetArgs.Builder.nx().ex(2 * 86_400)))
          .recover(redisDown -> Future.succeededFuture("OK"))
          .compose(ok -> !"OK".equals(ok) ? alreadyVoted() : pool.preparedQuery("""
                  INSERT INTO contest_votes (contest_id, entry_id, person_id, day, at)
                  SELECT $1, e.id, $3, $4, $5 FROM contest_entries e WHERE e.id = $2 AND e.contest_id = $1
                  ON CONFLICT DO NOTHING
                  """).execute(Tuple.of(contestId, entryId, caller.personId(), day, now.atOffset(ZoneOffset.UTC)))
              .compose(inserted -> inserted.rowCount() == 1 ? Future.succeededFuture()
                  : redis.call(c -> c.del(guard)).transform(x -> entryExists(contestId, entryId)
                      .compose(exists -> exists ? alreadyVoted() : Future.failedFuture(ApiException.notFound("The entry"))))));
    }).compose(v -> get(caller, contestId));
  }

  private static <T> Future<T> alreadyVoted() {
    return Future.failedFuture(ApiException.conflict("contest.already_voted_today", "One vote a day per contest"));
  }

  private Future<Boolean> entryExists(UUID contestId, UUID entryId) {
    return pool.preparedQuery("SELECT 1 FROM contest_entries WHERE id = $1 AND contest_id = $2")
        .execute(Tuple.of(entryId, contestId)).map(rows -> rows.size() > 0);
  }

  /** The contest and its entries ranked by votes (ties: earlier entry first). */
  Future<JsonObject> get(Caller caller, UUID id) {
    return contest(caller, id).compose(contest -> pool.preparedQuery("""
            SELECT e.id, e.course_id, c.title, o.name AS branch, (SELECT count(*) FROM contest_votes v WHERE v.entry_id = e.id) AS votes
            FROM contest_entries e JOIN courses c ON c.id = e.course_id JOIN orgs o ON o.id = e.branch_id
            WHERE e.contest_id = $1 ORDER BY votes DESC, e.created_at
            """).execute(Tuple.of(id))
        .map(rows -> {
          JsonArray entries = new JsonArray();
          int rank = 0;
          for (Row row : rows) {
            entries.add(new JsonObject().put("rank", ++rank).put("entryId", row.getUUID("id").toString())
                .put("courseId", row.getUUID("course_id").toString()).put("title", row.getString("title"))
                .put("branch", row.getString("branch")).put("votes", row.getLong("votes")));
          }
          return new JsonObject().put("id", id.toString()).put("orgId", contest.getUUID("org_id").toString())
              .put("title", contest.getString("title")).put("endsAt", Times.format(contest.getOffsetDateTime("ends_at")))
              .put("entries", entries);
        }));
  }

  private Future<Row> contest(Caller caller, UUID id) {
    return pool.preparedQuery("SELECT id, org_id, title, ends_at FROM contests WHERE id = $1").execute(Tuple.of(id))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiException.notFound("The contest"))
            : orgs.chain(caller).compose(chain -> {
              Row c = rows.iterator().next();
              if (chain.contains(c.getUUID("org_id"))) {
                return Future.succeededFuture(c);
              }
              return orgs.find(c.getUUID("org_id")).compose(org -> Scope.covers(caller, org, Set.of(Role.values()))
                  ? Future.succeededFuture(c) : Future.failedFuture(ApiException.notFound("The contest")));
            }));
  }
}
