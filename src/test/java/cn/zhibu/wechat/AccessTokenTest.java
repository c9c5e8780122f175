package cn.zhibu.wechat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.zhibu.platform.Config;
import cn.zhibu.platform.Redis;
import cn.zhibu.support.TestServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The access token cache: one refresher at a time, and one refresh after WeChat invalidates a token. */
@ExtendWith(VertxExtension.class)
class AccessTokenTest {
  private FakeWeChat fake;
  private Redis redis;
  private WeChatClient client;

  @BeforeEach
  void setUp(Vertx vertx, VertxTestContext ctx) {
    // A fake of its own and a Redis namespace of its own, so the counts below are this test's alone.
    fake = new FakeWeChat(vertx, "wxapp", "secret");
    String prefix = TestServer.get().config.redisPrefix() + "token-test:" + UUID.randomUUID() + ":";
    fake.start(0).compose(url -> {
      Config config = Config.fromEnv(Map.of(Config.DEV, "true", Config.WECHAT_BASE_URL, url,
          Config.WECHAT_APPID, "wxapp", Config.WECHAT_SECRET, "secret", Config.REDIS_URL, TestServer.REDIS_URL,
          Config.REDIS_PREFIX, prefix));
      return Redis.connect(vertx, config).map(r -> {
        redis = r;
        client = new WeChatClient(vertx, r, config, 2_000);
        return null;
      });
    }).onComplete(ctx.succeedingThenComplete());
  }

  @AfterEach
  void tearDown(VertxTestContext ctx) {
    client.close();
    redis.close().compose(v -> fake.stop()).onComplete(ctx.succeedingThenComplete());
  }

  @Test
  @DisplayName("50 concurrent callers with no cached token cause exactly one stable_token call")
  void oneRefreshForManyCallers(VertxTestContext ctx) {
    List<Future<WeChatClient.Suggest>> calls = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      calls.add(client.msgSecCheck("openid", "今天的主题党日活动很好"));
    }
    Future.all(calls).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      assertEquals(1, fake.callCount(FakeWeChat.STABLE_TOKEN));
      assertEquals(50, fake.callCount(FakeWeChat.MSG_SEC_CHECK));
      ctx.completeNow();
    })));
  }

  @org.junit.jupiter.api.RepeatedTest(5)
  @DisplayName("a token WeChat invalidated (40001) is dropped and refreshed once, even for 300 callers on many threads")
  void invalidatedTokenRefreshedOnce(VertxTestContext ctx) {
    client.msgSecCheck("openid", "first").compose(first -> {
      fake.invalidateTokens();
      List<Future<WeChatClient.Suggest>> calls = new ArrayList<>();
      for (int i = 0; i < 300; i++) {
        calls.add(client.msgSecCheck("openid", "again " + i));
      }
      return Future.all(calls);
    }).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
      assertEquals(2, fake.callCount(FakeWeChat.STABLE_TOKEN), "the first token, then one refresh");
      ctx.completeNow();
    })));
  }

  @Test
  @DisplayName("msg_sec_check answers pass, review and risky as WeChat does")
  void contentCheck(VertxTestContext ctx) {
    Future.all(client.msgSecCheck("o", "普通内容"), client.msgSecCheck("o", "FAKE_REVIEW"),
        client.msgSecCheck("o", "FAKE_RISKY")).onComplete(ctx.succeeding(all -> ctx.verify(() -> {
          assertEquals(WeChatClient.Suggest.PASS, all.resultAt(0));
          assertEquals(WeChatClient.Suggest.REVIEW, all.resultAt(1));
          assertEquals(WeChatClient.Suggest.RISKY, all.resultAt(2));
          ctx.completeNow();
        })));
  }

  @Test
  @DisplayName("a subscribe message to someone without a subscription fails with wechat.not_subscribed")
  void subscribeRefused(VertxTestContext ctx) {
    fake.refuseSubscriptions("nosub");
    client.sendSubscribeMessage("nosub", "tmpl", "pages/index", new io.vertx.core.json.JsonObject())
        .onComplete(ctx.failing(err -> ctx.verify(() -> {
          assertEquals("wechat.not_subscribed", ((WeChatException) err).code());
          ctx.completeNow();
        })));
  }
}
