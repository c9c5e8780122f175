package cn.zhibu.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConfigTest {

  @Test
  @DisplayName("outside dev mode the server refuses to start without a JWT key, or with a weak one")
  void secretRequired() {
    Config.Invalid missing = assertThrows(Config.Invalid.class, () -> Config.fromEnv(Map.of()));
    assertTrue(missing.getMessage().contains("ZHIBU_JWT_SECRET"));
    assertThrows(Config.Invalid.class, () -> Config.fromEnv(Map.of(Config.JWT_SECRET, "short")));
    assertThrows(Config.Invalid.class, () -> Config.fromEnv(Map.of(Config.JWT_SECRET, "a".repeat(64))));
    Config ok = Config.fromEnv(Map.of(Config.JWT_SECRET, "kX9#pL2$vQ7!mZ4&wR8*tY3^bN6@cF1%"));
    assertEquals(32, ok.jwtSecret().length);
  }

  @Test
  @DisplayName("the fake WeChat is refused unless dev mode is on")
  void fakeOnlyInDev() {
    assertThrows(Config.Invalid.class, () -> Config.fromEnv(Map.of(Config.WECHAT_BASE_URL, "fake",
        Config.JWT_SECRET, "kX9#pL2$vQ7!mZ4&wR8*tY3^bN6@cF1%")));
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
    assertThrows(Config.Invalid.class, () -> Config.fromEnv(Map.of(Config.DEV, "true", Config.HTTP_PORT, "eighty")));
  }
}
