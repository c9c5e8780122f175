package cn.zhibu.review;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** 民主评议党员 through the API: one ballot each, never oneself, tallies without voters, grades after closing. */
class ReviewApiTest {

  @AfterEach
  void putClockBack() {
    TestServer.get().clock.reset();
  }

  static JsonArray ratings(Object... pairs) {
    JsonArray out = new JsonArray();
    for (int i = 0; i < pairs.length; i += 2) {
      out.add(new JsonObject().put("personId", ((Api.Session) pairs[i]).id()).put("grade", pairs[i + 1]));
    }
    return out;
  }

  static Api.Res ballot(Api.Session who, String review, JsonArray ratings) {
    return post("/api/v1/reviews/" + review + "/ballots", new JsonObject().put("ratings", ratings), who.accessToken());
  }

  @Test
  @DisplayName("a round from opening to grades: one ballot each (also at once), never oneself, tallies that never say who voted how")
  void round() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session a = school.memberOf(school.branchA);
    Api.Session b = school.memberOf(school.branchA);
    Api.Session c = school.memberOf(school.branchA);
    Instant now = Instant.now();
    JsonObject review = post("/api/v1/orgs/" + school.branchA + "/reviews", new JsonObject().put("year", 2026)
        .put("opensAt", now.minus(Duration.ofHours(1)).toString()).put("closesAt", now.plus(Duration.ofHours(1)).toString()),
        secretary.accessToken()).expect(201).json();
    String id = review.getString("id");
    assertEquals("open", review.getString("state"));
    assertEquals(4, review.getJsonArray("members").size());
    post("/api/v1/orgs/" + school.branchA + "/reviews", new JsonObject().put("year", 2026).put("opensAt", now.toString())
        .put("closesAt", now.plus(Duration.ofDays(1)).toString()), secretary.accessToken()).problem(409, "conflict.duplicate");

    post("/api/v1/reviews/" + id + "/self", new JsonObject().put("text", "认真学习，按时参加组织生活"), a.accessToken())
        .expect(204);
    ballot(a, id, ratings(b, "excellent", c, "qualified")).expect(204);
    ballot(a, id, ratings(b, "qualified")).problem(409, "review.already_voted");
    ballot(b, id, ratings(a, "excellent", b, "excellent")).problem(422, "review.self_rating");
    ballot(b, id, ratings(school.memberOf(school.branchB), "qualified")).problem(422, "review.unknown_ratee");
    ballot(b, id, ratings(a, "excellent", c, "basically_qualified")).expect(204);
    List<CompletableFuture<Integer>> racing = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      racing.add(CompletableFuture.supplyAsync(() -> ballot(c, id, ratings(a, "qualified", b, "excellent")).status()));
    }
    assertEquals(List.of(204, 409, 409, 409, 409), racing.stream().map(CompletableFuture::join).sorted().toList());
    JsonObject mine = get("/api/v1/reviews/" + id, a.accessToken()).expect(200).json();
    assertEquals(true, mine.getBoolean("voted"));
    assertEquals("认真学习，按时参加组织生活", mine.getString("mySelfAssessment"));
    get("/api/v1/reviews/" + id, school.memberOf(school.branchB).accessToken()).problem(404, "not_found");
    JsonObject listed = get("/api/v1/me/reviews", a.accessToken()).expect(200).json().getJsonArray("items").getJsonObject(0);
    assertEquals(id, listed.getString("id"));
    assertEquals(true, listed.getBoolean("voted"));
    assertEquals(id, get("/api/v1/orgs/" + school.branchA + "/reviews", secretary.accessToken()).expect(200).json()
        .getJsonArray("items").getJsonObject(0).getString("id"));
    get("/api/v1/orgs/" + school.branchA + "/reviews", a.accessToken()).problem(403, "auth.forbidden");
    assertEquals("认真学习，按时参加组织生活", get("/api/v1/me/data", a.accessToken()).expect(200).json()
        .getJsonArray("reviews").getJsonObject(0).getString("selfAssessment"), "PIPL: own self-assessment, never a ballot");
    get("/api/v1/reviews/" + id + "/results", a.accessToken()).problem(403, "auth.forbidden");

    JsonObject live = get("/api/v1/reviews/" + id + "/results", secretary.accessToken()).expect(200).json();
    assertEquals(3, live.getInteger("ballots"), "turnout while open");
    assertTrue(live.getJsonArray("people").stream().map(JsonObject.class::cast).allMatch(p -> p.getValue("tallies") == null),
        "no tallies while the round is open");

    post("/api/v1/reviews/" + id + "/grades", new JsonObject().put("grades", ratings(b, "excellent")), secretary.accessToken())
        .problem(422, "review.not_closed");
    TestServer.get().clock.advance(Duration.ofHours(2));
    ballot(secretary, id, ratings(a, "qualified")).problem(422, "review.not_open");
    Api.Res results = get("/api/v1/reviews/" + id + "/results", secretary.accessToken()).expect(200);
    JsonObject body = results.json();
    assertEquals(3, body.getInteger("ballots"));
    Map<String, JsonObject> tallies = body.getJsonArray("people").stream().map(JsonObject.class::cast)
        .collect(Collectors.toMap(p -> p.getString("personId"), p -> p.getJsonObject("tallies")));
    assertEquals(2, tallies.get(b.id()).getInteger("excellent"));
    assertEquals(1, tallies.get(a.id()).getInteger("excellent"));
    assertEquals(1, tallies.get(a.id()).getInteger("qualified"));
    assertEquals(1, tallies.get(c.id()).getInteger("basically_qualified"));
    assertFalse(results.body().contains("voter"), "no voter anywhere in the results");
    post("/api/v1/reviews/" + id + "/grades", new JsonObject().put("grades", ratings(secretary, "excellent")),
        secretary.accessToken()).problem(422, "review.own_grade");
    post("/api/v1/reviews/" + id + "/grades", new JsonObject().put("grades", ratings(c, "qualified")), secretary.accessToken())
        .expect(200);
    JsonArray cOwn = get("/api/v1/me/data", c.accessToken()).expect(200).json().getJsonArray("reviews");
    assertEquals("qualified", cOwn.getJsonObject(0).getString("grade"), "a grade given without a self-assessment is in /me/data");
    JsonObject graded = post("/api/v1/reviews/" + id + "/grades", new JsonObject().put("grades", ratings(b, "excellent",
        a, "qualified")), secretary.accessToken()).expect(200).json();
    assertEquals("excellent", graded.getJsonArray("people").stream().map(JsonObject.class::cast)
        .filter(p -> b.id().equals(p.getString("personId"))).findFirst().orElseThrow().getString("grade"));
    post("/api/v1/reviews/" + id + "/grades", new JsonObject().put("grades", ratings(b, "qualified")), a.accessToken())
        .problem(403, "auth.forbidden");
    byte[] sheet = get("/api/v1/reviews/" + id + "/results?format=xlsx", secretary.accessToken()).expect(200).bytes();
    assertEquals("PK", new String(sheet, 0, 2, java.nio.charset.StandardCharsets.US_ASCII));
  }

  static String openRound(School school, Api.Session secretary, Instant opens, Instant closes) {
    return post("/api/v1/orgs/" + school.branchA + "/reviews", new JsonObject().put("year", 2026)
        .put("opensAt", opens.toString()).put("closesAt", closes.toString()), secretary.accessToken()).expect(201).json()
        .getString("id");
  }

  static String results(String review, Api.Session secretary) {
    return get("/api/v1/reviews/" + review + "/results", secretary.accessToken()).expect(200).body();
  }

  @Test
  @DisplayName("while a round is open, two reads of the results around one ballot differ only in the turnout; the audit names the voter, and nothing it can be ordered against says what they voted")
  void noDiffAroundABallot() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session a = school.memberOf(school.branchA);
    Api.Session b = school.memberOf(school.branchA);
    Instant now = Instant.now();
    String id = openRound(school, secretary, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofHours(1)));
    String before = results(id, secretary);
    ballot(a, id, ratings(b, "unqualified", secretary, "excellent")).expect(204);
    String after = results(id, secretary);
    assertEquals(before.replace("\"ballots\":0", "\"ballots\":1"), after, "only the turnout moved");
    assertEquals(before.replace("\"ballots\":0", "\"ballots\":1"), results(id, secretary));
    byte[] sheet = get("/api/v1/reviews/" + id + "/results?format=xlsx", secretary.accessToken()).expect(200).bytes();
    assertEquals("PK", new String(sheet, 0, 2, java.nio.charset.StandardCharsets.US_ASCII));
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM audit_log WHERE action = 'review.ballot' AND target = 'review:"
        + id + "' AND actor_id = '" + a.id() + "' AND detail = '{}'::jsonb"), "that a voted is audited, with nothing of the ballot");
  }

  @Test
  @DisplayName("in the database no ballot can be rebuilt: no rating rows to join on xmin or order by ctid, one tallies row per round rewritten whole by every ballot")
  void ballotsUnlinkableInTheDatabase() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session a = school.memberOf(school.branchA);
    Api.Session b = school.memberOf(school.branchA);
    Api.Session c = school.memberOf(school.branchA);
    Instant now = Instant.now();
    String id = openRound(school, secretary, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofHours(1)));
    ballot(a, id, ratings(b, "excellent")).expect(204);
    ballot(b, id, ratings(c, "unqualified", a, "qualified")).expect(204);
    ballot(c, id, ratings(secretary, "basically_qualified")).expect(204);
    TestServer db = TestServer.get();
    assertEquals(0, db.count("SELECT count(*) FROM information_schema.tables WHERE table_name = 'review_ratings'"),
        "the per-rating table (joinable on xmin, ordered by ctid) is gone");
    assertEquals(0, db.count("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public'"
        + " AND table_name LIKE 'review%' AND (column_name LIKE '%grade%' OR column_name LIKE '%rating%'"
        + " OR column_name LIKE '%tallies%') AND table_name NOT IN ('review_grades', 'review_tallies')"),
        "a review's grades are stored nowhere else");
    assertEquals(1, db.count("SELECT count(*) FROM review_tallies WHERE review_id = '" + id + "'"), "one row per round");
    // The attack that rebuilt every ballot: rows written in the voter's transaction. Only the tallies row can share a
    // transaction with a ballot, and only with the latest one; it then holds every ballot's counts, not one's.
    assertEquals(1, db.count("SELECT count(*) FROM review_ballots b JOIN review_tallies t ON t.xmin = b.xmin"
        + " WHERE b.review_id = '" + id + "'"), "the xmin join finds only the latest ballot");
    assertEquals(3, db.count("SELECT ballots FROM review_tallies WHERE review_id = '" + id + "'"));
    assertEquals(4, db.count("SELECT sum((v->>'excellent')::int + (v->>'qualified')::int + (v->>'basically_qualified')::int"
        + " + (v->>'unqualified')::int) FROM review_tallies t, jsonb_each(t.tallies) AS e(k, v) WHERE t.review_id = '" + id + "'"),
        "the row the join finds holds all four ratings of the three ballots together");
    assertEquals(0, db.count("SELECT count(*) FROM review_ballots b JOIN review_selfs s ON s.xmin = b.xmin"
        + " WHERE b.review_id = '" + id + "'"));
  }

  @Test
  @DisplayName("who may vote and who is rated are frozen when the round opens: a person added to the roster mid-round neither votes nor is rated; added before opening, they are part of it")
  void electorateFrozenAtOpening() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session a = school.memberOf(school.branchA);
    Instant now = Instant.now();
    String open = openRound(school, secretary, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofHours(1)));
    Api.Session puppet = school.memberOf(school.branchA);
    ballot(puppet, open, ratings(a, "unqualified")).problem(404, "not_found");
    ballot(a, open, ratings(puppet, "excellent")).problem(422, "review.unknown_ratee");
    JsonObject round = get("/api/v1/reviews/" + open, secretary.accessToken()).expect(200).json();
    assertEquals(2, round.getJsonArray("members").size(), "the secretary and a, as at opening");
    assertTrue(get("/api/v1/me/reviews", puppet.accessToken()).expect(200).json().getJsonArray("items").stream()
        .map(JsonObject.class::cast).noneMatch(r -> open.equals(r.getString("id"))));

    // A round that opens later is frozen by the minute job at its opening, with whoever is on the roster then.
    School other = School.create();
    Api.Session secretary2 = other.secretaryOf(other.branchA);
    String later = openRound(other, secretary2, now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(3)));
    Api.Session early = other.memberOf(other.branchA);
    TestServer.get().clock.advance(Duration.ofMinutes(61));
    TestServer.get().runReminders();
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM reviews WHERE id = '" + later + "' AND frozen_at IS NOT NULL"));
    Api.Session tooLate = other.memberOf(other.branchA);
    ballot(early, later, ratings(secretary2, "excellent")).expect(204);
    ballot(tooLate, later, ratings(secretary2, "excellent")).problem(404, "not_found");
  }
}
