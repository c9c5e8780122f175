package cn.zhibu.reliability;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.platform.Config;
import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Dependencies failing, and several instances at once. */
class FaultsTest {

  /** A Redis of this test's own, so it can be stopped without touching anyone else's. */
  static final class PrivateRedis implements AutoCloseable {
    final int port;
    private Process process;

    PrivateRedis() throws IOException {
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
      start();
    }

    void start() throws IOException {
      process = new ProcessBuilder("redis-server", "--port", String.valueOf(port), "--bind", "127.0.0.1", "--save", "",
          "--appendonly", "no").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      for (int i = 0; i < 100; i++) {
        try (Socket s = new Socket("127.0.0.1", port)) {
          return;
        } catch (IOException notYet) {
          sleep(50);
        }
      }
      throw new IOException("private redis did not start");
    }

    void stop() throws InterruptedException {
      process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
      stop();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  @DisplayName("Redis stops: check-ins are still recorded (sessions fall back to PostgreSQL), notices publish and read; boards come back equal after")
  void redisStops() throws Exception {
    School school = School.create();
    try (PrivateRedis redis = new PrivateRedis()) {
      TestServer.Twin twin = TestServer.get().twin(Map.of(Config.REDIS_URL, "redis://127.0.0.1:" + redis.port + "/0",
          Config.REDIS_PREFIX, "zhibu:fault:" + UUID.randomUUID() + ":"));
      try {
        Api.on(twin.baseUrl(), () -> {
          Api.Session secretary = school.secretaryOf(school.branchA);
          Api.Session member = school.memberOf(school.branchA);
          Instant now = Instant.now();
          String event = post("/api/v1/events", new JsonObject().put("orgId", school.branchA).put("type", "party_day")
              .put("title", "断网演练").put("startsAt", now.toString()).put("endsAt", now.plusSeconds(3_600).toString()),
              secretary.accessToken()).expect(201).json().getString("id");
          String code = get("/api/v1/events/" + event + "/checkin-code", secretary.accessToken()).expect(200).json()
              .getString("code");
          try {
            redis.stop();
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
          post("/api/v1/events/" + event + "/checkins", new JsonObject().put("code", code), member.accessToken()).expect(201);
          assertEquals(1, TestServer.get().count("SELECT count(*) FROM points_ledger WHERE person_id = '" + member.id()
              + "' AND category = 'attendance'"), "the award committed with the check-in");
          get("/api/v1/leaderboards?orgId=" + school.branchA + "&period=year", member.accessToken())
              .problem(503, "leaderboard.unavailable");
          String notice = post("/api/v1/notices", new JsonObject().put("title", "停电通知").put("body", "x")
              .put("targetOrgIds", new io.vertx.core.json.JsonArray().add(school.branchA)), secretary.accessToken())
              .expect(201).json().getString("id");
          post("/api/v1/notices/" + notice + "/read", null, member.accessToken()).expect(204);
          JsonObject newest = get("/api/v1/notices?limit=5", member.accessToken()).expect(200).json()
              .getJsonArray("items").getJsonObject(0);
          assertEquals(notice, newest.getString("id"));
          assertTrue(newest.getBoolean("read"), "the feed's read flags come from PostgreSQL while Redis is down");
          get("/health/ready", null).expect(503);
          try {
            redis.start();
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
          Api.Res board = null;
          for (int i = 0; i < 100; i++) {
            Api.Res ready = get("/health/ready", null);
            if (ready.status() == 200) {
              post("/api/v1/leaderboards/rebuild", null, Api.login(TestServer.ROOT_ADMIN_OPENID).accessToken()).expect(200);
              board = get("/api/v1/leaderboards?orgId=" + school.branchA + "&period=year", member.accessToken());
              break;
            }
            sleep(100);
          }
          assertTrue(board != null, "Redis came back");
          JsonObject me = board.expect(200).json().getJsonObject("me");
          assertEquals(5, me.getInteger("score"), "rebuilt from the ledger");
          return null;
        });
      } finally {
        twin.stop();
      }
    }
  }

  /** A TCP proxy in front of PostgreSQL that the test can cut, as a restart or a network fault would. */
  static final class CuttableProxy {
    private final io.vertx.core.Vertx vertx;
    private final List<io.vertx.core.net.NetSocket> open = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean cut;
    private io.vertx.core.net.NetServer server;

    CuttableProxy(io.vertx.core.Vertx vertx) {
      this.vertx = vertx;
    }

    int start() throws Exception {
      io.vertx.core.net.NetClient client = vertx.createNetClient();
      server = vertx.createNetServer().connectHandler(in -> {
        if (cut) {
          in.close();
          return;
        }
        in.pause();
        client.connect(5432, "127.0.0.1").onSuccess(out -> {
          open.add(in);
          open.add(out);
          in.handler(out::write);
          out.handler(in::write);
          in.closeHandler(v -> out.close());
          out.closeHandler(v -> in.close());
          in.resume();
        }).onFailure(err -> in.close());
      });
      return server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get().actualPort();
    }

    void cut() {
      cut = true;
      open.forEach(io.vertx.core.net.NetSocket::close);
      open.clear();
    }

    void restore() {
      cut = false;
    }

    void stop() {
      server.close();
    }
  }

  @Test
  @DisplayName("PostgreSQL goes away: requests fail fast with 503, readiness names it, and the server recovers by itself")
  void postgresGoesAway() throws Exception {
    CuttableProxy proxy = new CuttableProxy(TestServer.get().vertx);
    int port = proxy.start();
    TestServer.Twin twin = TestServer.get().twin(Map.of(Config.PG_URL,
        "postgresql://postgres@127.0.0.1:" + port + "/" + TestServer.get().database));
    try {
      Api.on(twin.baseUrl(), () -> {
        Api.Session someone = Api.newcomer();
        get("/api/v1/me", someone.accessToken()).expect(200);
        proxy.cut();
        long start = System.nanoTime();
        Api.Res down = get("/api/v1/me", someone.accessToken());
        long millis = (System.nanoTime() - start) / 1_000_000;
        down.problem(503, "db.unavailable");
        assertTrue(millis < 8_000, "failed fast: " + millis + " ms");
        Api.Res ready = get("/health/ready", null).expect(503);
        assertEquals("down", ready.json().getJsonObject("components").getString("postgres"));
        assertEquals("up", ready.json().getJsonObject("components").getString("redis"));
        proxy.restore();
        Api.Res back = null;
        for (int i = 0; i < 100 && (back == null || back.status() != 200); i++) {
          sleep(100);
          back = get("/api/v1/me", someone.accessToken());
        }
        back.expect(200);
        return null;
      });
    } finally {
      twin.stop();
      proxy.stop();
    }
  }

  @Test
  @DisplayName("graceful shutdown: a request in flight when the instance stops still gets its answer")
  void gracefulShutdown() throws Exception {
    TestServer.Twin twin = TestServer.get().twin(Map.of());
    TestServer.get().wechat.inject(new cn.zhibu.wechat.FakeWeChat.Fault(cn.zhibu.wechat.FakeWeChat.JSCODE2SESSION, 0, 200,
        1_500, false, 1));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      var slowLogin = pool.submit(() -> Api.on(twin.baseUrl(), () -> post("/api/v1/auth/wechat",
          new JsonObject().put("code", "fake:shutdown-" + UUID.randomUUID()), null)));
      sleep(300);
      long start = System.nanoTime();
      twin.stop();
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertEquals(200, slowLogin.get().status(), "the in-flight login finished");
      assertTrue(millis >= 1_000, "the stop waited for it (" + millis + " ms)");
    } finally {
      pool.shutdown();
      TestServer.get().wechat.reset();
    }
  }

  @Test
  @DisplayName("two instances on the same PostgreSQL and Redis: no duplicate check-ins, no sign-ups over capacity")
  void twoInstances() throws Exception {
    School school = School.create();
    TestServer.Twin twin = TestServer.get().twin(Map.of());
    String[] bases = {TestServer.get().baseUrl, twin.baseUrl()};
    try {
      Api.Session secretary = school.secretaryOf(school.branchA);
      Api.Session member = school.memberOf(school.branchA);
      Instant now = Instant.now();
      String event = post("/api/v1/events", new JsonObject().put("orgId", school.branchA).put("type", "party_day")
          .put("title", "双实例").put("startsAt", now.toString()).put("endsAt", now.plusSeconds(3_600).toString()),
          secretary.accessToken()).expect(201).json().getString("id");
      String code = get("/api/v1/events/" + event + "/checkin-code", secretary.accessToken()).json().getString("code");
      String activity = post("/api/v1/volunteer/activities", new JsonObject().put("orgId", school.branchA)
          .put("title", "双实例志愿").put("startsAt", now.plusSeconds(3_600).toString())
          .put("endsAt", now.plusSeconds(7_200).toString()).put("capacity", 5), secretary.accessToken()).expect(201).json()
          .getString("id");
      List<Api.Session> volunteers = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        volunteers.add(school.memberOf(school.branchA));
      }
      ExecutorService pool = Executors.newFixedThreadPool(16);
      try {
        List<Callable<Api.Res>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          String base = bases[i % 2];
          calls.add(() -> Api.on(base, () -> post("/api/v1/events/" + event + "/checkins",
              new JsonObject().put("code", code), member.accessToken())));
        }
        for (int i = 0; i < volunteers.size(); i++) {
          String base = bases[i % 2];
          Api.Session v = volunteers.get(i);
          calls.add(() -> Api.on(base, () -> post("/api/v1/volunteer/activities/" + activity + "/signups", null,
              v.accessToken())));
        }
        for (var f : pool.invokeAll(calls)) {
          assertTrue(f.get().status() < 500, f.get().body());
        }
      } finally {
        pool.shutdown();
      }
      assertEquals(1, TestServer.get().count("SELECT count(*) FROM checkins WHERE event_id = '" + event + "'"));
      assertEquals(1, TestServer.get().count("SELECT count(*) FROM points_ledger WHERE source_id = '" + event + "'"));
      assertEquals(5, TestServer.get().count("SELECT count(*) FROM volunteer_signups WHERE activity_id = '" + activity + "'"));
    } finally {
      twin.stop();
    }
  }
}
