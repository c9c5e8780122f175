package cn.zhibu.review;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** 群众评议党员 with one-time codes, and 党员评议支部 on the members' ballots (seed 003 §8). */
class PublicReviewTest {

  @AfterEach
  void putClockBack() {
    TestServer.get().clock.reset();
  }

  private static Api.Res publicBallot(String review, String code, JsonArray ratings) {
    return post("/api/v1/reviews/" + review + "/public-ballots", new JsonObject().put("code", code).put("ratings", ratings),
        null);
  }

  @Test
  @DisplayName("invited 群众 rate the frozen members once per code, anonymously; members rate the committee; counts apart, after closing")
  void publicAndCommittee() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session a = school.memberOf(school.branchA);
    Api.Session b = school.memberOf(school.branchA);
    Instant now = Instant.now();
    String id = ReviewApiTest.openRound(school, secretary, now.minus(Duration.ofHours(1)), now.plus(Duration.ofHours(1)));
    Api.Session late = school.memberOf(school.branchA); // joins after the round opened: not part of it

    post("/api/v1/reviews/" + id + "/invitations", new JsonObject().put("count", 3), a.accessToken())
        .problem(403, "auth.forbidden");
    JsonObject invited = post("/api/v1/reviews/" + id + "/invitations", new JsonObject().put("count", 3),
        secretary.accessToken()).expect(201).json();
    List<String> codes = invited.getJsonArray("codes").stream().map(String.class::cast).toList();
    assertEquals(3, codes.size());
    assertEquals(3, codes.stream().distinct().count());
    assertEquals(0, TestServer.get().count("SELECT count(*) FROM review_invitations WHERE code_hash IN ('"
        + String.join("', '", codes) + "')"), "codes are kept only as hashes");

    JsonObject round = get("/api/v1/reviews/" + id + "/public-ballot?code=" + codes.get(0), null).expect(200).json();
    assertEquals(3, round.getJsonArray("members").size(), "the electorate frozen at opening");
    get("/api/v1/reviews/" + id + "/public-ballot?code=NOTACODE00", null).problem(422, "review.invalid_code");

    publicBallot(id, codes.get(0), ReviewApiTest.ratings(late, "excellent")).problem(422, "review.unknown_ratee");
    publicBallot(id, codes.get(0), ReviewApiTest.ratings(a, "excellent", a, "qualified")).problem(422, "review.unknown_ratee");
    publicBallot(id, codes.get(0), ReviewApiTest.ratings(a, "excellent", b, "qualified")).expect(204);
    publicBallot(id, codes.get(0), ReviewApiTest.ratings(a, "unqualified")).problem(422, "review.invalid_code");
    get("/api/v1/reviews/" + id + "/public-ballot?code=" + codes.get(0), null).problem(422, "review.invalid_code");
    // one code sent twice at once counts once
    List<CompletableFuture<Integer>> racing = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      racing.add(CompletableFuture.supplyAsync(() -> publicBallot(id, codes.get(1),
          ReviewApiTest.ratings(a, "qualified")).status()));
    }
    assertEquals(List.of(204, 422, 422, 422), racing.stream().map(CompletableFuture::join).sorted().toList());

    post("/api/v1/reviews/" + id + "/ballots", new JsonObject().put("ratings", ReviewApiTest.ratings(b, "excellent"))
        .put("committeeGrade", "excellent"), a.accessToken()).expect(204);
    post("/api/v1/reviews/" + id + "/ballots", new JsonObject().put("ratings", ReviewApiTest.ratings(a, "qualified"))
        .put("committeeGrade", "qualified"), b.accessToken()).expect(204);

    JsonObject live = get("/api/v1/reviews/" + id + "/results", secretary.accessToken()).expect(200).json();
    assertEquals(2, live.getInteger("ballots"));
    assertEquals(2, live.getInteger("publicBallots"));
    assertEquals(3, live.getInteger("invitations"));
    assertNull(live.getValue("committee"), "no counts while open");
    assertTrue(live.getJsonArray("people").stream().map(JsonObject.class::cast)
        .allMatch(p -> p.getValue("publicTallies") == null));

    TestServer.get().clock.advance(Duration.ofHours(2));
    publicBallot(id, codes.get(2), ReviewApiTest.ratings(a, "excellent")).problem(422, "review.not_open");
    Api.Res closed = get("/api/v1/reviews/" + id + "/results", secretary.accessToken()).expect(200);
    JsonObject results = closed.json();
    assertEquals(1, results.getJsonObject("committee").getInteger("excellent"));
    assertEquals(1, results.getJsonObject("committee").getInteger("qualified"));
    JsonObject ofA = results.getJsonArray("people").stream().map(JsonObject.class::cast)
        .filter(p -> a.id().equals(p.getString("personId"))).findFirst().orElseThrow();
    assertEquals(1, ofA.getJsonObject("publicTallies").getInteger("excellent"));
    assertEquals(1, ofA.getJsonObject("publicTallies").getInteger("qualified"));
    assertEquals(1, ofA.getJsonObject("tallies").getInteger("qualified"), "the members' counts apart from the public's");
    assertEquals(0, ofA.getJsonObject("tallies").getInteger("excellent"));
    assertFalse(closed.body().contains(codes.get(0)), "no code in the results");
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM review_tallies WHERE review_id = '" + id + "'"),
        "one counts row: nothing stored per ballot");
    assertEquals(0, TestServer.get().count("SELECT count(*) FROM audit_log WHERE target = 'review:" + id
        + "' AND action NOT IN ('review.create', 'review.invite', 'review.ballot')"), "a 群众's ballot leaves no trace");
  }

  @Test
  @DisplayName("without a login a caller is an address: 30 tries a minute at codes, then 429 with a wait")
  void triesAreLimited() {
    String review = UUID.randomUUID().toString();
    try {
      int limited = 0;
      for (int i = 0; i < 40; i++) {
        Api.Res res = get("/api/v1/reviews/" + review + "/public-ballot?code=GUESS" + String.format("%05d", i), null);
        if (res.status() == 429) {
          limited++;
          assertEquals("rate_limited", res.json().getString("code"));
        } else {
          assertEquals(404, res.status(), res.body());
        }
      }
      assertTrue(limited >= 10, "the tries past 30 were refused: " + limited);
    } finally {
      try (var redis = TestServer.get().redis()) {
        redis.sync().del(TestServer.get().config.redisPrefix() + "rl:public-ballot:127.0.0.1");
      }
    }
  }
}
