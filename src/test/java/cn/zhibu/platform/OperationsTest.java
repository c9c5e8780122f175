package cn.zhibu.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OperationsTest {

  @Test
  @DisplayName("/health/live and /health/ready answer up when PostgreSQL and Redis do")
  void health() {
    Api.get("/health/live", null).expect(200);
    JsonObject ready = Api.get("/health/ready", null).expect(200).json();
    assertEquals("up", ready.getJsonObject("components").getString("postgres"));
    assertEquals("up", ready.getJsonObject("components").getString("redis"));
  }

  @Test
  @DisplayName("/metrics is Prometheus text with request counts by route and pool figures")
  void metrics() {
    Api.get("/health/live", null).expect(200);
    Api.Res metrics = Api.get("/metrics", null).expect(200);
    assertTrue(metrics.contentType().startsWith("text/plain"));
    assertTrue(metrics.body().contains("vertx_http_server_requests_total"), "HTTP request counter");
    assertTrue(metrics.body().contains("vertx_pool"), "pool metrics");
  }

  @Test
  @DisplayName("the contract is served as YAML, and every response carries a request id")
  void specAndRequestId() {
    Api.Res spec = Api.get("/api-spec/openapi.yaml", null).expect(200);
    assertTrue(spec.body().startsWith("openapi: 3.1.0"));
    assertTrue(spec.headers().firstValue("X-Request-Id").isPresent());
  }
}
