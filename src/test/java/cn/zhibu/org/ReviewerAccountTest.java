package cn.zhibu.org;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The account written into 审核备注 for WeChat's reviewer. */
class ReviewerAccountTest {

  @Test
  @DisplayName("one command gives WeChat's reviewer a roster entry in a demo branch of its own, which binds like any member's, once")
  void reviewerBinds() throws Exception {
    TestServer server = TestServer.get();
    ReviewerAccount.Issued issued = ReviewerAccount.run(server.vertx, server.config).toCompletionStage().toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
    assertTrue(issued.note().contains(issued.activationCode()) && issued.note().contains(issued.number()));
    Api.Session reviewer = Api.newcomer();
    JsonObject bind = new JsonObject().put("number", issued.number()).put("name", issued.name())
        .put("activationCode", issued.activationCode());
    Api.post("/api/v1/auth/bind", bind, reviewer.accessToken()).expect(200);
    JsonObject me = Api.get("/api/v1/me", reviewer.accessToken()).expect(200).json();
    assertEquals(true, me.getBoolean("bound"));
    String branch = me.getJsonArray("roles").getJsonObject(0).getString("orgId");
    assertEquals(ReviewerAccount.BRANCH, server.text("SELECT name FROM orgs WHERE id = '" + branch + "'"));
    Api.post("/api/v1/auth/bind", bind, Api.newcomer().accessToken()).status(); // a code is spent once
    assertEquals(1, server.count("SELECT count(*) FROM persons WHERE number = '" + issued.number() + "' AND openid IS NOT NULL"));
    ReviewerAccount.run(server.vertx, server.config).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertEquals(1, server.count("SELECT count(*) FROM orgs WHERE name = '" + ReviewerAccount.BRANCH + "'"),
        "a second run reuses the branch");
  }
}
