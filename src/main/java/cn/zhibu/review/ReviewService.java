package cn.zhibu.review;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * 民主评议党员: a round per org and year, opened by its secretary; while open, each party member of the org writes a
 * self-assessment and casts one ballot rating the others (never themself); after it closes the secretary sets
 * the grades; results show tallies, never who voted how.
 */
final class ReviewService {
  static final Set<String> GRADES = Set.of("excellent", "qualified", "basically_qualified", "unqualified");
  private final Pool pool;
  private final ReviewRepository repository;
  private final Scope scope;
  private final Clock clock;

  ReviewService(Pool pool, Scope scope, Clock clock) {
    this.pool = pool;
    this.repository = new ReviewRepository(pool);
    this.scope = scope;
    this.clock = clock;
  }

  Future<JsonObject> create(Caller caller, Audit.Actor actor, UUID orgId, int year, String opensAt, String closesAt) {
    Instant opens = Times.parse(opensAt);
    Instant closes = Times.parse(closesAt);
    if (!closes.isAfter(opens)) {
      return Future.failedFuture(ApiException.unprocessable("review.invalid_time", "closesAt must be after opensAt"));
    }
    UUID id = UUID.randomUUID();
    return scope.require(caller, orgId, Role.MANAGERS)
        .compose(org -> repository.create(new ReviewRepository.Review(id, org.id(), year, opens.atOffset(ZoneOffset.UTC),
            closes.atOffset(ZoneOffset.UTC)), caller.personId()))
        .compose(v -> pool.withTransaction(tx -> Audit.record(tx, actor, orgId, "review.create", "review:" + id,
            new JsonObject().put("year", year))))
        .compose(v -> get(caller, id));
  }

  private record Seen(ReviewRepository.Review review, List<ReviewRepository.Member> members, boolean manager) {
    boolean member(UUID person) {
      return members.stream().anyMatch(m -> m.id().equals(person));
    }
  }

  /** The review, if the caller is one of its members or manages its org; else 404. */
  private Future<Seen> seen(Caller caller, UUID id) {
    return repository.find(id).compose(review -> review == null ? Future.failedFuture(ApiException.notFound("The review"))
        : repository.members(review.orgId()).compose(members -> scope.visible(caller, review.orgId())
            .map(org -> Scope.covers(caller, org, Role.MANAGERS)).otherwise(false)
            .compose(manager -> {
              Seen seen = new Seen(review, members, manager);
              return manager || seen.member(caller.personId()) ? Future.succeededFuture(seen)
                  : Future.failedFuture(ApiException.notFound("The review"));
            })));
  }

  private String state(ReviewRepository.Review r) {
    Instant now = clock.instant();
    return now.isBefore(r.opensAt().toInstant()) ? "upcoming" : now.isBefore(r.closesAt().toInstant()) ? "open" : "closed";
  }

  Future<JsonObject> get(Caller caller, UUID id) {
    return seen(caller, id).compose(s -> Future.all(repository.self(id, caller.personId()),
            repository.voted(id, caller.personId()))
        .map(all -> {
          JsonArray members = new JsonArray();
          s.members().forEach(m -> members.add(new JsonObject().put("personId", m.id().toString()).put("name", m.name())));
          return new JsonObject().put("id", id.toString()).put("orgId", s.review().orgId().toString())
              .put("year", s.review().year()).put("opensAt", Times.format(s.review().opensAt()))
              .put("closesAt", Times.format(s.review().closesAt())).put("state", state(s.review()))
              .put("members", members).put("mySelfAssessment", all.resultAt(0)).put("voted", all.<Boolean>resultAt(1));
        }));
  }

  private Future<Seen> openTo(Caller caller, UUID id) {
    return seen(caller, id).compose(s -> {
      if (!s.member(caller.personId())) {
        return Future.failedFuture(ApiException.forbidden("Only the party members under review take part"));
      }
      if (!"open".equals(state(s.review()))) {
        return Future.failedFuture(ApiException.unprocessable("review.not_open", "The review is not open"));
      }
      return Future.succeededFuture(s);
    });
  }

  Future<Void> self(Caller caller, UUID id, String text) {
    return openTo(caller, id).compose(s -> repository.saveSelf(id, caller.personId(), text));
  }

  Future<Void> ballot(Caller caller, Audit.Actor actor, UUID id, JsonArray ratings) {
    return openTo(caller, id).compose(s -> {
      List<UUID> ratees = new ArrayList<>();
      List<String> grades = new ArrayList<>();
      Set<UUID> seenRatees = new HashSet<>();
      for (Object o : ratings) {
        JsonObject r = (JsonObject) o;
        UUID ratee = UUID.fromString(r.getString("personId"));
        if (ratee.equals(caller.personId())) {
          return Future.failedFuture(ApiException.unprocessable("review.self_rating", "Nobody rates themself"));
        }
        if (!s.member(ratee) || !seenRatees.add(ratee)) {
          return Future.failedFuture(ApiException.unprocessable("review.unknown_ratee",
              "Rate each member under review at most once"));
        }
        ratees.add(ratee);
        grades.add(r.getString("grade"));
      }
      return pool.withTransaction(tx -> repository.vote(tx, id, caller.personId(), ratees, grades)
          .compose(first -> first
              // who voted and when is recorded; what they voted is not, anywhere
              ? Audit.record(tx, actor, s.review().orgId(), "review.ballot", "review:" + id, new JsonObject())
              : Future.failedFuture(ApiException.conflict("review.already_voted", "You have voted in this review"))));
    });
  }

  Future<JsonObject> grades(Caller caller, Audit.Actor actor, UUID id, JsonArray grades) {
    return seen(caller, id).compose(s -> {
      if (!s.manager()) {
        return Future.<JsonObject>failedFuture(ApiException.forbidden("The secretary sets the grades"));
      }
      if (!"closed".equals(state(s.review()))) {
        return Future.<JsonObject>failedFuture(ApiException.unprocessable("review.not_closed",
            "Grades are set after the review closes"));
      }
      for (Object o : grades) {
        if (!s.member(UUID.fromString(((JsonObject) o).getString("personId")))) {
          return Future.<JsonObject>failedFuture(ApiException.unprocessable("review.unknown_ratee",
              "Grades are for the members under review"));
        }
      }
      return pool.withTransaction(tx -> {
        Future<Void> chain = Future.succeededFuture();
        for (Object o : grades) {
          JsonObject g = (JsonObject) o;
          chain = chain.compose(v -> repository.grade(tx, id, UUID.fromString(g.getString("personId")),
              g.getString("grade"), caller.personId()));
        }
        return chain.compose(v -> Audit.record(tx, actor, s.review().orgId(), "review.grades", "review:" + id,
            new JsonObject().put("people", grades.size())));
      }).compose(v -> results(caller, id));
    });
  }

  Future<JsonObject> ofOrg(Caller caller, UUID orgId) {
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> repository.ofOrg(org.id(), caller.personId()))
        .map(this::rounds);
  }

  Future<JsonObject> mine(Caller caller) {
    return repository.mine(caller.personId()).map(this::rounds);
  }

  private JsonObject rounds(List<Row> rows) {
    JsonArray items = new JsonArray();
    for (Row r : rows) {
      ReviewRepository.Review review = new ReviewRepository.Review(r.getUUID("id"), r.getUUID("org_id"),
          r.getInteger("year"), r.getOffsetDateTime("opens_at"), r.getOffsetDateTime("closes_at"));
      items.add(new JsonObject().put("id", review.id().toString()).put("orgId", review.orgId().toString())
          .put("year", review.year()).put("opensAt", Times.format(review.opensAt()))
          .put("closesAt", Times.format(review.closesAt())).put("state", state(review)).put("voted", r.getBoolean("voted")));
    }
    return new JsonObject().put("items", items);
  }

  Future<JsonObject> results(Caller caller, UUID id) {
    return seen(caller, id).compose(s -> {
      if (!s.manager()) {
        return Future.<JsonObject>failedFuture(ApiException.forbidden("Results are for the secretary and admins"));
      }
      return Future.all(repository.results(id, s.review().orgId()), repository.ballots(id)).map(all -> {
        List<Row> rows = all.resultAt(0);
        long ballots = all.<Long>resultAt(1);
        JsonArray people = new JsonArray();
        for (Row r : rows) {
          people.add(new JsonObject().put("personId", r.getUUID("id").toString()).put("name", r.getString("name"))
              .put("tallies", new JsonObject().put("excellent", r.getLong("excellent")).put("qualified", r.getLong("qualified"))
                  .put("basically_qualified", r.getLong("basically_qualified")).put("unqualified", r.getLong("unqualified")))
              .put("selfAssessment", r.getString("self")).put("grade", r.getString("grade")));
        }
        return new JsonObject().put("reviewId", id.toString()).put("state", state(s.review())).put("ballots", ballots)
            .put("members", s.members().size()).put("people", people);
      });
    });
  }
}
