package cn.zhibu.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.platform.Config;
import cn.zhibu.support.Api;
import cn.zhibu.support.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** No statement runs for ever: the server stops it, says so, and serves the next request. */
class StatementTimeoutTest {

  @Test
  @DisplayName("a statement held past ZHIBU_PG_STATEMENT_TIMEOUT_MS is cancelled: 503 db.timeout, nothing written, the pool free for the next request")
  void statementsTimeOut() throws Exception {
    TestServer server = TestServer.get();
    TestServer.Twin twin = server.twin(Map.of(Config.PG_STATEMENT_TIMEOUT_MS, "500"));
    try {
      Api.Session member = Api.on(twin.baseUrl(), Api::newcomer);
      Api.on(twin.baseUrl(), () -> Api.get("/api/v1/me/data", member.accessToken()).expect(200));
      String url = "jdbc:postgresql://127.0.0.1:5432/" + server.database;
      try (Connection blocker = DriverManager.getConnection(url, "postgres", "")) {
        blocker.setAutoCommit(false);
        blocker.createStatement().execute("LOCK TABLE points_ledger IN ACCESS EXCLUSIVE MODE");
        long started = System.nanoTime();
        Api.Res held = Api.on(twin.baseUrl(), () -> Api.get("/api/v1/me/data", member.accessToken()));
        long ms = (System.nanoTime() - started) / 1_000_000;
        assertEquals(503, held.status(), held.body());
        assertEquals("db.timeout", held.json().getString("code"));
        assertTrue(ms < 5_000, "stopped near the timeout, not left waiting: " + ms + " ms");
        blocker.rollback();
      }
      Api.on(twin.baseUrl(), () -> Api.get("/api/v1/me/data", member.accessToken()).expect(200));
    } finally {
      twin.stop();
    }
  }

  @Test
  @DisplayName("exports are a class of their own: a lock a desk's report gives up on after 500 ms, the 台账 pack waits out (ZHIBU_PG_EXPORT_TIMEOUT_MS)")
  void exportsHaveTheirOwnTimeout() throws Exception {
    TestServer server = TestServer.get();
    TestServer.Twin twin = server.twin(Map.of(Config.PG_STATEMENT_TIMEOUT_MS, "500",
        Config.PG_EXPORT_TIMEOUT_MS, "20000"));
    try {
      cn.zhibu.support.School school = Api.on(twin.baseUrl(), cn.zhibu.support.School::create);
      Api.Session secretary = Api.on(twin.baseUrl(), () -> school.secretaryOf(school.branchA));
      String month = java.time.YearMonth.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
      String pack = "/api/v1/orgs/" + school.branchA + "/ledger-pack?from=" + month + "&to=" + month;
      String report = "/api/v1/orgs/" + school.branchA + "/volunteer-report";
      String url = "jdbc:postgresql://127.0.0.1:5432/" + server.database;
      try (Connection blocker = DriverManager.getConnection(url, "postgres", "")) {
        blocker.setAutoCommit(false);
        blocker.createStatement().execute("LOCK TABLE volunteer_records IN ACCESS EXCLUSIVE MODE");
        Api.on(twin.baseUrl(), () -> Api.get(report, secretary.accessToken())).problem(503, "db.timeout");
        Thread release = new Thread(() -> {
          try {
            Thread.sleep(1_500);
            blocker.rollback();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        release.start();
        long started = System.nanoTime();
        Api.Res waited = Api.on(twin.baseUrl(), () -> Api.get(pack, secretary.accessToken()));
        long ms = (System.nanoTime() - started) / 1_000_000;
        release.join();
        assertEquals(200, waited.status(), waited.body());
        assertTrue(ms >= 1_000, "the pack waited for the lock instead of giving up at 500 ms: " + ms + " ms");
      }
    } finally {
      twin.stop();
    }
  }
}
