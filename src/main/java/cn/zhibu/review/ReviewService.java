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
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  private final cn.zhibu.platform.RateLimiter limiter;

  ReviewService(Pool pool, Scope scope, cn.zhibu.platform.RateLimiter limiter, Clock clock) {
    this.limiter = limiter;
    this.pool = pool;
    this.repository = new ReviewRepository(pool);
    this.scope = scope;
    this.clock = clock;
  }

  Future<Reviews.Round> create(Caller caller, Audit.Actor actor, UUID orgId, int year, String opensAt, String closesAt) {
    Instant opens = Times.parse(opensAt);
    Instant closes = Times.parse(closesAt);
    if (!closes.isAfter(opens)) {
      return Future.failedFuture(ApiException.unprocessable("review.invalid_time", "closesAt must be after opensAt"));
    }
    UUID id = UUID.randomUUID();
    return scope.require(caller, orgId, Role.MANAGERS)
        .compose(org -> repository.create(new ReviewRepository.Review(id, org.id(), year, opens.atOffset(ZoneOffset.UTC),
            closes.atOffset(ZoneOffset.UTC), false), caller.personId()))
        .compose(v -> pool.withTransaction(tx -> Audit.record(tx, actor, orgId, "review.create", "review:" + id,
            new JsonObject().put("year", year))))
        .compose(v -> get(caller, id));
  }

  private record Seen(ReviewRepository.Review review, List<ReviewRepository.Member> members, boolean manager) {
    boolean member(UUID person) {
      return members.stream().anyMatch(m -> m.id().equals(person));
    }
  }

  /** The review, if the caller is one of its members or manages its org; else 404. Freezes it once it opens. */
  private Future<Seen> seen(Caller caller, UUID id) {
    return opened(id).compose(review -> review == null ? Future.failedFuture(ApiException.notFound("The review"))
        : repository.members(review).compose(members -> scope.visible(caller, review.orgId())
            .map(org -> Scope.covers(caller, org, Role.MANAGERS)).otherwise(false)
            .compose(manager -> {
              Seen seen = new Seen(review, members, manager);
              return manager || seen.member(caller.personId()) ? Future.succeededFuture(seen)
                  : Future.failedFuture(ApiException.notFound("The review"));
            })));
  }

  /** The round as stored, its electorate frozen first if it has opened (the job may not have run yet). */
  private Future<ReviewRepository.Review> opened(UUID id) {
    return repository.find(id).compose(review -> review == null || review.frozen()
        || clock.instant().isBefore(review.opensAt().toInstant()) ? Future.succeededFuture(review)
        : repository.freezeOpened(id, clock.instant().atOffset(ZoneOffset.UTC)).compose(n -> repository.find(id)));
  }

  /** Freezes the electorate of every round that has opened (the minute job). */
  Future<Integer> freezeOpened() {
    return repository.freezeOpened(null, clock.instant().atOffset(ZoneOffset.UTC));
  }

  private String state(ReviewRepository.Review r) {
    Instant now = clock.instant();
    return now.isBefore(r.opensAt().toInstant()) ? "upcoming" : now.isBefore(r.closesAt().toInstant()) ? "open" : "closed";
  }

  Future<Reviews.Round> get(Caller caller, UUID id) {
    return seen(caller, id).compose(s -> Future.all(repository.self(id, caller.personId()),
            repository.voted(id, caller.personId()))
        .map(all -> new Reviews.Round(id, s.review().orgId(), s.review().year(), Times.format(s.review().opensAt()),
            Times.format(s.review().closesAt()), state(s.review()),
            s.members().stream().map(m -> new Reviews.Member(m.id(), m.name())).toList(), all.resultAt(0),
            all.<Boolean>resultAt(1))));
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

  Future<Void> ballot(Caller caller, Audit.Actor actor, UUID id, JsonArray ratings, String committeeGrade) {
    return openTo(caller, id).compose(s -> {
      Map<UUID, String> grades = new LinkedHashMap<>();
      for (Object o : ratings) {
        JsonObject r = (JsonObject) o;
        UUID ratee = UUID.fromString(r.getString("personId"));
        if (ratee.equals(caller.personId())) {
          return Future.failedFuture(ApiException.unprocessable("review.self_rating", "Nobody rates themself"));
        }
        if (!s.member(ratee) || grades.putIfAbsent(ratee, r.getString("grade")) != null) {
          return Future.failedFuture(ApiException.unprocessable("review.unknown_ratee",
              "Rate each member under review at most once"));
        }
      }
      return pool.withTransaction(tx -> repository.vote(tx, id, caller.personId(), new Tallies.Ballot(grades, committeeGrade))
          .compose(first -> first
              // That this person voted is recorded (the register of a polling station); what they voted is not,
              // anywhere, and the tallies it could be ordered against are shown to nobody before the round closes.
              ? Audit.record(tx, actor, s.review().orgId(), "review.ballot", "review:" + id, new JsonObject())
              : Future.failedFuture(ApiException.conflict("review.already_voted", "You have voted in this review"))));
    });
  }

  Future<Reviews.Results> grades(Caller caller, Audit.Actor actor, UUID id, JsonArray grades) {
    return seen(caller, id).compose(s -> {
      if (!s.manager()) {
        return Future.<Reviews.Results>failedFuture(ApiException.forbidden("The secretary sets the grades"));
      }
      if (!"closed".equals(state(s.review()))) {
        return Future.<Reviews.Results>failedFuture(ApiException.unprocessable("review.not_closed",
            "Grades are set after the review closes"));
      }
      for (Object o : grades) {
        UUID person = UUID.fromString(((JsonObject) o).getString("personId"));
        if (person.equals(caller.personId())) {
          return Future.<Reviews.Results>failedFuture(ApiException.unprocessable("review.own_grade",
              "Nobody sets their own grade: the org above grades its secretary"));
        }
        if (!s.member(person)) {
          return Future.<Reviews.Results>failedFuture(ApiException.unprocessable("review.unknown_ratee",
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

  Future<Reviews.Rounds> ofOrg(Caller caller, UUID orgId) {
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> repository.ofOrg(org.id(), caller.personId()))
        .map(this::rounds);
  }

  Future<Reviews.Rounds> mine(Caller caller) {
    return repository.mine(caller.personId()).map(this::rounds);
  }

  private Reviews.Rounds rounds(List<ReviewRepository.Voted> rounds) {
    return new Reviews.Rounds(rounds.stream().map(v -> new Reviews.Listed(v.review().id(), v.review().orgId(),
        v.review().year(), Times.format(v.review().opensAt()), Times.format(v.review().closesAt()), state(v.review()),
        v.voted())).toList());
  }

  /**
   * Turnout while the round is open (how many have voted, of how many); the tallies only once it has closed, so
   * that no two reads around a ballot can tell what it held.
   */
  Future<Reviews.Results> results(Caller caller, UUID id) {
    return seen(caller, id).compose(s -> {
      if (!s.manager()) {
        return Future.<Reviews.Results>failedFuture(ApiException.forbidden("Results are for the secretary and admins"));
      }
      boolean closed = "closed".equals(state(s.review()));
      return Future.all(repository.rated(s.review()), repository.ballots(id),
          closed ? repository.tallies(id) : Future.succeededFuture(null), repository.publicTurnout(id)).map(all -> {
        List<ReviewRepository.Rated> rated = all.resultAt(0);
        long ballots = all.<Long>resultAt(1);
        Tallies tallies = all.resultAt(2);
        long[] turnout = all.resultAt(3);
        List<Reviews.Person> people = rated.stream().map(r -> new Reviews.Person(r.id(), r.name(),
            tallies == null ? null : tallies.forPerson(r.id()), tallies == null ? null : tallies.fromPublic(r.id()),
            r.self(), r.grade())).toList();
        return new Reviews.Results(id, state(s.review()), ballots, s.members().size(), turnout[0], turnout[1],
            tallies == null ? null : tallies.committee(), people);
      });
    });
  }

  /**
   * The year's rounds in a subtree as one sheet (the 台账 pack): per member their tallies, once a round has closed,
   * and grade — never who voted how. Each round is read as its results page reads it, so the same caller checks
   * hold; the returned function writes the sheet off the event loop.
   */
  Future<java.util.function.Consumer<cn.zhibu.platform.Spreadsheet>> resultsSheet(Caller caller, UUID orgId, int year,
      String title) {
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> repository.inSubtree(org.id(), year))
        .compose(rounds -> {
          List<Map.Entry<String, Reviews.Results>> all = new java.util.ArrayList<>();
          Future<Void> chain = Future.succeededFuture();
          for (Map.Entry<UUID, String> round : rounds) {
            chain = chain.compose(v -> results(caller, round.getKey())
                .map(r -> all.add(Map.entry(round.getValue(), r))).mapEmpty());
          }
          return chain.map(v -> book -> {
            cn.zhibu.platform.Spreadsheet.Table sheet = book.table("民主评议", title, List.of("组织", "状态", "姓名", "优秀",
                "合格", "基本合格", "不合格", "评定等次"));
            for (Map.Entry<String, Reviews.Results> round : all) {
              String state = "closed".equals(round.getValue().state()) ? "已结束" : "进行中";
              for (Reviews.Person p : round.getValue().people()) {
                List<Object> cells = new java.util.ArrayList<>(List.of(round.getKey(), state));
                cells.addAll(Reviews.cells(p));
                sheet.row(cells);
              }
            }
          });
        });
  }

  private static final String CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

  /** A one-time code as stored: its SHA-256, so a database read gives nobody a code to vote with. */
  static String hash(String code) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(code.strip().toUpperCase(java.util.Locale.ROOT).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String code() {
    StringBuilder code = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      code.append(CODE_LETTERS.charAt(RANDOM.nextInt(CODE_LETTERS.length())));
    }
    return code.toString();
  }

  /**
   * One-time codes for 群众 to rate the members under review (群众评议党员, seed 003 §8): handed out by the secretary
   * (on paper, in person), stored only as hashes, each good for one ballot while the round is open. Who got which
   * code is not recorded, so a 群众's ballot is anonymous.
   */
  Future<Reviews.Invitations> invite(Caller caller, Audit.Actor actor, UUID id, int count) {
    return seen(caller, id).compose(s -> {
      if (!s.manager()) {
        return Future.<Reviews.Invitations>failedFuture(ApiException.forbidden("The secretary invites 群众"));
      }
      if ("closed".equals(state(s.review()))) {
        return Future.<Reviews.Invitations>failedFuture(ApiException.unprocessable("review.not_open",
            "The review has closed"));
      }
      List<String> codes = new java.util.ArrayList<>();
      for (int i = 0; i < count; i++) {
        codes.add(code());
      }
      return pool.withTransaction(tx -> repository.invite(tx, id, codes.stream().map(ReviewService::hash).toList(),
              caller.personId())
          .compose(v -> Audit.record(tx, actor, s.review().orgId(), "review.invite", "review:" + id,
              new JsonObject().put("count", count))))
          .map(v -> new Reviews.Invitations(id, codes, Times.format(s.review().closesAt())));
    });
  }

  /**
   * The open round a code is good for, with the members to rate; 422 for a code that is not (or no longer) good.
   * Without a login the caller is only an address: 30 tries a minute each (429), on top of codes no one can guess.
   */
  private Future<ReviewRepository.Review> invited(String ip, UUID id, String code) {
    return limiter.check("public-ballot:" + ip, 30, java.time.Duration.ofMinutes(1)).compose(v -> opened(id)).compose(review -> {
      if (review == null) {
        return Future.failedFuture(ApiException.notFound("The review"));
      }
      if (!"open".equals(state(review))) {
        return Future.failedFuture(ApiException.unprocessable("review.not_open", "The review is not open"));
      }
      return repository.invitationOpen(id, hash(code)).compose(ok -> ok ? Future.succeededFuture(review)
          : Future.failedFuture(ApiException.unprocessable("review.invalid_code",
              "This code is not valid for this review, or has been used")));
    });
  }

  Future<Reviews.PublicRound> publicRound(String ip, UUID id, String code) {
    return invited(ip, id, code).compose(review -> Future.all(repository.members(review), repository.orgName(review.orgId()))
        .map(all -> new Reviews.PublicRound(id, all.resultAt(1), review.year(), Times.format(review.closesAt()),
            all.<List<ReviewRepository.Member>>resultAt(0).stream().map(m -> new Reviews.Member(m.id(), m.name())).toList())));
  }

  /** A 群众's ballot with a one-time code: the frozen members, each once; the code spent in the same transaction. */
  Future<Void> publicBallot(String ip, UUID id, String code, JsonArray ratings) {
    return invited(ip, id, code).compose(review -> repository.members(review).compose(members -> {
      Set<UUID> electorate = new java.util.HashSet<>(members.stream().map(ReviewRepository.Member::id).toList());
      Map<UUID, String> grades = new LinkedHashMap<>();
      for (Object o : ratings) {
        JsonObject r = (JsonObject) o;
        UUID ratee = UUID.fromString(r.getString("personId"));
        if (!electorate.contains(ratee) || grades.putIfAbsent(ratee, r.getString("grade")) != null) {
          return Future.failedFuture(ApiException.unprocessable("review.unknown_ratee",
              "Rate each member under review at most once"));
        }
      }
      return pool.withTransaction(tx -> repository.publicVote(tx, id, hash(code), new Tallies.Ballot(grades)))
          .compose(counted -> counted ? Future.<Void>succeededFuture()
              : Future.failedFuture(ApiException.unprocessable("review.invalid_code",
                  "This code is not valid for this review, or has been used")));
    }));
  }
}
