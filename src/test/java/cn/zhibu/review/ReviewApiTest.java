package cn.zhibu.review;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
    assertEquals(0, TestServer.get().count("SELECT count(*) FROM information_schema.columns WHERE table_name = 'review_ratings'"
        + " AND column_name LIKE '%voter%'"), "ratings are stored without their voter");

    post("/api/v1/reviews/" + id + "/grades", new JsonObject().put("grades", ratings(b, "excellent")), secretary.accessToken())
        .problem(422, "review.not_closed");
    TestServer.get().clock.advance(Duration.ofHours(2));
    ballot(secretary, id, ratings(a, "qualified")).problem(422, "review.not_open");
    JsonObject graded = post("/api/v1/reviews/" + id + "/grades", new JsonObject().put("grades", ratings(b, "excellent",
        a, "qualified")), secretary.accessToken()).expect(200).json();
    assertEquals("excellent", graded.getJsonArray("people").stream().map(JsonObject.class::cast)
        .filter(p -> b.id().equals(p.getString("personId"))).findFirst().orElseThrow().getString("grade"));
    post("/api/v1/reviews/" + id + "/grades", new JsonObject().put("grades", ratings(b, "qualified")), a.accessToken())
        .problem(403, "auth.forbidden");
    byte[] sheet = get("/api/v1/reviews/" + id + "/results?format=xlsx", secretary.accessToken()).expect(200).bytes();
    assertEquals("PK", new String(sheet, 0, 2, java.nio.charset.StandardCharsets.US_ASCII));
  }
}
