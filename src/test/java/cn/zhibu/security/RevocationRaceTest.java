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
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Powers end at once even while the person's own requests race the ending, on two server instances sharing
 * PostgreSQL and Redis: a fill of the caches from a read older than the ending is never written back.
 */
class RevocationRaceTest {
  private static final int ROUNDS = 12;
  private static TestServer.Twin twin;
  private static ExecutorService threads;

  @BeforeAll
  static void twin() {
    twin = TestServer.get().twin(Map.of());
    threads = Executors.newFixedThreadPool(6);
  }

  @AfterAll
  static void stop() {
    threads.shutdownNow();
    twin.stop();
  }

  /** Requests {@code path} with the token from 6 threads, on both instances, until the returned flag is set. */
  private static AtomicBoolean hammer(String path, String token, List<Future<?>> running) {
    AtomicBoolean stop = new AtomicBoolean();
    for (int t = 0; t < 6; t++) {
      String base = t % 2 == 0 ? TestServer.get().baseUrl : twin.baseUrl();
      running.add(threads.submit(() -> {
        for (int n = 0; n < 400 && !stop.get(); n++) {
          Api.on(base, () -> get(path, token));
        }
      }));
    }
    return stop;
  }

  private static void finish(AtomicBoolean stop, List<Future<?>> running) throws Exception {
    Thread.sleep(40); // requests that read before the change are still landing
    stop.set(true);
    for (Future<?> f : running) {
      f.get(30, TimeUnit.SECONDS);
    }
  }

  /** The status on each instance: the pub/sub news may take a moment to reach the other process, never longer. */
  private static void refusedEverywhere(String path, String token, int status) throws Exception {
    for (String base : List.of(TestServer.get().baseUrl, twin.baseUrl())) {
      int seen = 0;
      for (int i = 0; i < 20 && seen != status; i++) {
        seen = Api.on(base, () -> get(path, token)).status();
        if (seen != status) {
          Thread.sleep(50);
        }
      }
      assertEquals(status, seen, "refused on " + base);
    }
    Thread.sleep(300);
    for (String base : List.of(TestServer.get().baseUrl, twin.baseUrl())) {
      assertEquals(status, Api.on(base, () -> get(path, token)).status(), "still refused later on " + base);
    }
  }

  @Test
  @DisplayName("a token in use on two instances while its owner logs out is refused everywhere at once, and stays refused")
  void logoutRace() throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      Api.Session person = Api.newcomer();
      List<Future<?>> running = new ArrayList<>();
      AtomicBoolean stop = hammer("/api/v1/me", person.accessToken(), running);
      Thread.sleep(20);
      post("/api/v1/auth/logout", null, person.accessToken()).expect(204);
      finish(stop, running);
      refusedEverywhere("/api/v1/me", person.accessToken(), 401);
    }
  }

  @Test
  @DisplayName("a secretary demoted while their requests race the change loses the role everywhere at once; neither Redis nor the in-process cache keeps it")
  void demotionRace() throws Exception {
    School school = School.create();
    for (int round = 0; round < ROUNDS; round++) {
      Api.Session secretary = school.secretaryOf(school.branchA);
      String members = "/api/v1/orgs/" + school.branchA + "/members?limit=1";
      get(members, secretary.accessToken()).expect(200);
      List<Future<?>> running = new ArrayList<>();
      AtomicBoolean stop = hammer(members, secretary.accessToken(), running);
      // The roles key expires as it would after its 10 minutes, again and again, so requests refill it from
      // PostgreSQL while the demotion commits: the window in which a stale fill was written back.
      AtomicBoolean stopExpiring = stop;
      String rolesKey = TestServer.get().config.redisPrefix() + "roles:" + secretary.id();
      running.add(threads.submit(() -> {
        try (var redis = TestServer.get().redis()) {
          for (int n = 0; n < 2000 && !stopExpiring.get(); n++) {
            redis.sync().del(rolesKey);
          }
        }
      }));
      Thread.sleep(20);
      put("/api/v1/orgs/" + school.branchA + "/roles/" + secretary.id(),
          new JsonObject().put("roles", new JsonArray().add("member")), school.rootAdmin.accessToken()).expect(200);
      finish(stop, running);
      refusedEverywhere(members, secretary.accessToken(), 403);
      try (var redis = TestServer.get().redis()) {
        String cached = redis.sync().get(TestServer.get().config.redisPrefix() + "roles:" + secretary.id());
        assertEquals(false, cached != null && cached.contains("secretary"), "Redis holds no stale secretary role: " + cached);
      }
    }
  }
}
