package cn.zhibu.security;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static cn.zhibu.support.Api.put;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A double tap, a retried request, two admins at once: the same request sent together is answered the same. */
class ConcurrentRepeatsTest {

  /** Sends the request 6 times at once and answers the distinct statuses. */
  private static List<Integer> together(Supplier<Api.Res> request) {
    ExecutorService threads = Executors.newFixedThreadPool(6);
    try {
      List<CompletableFuture<Integer>> all = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        all.add(CompletableFuture.supplyAsync(() -> request.get().status(), threads));
      }
      return all.stream().map(CompletableFuture::join).distinct().sorted().toList();
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  @DisplayName("the same roles, roster import, compliance table or study session sent six times at once all succeed, never a 409")
  void identicalRequestsTogether() {
    School school = School.create();
    Api.Session member = school.memberOf(school.branchA);
    assertEquals(List.of(200), together(() -> put("/api/v1/orgs/" + school.branchA + "/roles/" + member.id(),
        new JsonObject().put("roles", new JsonArray().add("member").add("committee")), school.rootAdmin.accessToken())));
    assertEquals(2, TestServer.get().count("SELECT count(*) FROM org_roles WHERE person_id = '" + member.id() + "'"));

    String number = School.uniqueNumber();
    JsonObject roster = new JsonObject().put("entries", new JsonArray().add(new JsonObject().put("number", number)
        .put("name", "并发导入").put("stage", "full").put("role", "member")));
    assertEquals(List.of(200), together(() -> post("/api/v1/orgs/" + school.branchA + "/roster", roster,
        school.rootAdmin.accessToken())));
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM persons WHERE number = '" + number + "'"));

    Api.Session rootAdmin = Api.rootAdmin();
    JsonObject rules = get("/api/v1/compliance-rules", rootAdmin.accessToken()).expect(200).json();
    assertEquals(List.of(200), together(() -> put("/api/v1/compliance-rules", rules, rootAdmin.accessToken())));

    JsonObject course = post("/api/v1/courses", new JsonObject().put("orgId", school.branchA).put("title", "并发课")
        .put("creditHours", 0.01).put("lessons", new JsonArray().add(new JsonObject().put("title", "一")
            .put("durationSeconds", 60).put("mediaUrl", "https://media.example.cn/1.mp4"))), school.rootAdmin.accessToken())
        .expect(201).json();
    String lesson = course.getJsonArray("lessons").getJsonObject(0).getString("id");
    assertEquals(List.of(201), together(() -> post("/api/v1/lessons/" + lesson + "/study-sessions", null,
        member.accessToken())));
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM study_sessions WHERE active AND person_id = '"
        + member.id() + "'"), "one session stays active");
  }
}
