package cn.zhibu.course;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ContestApiTest {

  @AfterEach
  void putClockBack() {
    TestServer.get().clock.reset();
  }

  private static String branchCourse(Api.Session secretary, String branch) {
    return post("/api/v1/courses", new JsonObject().put("orgId", branch).put("title", "支部微党课").put("creditHours", 0.1)
        .put("lessons", new JsonArray().add(new JsonObject().put("title", "一").put("durationSeconds", 300)
            .put("mediaUrl", "https://media.example.cn/a.mp4"))), secretary.accessToken()).expect(201).json()
        .getString("id");
  }

  @Test
  @DisplayName("100 concurrent votes from one member in one day count once; the next day counts again")
  void oneVoteADay() throws Exception {
    School school = School.create();
    Api.Session secretaryA = school.secretaryOf(school.branchA);
    Api.Session secretaryB = school.secretaryOf(school.branchB);
    Api.Session admin = school.adminOf(school.collegeId);
    String contest = post("/api/v1/contests", new JsonObject().put("orgId", school.collegeId).put("title", "微党课比赛")
        .put("endsAt", Instant.now().plus(Duration.ofDays(10)).toString()), admin.accessToken()).expect(201).json()
        .getString("id");
    post("/api/v1/contests/" + contest + "/entries", new JsonObject().put("courseId", branchCourse(secretaryA,
        school.branchA)), secretaryA.accessToken()).expect(201);
    JsonObject entered = post("/api/v1/contests/" + contest + "/entries", new JsonObject().put("courseId",
        branchCourse(secretaryB, school.branchB)), secretaryB.accessToken()).expect(201).json();
    String entryB = entered.getJsonArray("entries").stream().map(JsonObject.class::cast)
        .filter(e -> e.getString("branch").startsWith("支部B")).findFirst().orElseThrow().getString("entryId");
    Api.Session voter = school.memberOf(school.branchA);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Callable<Api.Res>> votes = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        votes.add(() -> post("/api/v1/contests/" + contest + "/entries/" + entryB + "/votes", null, voter.accessToken()));
      }
      int counted = 0;
      for (var f : pool.invokeAll(votes)) {
        counted += f.get().status() == 201 ? 1 : 0;
      }
      assertEquals(1, counted);
    } finally {
      pool.shutdown();
    }
    TestServer.get().clock.advance(Duration.ofDays(1));
    post("/api/v1/contests/" + contest + "/entries/" + entryB + "/votes", null, voter.accessToken()).expect(201);
    JsonArray ranked = get("/api/v1/contests/" + contest, voter.accessToken()).expect(200).json().getJsonArray("entries");
    assertEquals(entryB, ranked.getJsonObject(0).getString("entryId"));
    assertEquals(2, ranked.getJsonObject(0).getInteger("votes"));
    assertEquals(0, ranked.getJsonObject(1).getInteger("votes"));
    post("/api/v1/contests/" + contest + "/entries", new JsonObject().put("courseId", branchCourse(secretaryA,
        school.branchA)), secretaryB.accessToken()).problem(403, "auth.forbidden");
  }
}
