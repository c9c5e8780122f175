package cn.zhibu.reliability;

import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import cn.zhibu.wechatpay.FakeWeChatPay;
import cn.zhibu.wechatpay.PaySignatures;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * A server killed (SIGKILL) after WeChat Pay's notification reached it and before its transaction committed: nothing
 * is recorded, and WeChat Pay's next delivery — to the server started again — records the payment once. The server
 * runs as a process of its own (the one that dies), paying through a WeChat Pay that lives on in this JVM, as the
 * real one lives on at Tencent; the notification is caught mid-transaction by holding the order's row lock.
 */
class PaymentCrashTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private static String pem(String kind, byte[] der) {
    return "-----BEGIN " + kind + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
        + "\n-----END " + kind + "-----\n";
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static Process start(Map<String, String> env) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder b = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "cn.zhibu.Main")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    b.environment().putAll(env);
    Process p = b.start();
    String ready = "http://127.0.0.1:" + env.get("ZHIBU_HTTP_PORT") + "/health/ready";
    for (int i = 0; i < 150; i++) {
      try {
        if (HTTP.send(HttpRequest.newBuilder(URI.create(ready)).build(), HttpResponse.BodyHandlers.discarding())
            .statusCode() == 200) {
          return p;
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      assertTrue(p.isAlive(), "the server process died while starting");
      Thread.sleep(200);
    }
    p.destroyForcibly();
    throw new AssertionError("the server process did not become ready");
  }

  @Test
  @DisplayName("SIGKILL between WeChat Pay's notification and the commit: nothing recorded; the next delivery records it once")
  void killedMidNotification() throws Exception {
    TestServer server = TestServer.get();
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session member = school.memberOf(school.branchA);
    String month = YearMonth.now(ZoneId.of("Asia/Shanghai")).toString();
    Api.put("/api/v1/orgs/" + school.branchA + "/dues/bases", new JsonObject().put("year", YearMonth.parse(month).getYear())
        .put("entries", new JsonArray().add(new JsonObject().put("personId", member.id()).put("category", "student"))),
        secretary.accessToken()).expect(200);
    String openid = server.text("SELECT openid FROM persons WHERE id = '" + member.id() + "'");

    KeyPair merchant = PaySignatures.rsaKeyPair();
    String apiV3 = PaySignatures.nonce();
    FakeWeChatPay pay = new FakeWeChatPay(server.vertx, "wxdevappid", merchant.getPublic(), apiV3.getBytes());
    String payUrl = pay.start(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    Path dir = Files.createTempDirectory("zhibu-pay");
    Path key = Files.writeString(dir.resolve("apiclient_key.pem"), pem("PRIVATE KEY", merchant.getPrivate().getEncoded()));
    Path platform = Files.writeString(dir.resolve("wechatpay_pub.pem"), pem("PUBLIC KEY", pay.platformKey().getEncoded()));
    int port = freePort();
    String base = "http://127.0.0.1:" + port;
    Map<String, String> env = new HashMap<>();
    env.put("ZHIBU_DEV", "true");
    env.put("ZHIBU_HTTP_PORT", String.valueOf(port));
    env.put("ZHIBU_HTTP_INSTANCES", "1");
    env.put("ZHIBU_PG_URL", TestServer.PG_HOST + "/" + server.database);
    env.put("ZHIBU_REDIS_URL", TestServer.REDIS_URL);
    env.put("ZHIBU_REDIS_PREFIX", "zhibu:crash:" + UUID.randomUUID() + ":");
    env.put("ZHIBU_WECHAT_BASE_URL", "fake");
    env.put("ZHIBU_PUSH_POLL_MS", "0");
    env.put("ZHIBU_WECHATPAY_ENABLED", "true");
    env.put("ZHIBU_WECHATPAY_BASE_URL", payUrl);
    env.put("ZHIBU_WECHATPAY_MCHID", FakeWeChatPay.MCHID);
    env.put("ZHIBU_WECHATPAY_SERIAL", FakeWeChatPay.SERIAL);
    env.put("ZHIBU_WECHATPAY_PRIVATE_KEY_FILE", key.toString());
    env.put("ZHIBU_WECHATPAY_APIV3_KEY", apiV3);
    env.put("ZHIBU_WECHATPAY_PLATFORM_KEY_FILE", platform.toString());
    env.put("ZHIBU_WECHATPAY_NOTIFY_URL", base + "/api/v1/wechat/pay/notify");

    Process first = start(env);
    String no;
    try {
      String orderId = Api.on(base, () -> {
        Api.Session phone = Api.login(openid);
        return post("/api/v1/me/dues/orders", new JsonObject().put("months", new JsonArray().add(month)),
            phone.accessToken()).expect(201).json().getString("orderId");
      });
      no = server.text("SELECT out_trade_no FROM dues_orders WHERE id = '" + orderId + "'");
      try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/" + server.database
          + "?user=postgres")) {
        db.setAutoCommit(false);
        db.createStatement().execute("SELECT 1 FROM dues_orders WHERE out_trade_no = '" + no + "' FOR UPDATE");
        // WeChat Pay notifies; the server takes the notification and waits on the order's row inside its transaction
        pay.markPaid(no, true, 1);
        long deadline = System.currentTimeMillis() + 10_000;
        while (server.count("SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted"
            + " AND a.datname = '" + server.database + "'") == 0) {
          assertTrue(System.currentTimeMillis() < deadline, "the notification never reached the order's lock");
          Thread.sleep(50);
        }
        first.destroyForcibly().waitFor(10, TimeUnit.SECONDS); // SIGKILL, mid-transaction
        db.rollback();
      }
    } finally {
      first.destroyForcibly();
    }
    assertEquals("pending", server.text("SELECT status FROM dues_orders WHERE out_trade_no = '" + no + "'"),
        "the killed transaction left nothing");
    assertEquals(0, server.count("SELECT count(*) FROM dues_payments WHERE person_id = '" + member.id() + "'"));

    Process second = start(env);
    try {
      // WeChat Pay delivers again (it retries what was not answered 2xx), twice for good measure
      pay.markPaid(no, true, 2).toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      assertEquals("paid", server.text("SELECT status FROM dues_orders WHERE out_trade_no = '" + no + "'"));
      assertEquals(1, server.count("SELECT count(*) FROM dues_payments WHERE person_id = '" + member.id() + "'"),
          "recorded once");
    } finally {
      second.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      pay.stop();
    }
  }
}
