package cn.zhibu.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.ZhibuVerticle;
import cn.zhibu.platform.Config;
import cn.zhibu.support.TestServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * docker/compose.yml as CI can check it without a Docker engine: the server started with exactly the environment
 * the compose file and its env file give it (service names pointed at this machine's PostgreSQL and Redis) is
 * not in dev mode, has no fake WeChat, and answers /health/ready on a non-loopback address — what a published
 * port needs, and what dev mode's 127.0.0.1 binding broke.
 */
class ComposeStartTest {

  @SuppressWarnings("unchecked")
  static Map<String, String> composeEnvironment() throws Exception {
    Map<String, Object> compose = new Yaml(new SafeConstructor(new LoaderOptions()))
        .load(Files.readString(Path.of("docker/compose.yml")));
    Map<String, Object> zhibu = (Map<String, Object>) ((Map<String, Object>) compose.get("services")).get("zhibu");
    assertEquals("zhibu.env", zhibu.get("env_file"), "secrets come from an env file");
    Map<String, String> env = new HashMap<>();
    // The example env file, filled in the way an operator would.
    for (String line : Files.readAllLines(Path.of("docker/zhibu.env.example"))) {
      if (!line.isBlank() && !line.startsWith("#")) {
        String key = line.substring(0, line.indexOf('='));
        env.put(key, switch (key) {
          case "POSTGRES_PASSWORD" -> "compose-check-password";
          case "ZHIBU_JWT_SECRET" -> UUID.randomUUID() + "-" + UUID.randomUUID();
          case "ZHIBU_WECHAT_APPID" -> "wxcomposecheck";
          case "ZHIBU_WECHAT_SECRET" -> "compose-check-secret";
          default -> "";
        });
      }
    }
    assertTrue(env.keySet().containsAll(java.util.List.of("POSTGRES_PASSWORD", "ZHIBU_JWT_SECRET", "ZHIBU_WECHAT_APPID",
        "ZHIBU_WECHAT_SECRET")), "every secret the server needs is asked for in the example");
    Pattern variable = Pattern.compile("\\$\\{([A-Z_]+)[^}]*}");
    ((Map<String, Object>) zhibu.get("environment")).forEach((key, value) -> {
      Matcher m = variable.matcher(String.valueOf(value));
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(out, Matcher.quoteReplacement(env.getOrDefault(m.group(1), "")));
      }
      m.appendTail(out);
      env.put(key, out.toString());
    });
    return env;
  }

  static String nonLoopbackAddress() throws Exception {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nic.isUp() && !nic.isLoopback()) {
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address instanceof Inet4Address) {
            return address.getHostAddress();
          }
        }
      }
    }
    return null;
  }

  @Test
  @DisplayName("the compose file's environment starts a server that is not in dev mode, fakes nothing and answers on a non-loopback address")
  void startsAsComposeWould() throws Exception {
    Map<String, String> env = composeEnvironment();
    assertNotEquals("true", env.get(Config.DEV));
    assertFalse(env.containsKey(Config.WECHAT_BASE_URL), "the real WeChat unless the dev override asks for the fake");
    assertEquals("0.0.0.0", env.get(Config.HTTP_HOST));
    TestServer test = TestServer.get();
    // The service names, pointed at this machine; a port of its own; its own Redis keys.
    env.put(Config.PG_URL, env.get(Config.PG_URL).replace("@postgres:5432/zhibu", "@127.0.0.1:5432/" + test.database));
    env.put(Config.REDIS_URL, env.get(Config.REDIS_URL).replace("redis://redis:6379", "redis://127.0.0.1:6379"));
    env.put(Config.REDIS_PREFIX, test.config.redisPrefix() + "compose:");
    env.put(Config.HTTP_PORT, "0");
    Config config = Config.fromEnv(env);
    assertFalse(config.dev());
    ZhibuVerticle server = new ZhibuVerticle(config, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), Clock.systemUTC());
    String id = test.vertx.deployVerticle(server).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    try {
      String address = nonLoopbackAddress();
      String host = address != null ? address : "127.0.0.1";
      HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://" + host + ":" + server.port() + "/health/ready")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, ready.statusCode(), "ready on " + host + ": " + ready.body());
    } finally {
      test.vertx.undeploy(id).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
