package cn.zhibu.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConfigTest {
  private static final String STRONG = "kX9#pL2$vQ7!mZ4&wR8*tY3^bN6@cF1%Lm8+Qz5~Hd2=Xw7?Rb4";

  /** A production environment: a strong key and WeChat credentials, plus {@code more}. */
  private static Map<String, String> production(String... more) {
    Map<String, String> env = new HashMap<>(Map.of(Config.JWT_SECRET, STRONG, Config.WECHAT_APPID, "wx1234567890",
        Config.WECHAT_SECRET, "0123456789abcdef0123456789abcdef"));
    for (int i = 0; i < more.length; i += 2) {
      env.put(more[i], more[i + 1]);
    }
    return env;
  }

  @Test
  @DisplayName("outside dev mode the server refuses to start without a JWT key, or with a weak one")
  void secretRequired() {
    Config.Invalid missing = assertThrows(Config.Invalid.class, () -> Config.fromEnv(Map.of()));
    assertTrue(missing.getMessage().contains("ZHIBU_JWT_SECRET"));
    assertThrows(Config.Invalid.class, () -> Config.fromEnv(production(Config.JWT_SECRET, "short")));
    assertThrows(Config.Invalid.class, () -> Config.fromEnv(production(Config.JWT_SECRET, "a".repeat(64))));
    Config ok = Config.fromEnv(production());
    assertEquals(STRONG.length(), ok.jwtSecret().length);
  }

  @Test
  @DisplayName("finding 9: a dictionary phrase or keyboard run is refused as the JWT key; openssl output is accepted")
  void dictionaryPhraseRefused() {
    for (String weak : new String[] {"correct horse battery staple and more words", "thisisthepasswordofthezhibuserver",
        "qwertyuiopasdfghjklzxcvbnm1234567890", "zhibu-secret-zhibu-secret-zhibu-secret", "Password123!Password123!Password"}) {
      assertThrows(Config.Invalid.class, () -> Config.fromEnv(production(Config.JWT_SECRET, weak)), weak);
    }
    Config.fromEnv(production(Config.JWT_SECRET, "q2Hb0x9XJ6bqv0Jf3bq7kq1c1mZ2bYjL1qk3Ym0Hq5c8a7r1Wm8Nq3Vb4c2X0Zk9"));
    Config.fromEnv(production(Config.JWT_SECRET, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"));
  }

  @Test
  @DisplayName("finding 9: outside dev mode the server refuses to start without WeChat credentials")
  void wechatCredentialsRequired() {
    Map<String, String> env = production();
    env.remove(Config.WECHAT_SECRET);
    Config.Invalid e = assertThrows(Config.Invalid.class, () -> Config.fromEnv(env));
    assertTrue(e.getMessage().contains(Config.WECHAT_SECRET));
    Map<String, String> noAppId = production(Config.WECHAT_APPID, " ");
    assertThrows(Config.Invalid.class, () -> Config.fromEnv(noAppId));
  }

  @Test
  @DisplayName("finding 9: a dev server listens on loopback only; production on every interface unless told")
  void listenAddress() {
    assertEquals("127.0.0.1", Config.fromEnv(Map.of(Config.DEV, "true")).httpHost());
    assertEquals("0.0.0.0", Config.fromEnv(production()).httpHost());
    assertEquals("10.0.0.5", Config.fromEnv(production(Config.HTTP_HOST, "10.0.0.5")).httpHost());
  }

  @Test
  @DisplayName("finding 6: X-Forwarded-For is believed only from trusted proxies, read from the right")
  void trustedProxies() {
    TrustedProxies proxies = Config.fromEnv(production(Config.TRUSTED_PROXIES, "10.1.0.0/16, 192.168.9.9")).trustedProxies();
    assertEquals("172.16.5.4", proxies.client("10.1.2.3", "172.16.5.4"));
    assertEquals("172.16.5.4", proxies.client("10.1.2.3", "6.6.6.6, 172.16.5.4, 192.168.9.9"),
        "a client cannot name itself by putting an address in front");
    assertEquals("8.8.8.8", proxies.client("8.8.8.8", "172.16.5.4"), "an untrusted peer's header is ignored");
    assertEquals("10.1.2.3", proxies.client("10.1.2.3", "not-an-address"));
    assertThrows(Config.Invalid.class, () -> Config.fromEnv(production(Config.TRUSTED_PROXIES, "proxy.campus.cn")));
    assertThrows(Config.Invalid.class, () -> Config.fromEnv(production(Config.TRUSTED_PROXIES, "10.0.0.0/40")));
  }

  @Test
  @DisplayName("the fake WeChat is refused unless dev mode is on")
  void fakeOnlyInDev() {
    assertThrows(Config.Invalid.class, () -> Config.fromEnv(production(Config.WECHAT_BASE_URL, "fake")));
    Config dev = Config.fromEnv(Map.of(Config.WECHAT_BASE_URL, "fake", Config.DEV, "true"));
    assertTrue(dev.fakeWechat());
    assertEquals(48, dev.jwtSecret().length, "dev mode generates a key");
  }

  @Test
  @DisplayName("defaults match the operator's contract, and bootstrap admins are read as a list")
  void defaults() {
    Config config = Config.fromEnv(Map.of(Config.DEV, "true", Config.BOOTSTRAP_ADMIN_OPENIDS, " a , b,,c "));
    assertEquals(8080, config.httpPort());
    assertEquals("redis://127.0.0.1:6379/0", config.redisUrl());
    assertEquals("zhibu:", config.redisPrefix());
    assertEquals("https://api.weixin.qq.com", config.wechatBaseUrl());
    assertEquals(java.util.Set.of("a", "b", "c"), config.bootstrapAdminOpenIds());
    assertEquals(java.util.Set.of("心理", "健康", "家庭"), config.boardHiddenCategories());
    assertThrows(Config.Invalid.class, () -> Config.fromEnv(Map.of(Config.DEV, "true", Config.HTTP_PORT, "eighty")));
  }
}
