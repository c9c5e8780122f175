package cn.zhibu.platform;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Everything the server reads from its environment, read once at start-up.
 * Names and defaults are the operator's contract in api-outline.md; the README lists them.
 */
public record Config(
    int httpPort,
    String pgUrl,
    String redisUrl,
    String redisPrefix,
    byte[] jwtSecret,
    String wechatBaseUrl,
    String wechatAppId,
    String wechatSecret,
    Set<String> bootstrapAdminOpenIds,
    boolean dev,
    boolean demo,
    Duration accessTokenTtl,
    Duration refreshTokenTtl,
    int pgPoolSize,
    int loginsPerMinutePerAddress,
    boolean leaderboardNamesEverywhere,
    String requestCategories,
    String noticeTemplateId,
    String requestTemplateId,
    int pushPollMillis,
    boolean bench,
    String httpHost,
    TrustedProxies trustedProxies,
    int loginFailuresPerMinutePerAddress,
    Set<String> boardHiddenCategories,
    int httpInstances,
    java.time.Duration offlineUploadWindow,
    String meetingTemplateId,
    int complianceRemindDay,
    String publicUrl,
    Uploads uploads,
    String metricsToken,
    int pgStatementTimeoutMillis,
    String wechatMessageToken,
    int pgExportTimeoutMillis,
    Pay pay) {

  /**
   * The school's WeChat Pay merchant account (党费 paid on the phone): off unless enabled; {@code fake} (dev only)
   * starts the built-in WeChat Pay. Key files are read at start; the API v3 key is 32 characters.
   */
  public record Pay(boolean enabled, String baseUrl, String mchid, String serial, String privateKeyFile,
      String apiV3Key, String platformKeyFile, String notifyUrl) {
    public boolean fake() {
      return FAKE_WECHAT.equals(baseUrl);
    }
  }

  public static final String WECHATPAY_ENABLED = "ZHIBU_WECHATPAY_ENABLED";
  public static final String WECHATPAY_BASE_URL = "ZHIBU_WECHATPAY_BASE_URL";
  public static final String WECHATPAY_MCHID = "ZHIBU_WECHATPAY_MCHID";
  public static final String WECHATPAY_SERIAL = "ZHIBU_WECHATPAY_SERIAL";
  public static final String WECHATPAY_PRIVATE_KEY_FILE = "ZHIBU_WECHATPAY_PRIVATE_KEY_FILE";
  public static final String WECHATPAY_APIV3_KEY = "ZHIBU_WECHATPAY_APIV3_KEY";
  public static final String WECHATPAY_PLATFORM_KEY_FILE = "ZHIBU_WECHATPAY_PLATFORM_KEY_FILE";
  public static final String WECHATPAY_NOTIFY_URL = "ZHIBU_WECHATPAY_NOTIFY_URL";

  static Pay pay(Map<String, String> env, boolean dev, String publicUrl) {
    boolean enabled = Boolean.parseBoolean(env.getOrDefault(WECHATPAY_ENABLED, String.valueOf(dev)).trim());
    String base = env.getOrDefault(WECHATPAY_BASE_URL, dev ? FAKE_WECHAT : "https://api.mch.weixin.qq.com").trim();
    if (FAKE_WECHAT.equals(base) && !dev) {
      throw new Invalid(WECHATPAY_BASE_URL + "=fake is only allowed with " + DEV + "=true");
    }
    String notify = env.getOrDefault(WECHATPAY_NOTIFY_URL,
        (publicUrl.isEmpty() ? "http://127.0.0.1" : publicUrl) + "/api/v1/wechat/pay/notify").trim();
    Pay pay = new Pay(enabled, base, env.getOrDefault(WECHATPAY_MCHID, "").trim(),
        env.getOrDefault(WECHATPAY_SERIAL, "").trim(), env.getOrDefault(WECHATPAY_PRIVATE_KEY_FILE, "").trim(),
        env.getOrDefault(WECHATPAY_APIV3_KEY, "").trim(), env.getOrDefault(WECHATPAY_PLATFORM_KEY_FILE, "").trim(),
        notify);
    if (enabled && !pay.fake() && (pay.mchid().isEmpty() || pay.serial().isEmpty() || pay.privateKeyFile().isEmpty()
        || pay.apiV3Key().length() != 32 || pay.platformKeyFile().isEmpty())) {
      throw new Invalid(WECHATPAY_ENABLED + "=true needs " + WECHATPAY_MCHID + ", " + WECHATPAY_SERIAL + ", "
          + WECHATPAY_PRIVATE_KEY_FILE + ", " + WECHATPAY_APIV3_KEY + " (32 characters) and "
          + WECHATPAY_PLATFORM_KEY_FILE + " (see the README: 党费 paid with WeChat Pay)");
    }
    return pay;
  }

  /**
   * Large bodies (meeting files, photos): at most {@code slots} read at once per process, each read within
   * {@code deadline} or its connection is closed; connections with nothing to say for {@code idle} are closed.
   */
  public record Uploads(int slots, Duration deadline, Duration idle) {
  }

  public static final String HTTP_PORT = "ZHIBU_HTTP_PORT";
  public static final String PG_URL = "ZHIBU_PG_URL";
  public static final String REDIS_URL = "ZHIBU_REDIS_URL";
  public static final String REDIS_PREFIX = "ZHIBU_REDIS_PREFIX";
  public static final String JWT_SECRET = "ZHIBU_JWT_SECRET";
  public static final String WECHAT_BASE_URL = "ZHIBU_WECHAT_BASE_URL";
  public static final String WECHAT_APPID = "ZHIBU_WECHAT_APPID";
  public static final String WECHAT_SECRET = "ZHIBU_WECHAT_SECRET";
  public static final String BOOTSTRAP_ADMIN_OPENIDS = "ZHIBU_BOOTSTRAP_ADMIN_OPENIDS";
  public static final String DEV = "ZHIBU_DEV";
  public static final String DEMO = "ZHIBU_DEMO";
  public static final String ACCESS_TOKEN_TTL_SECONDS = "ZHIBU_ACCESS_TOKEN_TTL_SECONDS";
  public static final String REFRESH_TOKEN_TTL_DAYS = "ZHIBU_REFRESH_TOKEN_TTL_DAYS";
  public static final String PG_POOL_SIZE = "ZHIBU_PG_POOL_SIZE";
  public static final String LOGIN_RATE = "ZHIBU_LOGIN_RATE_PER_MINUTE";
  public static final String LEADERBOARD_NAMES = "ZHIBU_LEADERBOARD_NAMES";
  public static final String REQUEST_CATEGORIES = "ZHIBU_REQUEST_CATEGORIES";
  public static final String NOTICE_TEMPLATE_ID = "ZHIBU_NOTICE_TEMPLATE_ID";
  public static final String REQUEST_TEMPLATE_ID = "ZHIBU_REQUEST_TEMPLATE_ID";
  public static final String PUSH_POLL_MS = "ZHIBU_PUSH_POLL_MS";
  public static final String BENCH = "ZHIBU_BENCH";
  public static final String HTTP_HOST = "ZHIBU_HTTP_HOST";
  public static final String HTTP_INSTANCES = "ZHIBU_HTTP_INSTANCES";
  public static final String OFFLINE_UPLOAD_HOURS = "ZHIBU_OFFLINE_UPLOAD_HOURS";
  public static final String MEETING_TEMPLATE_ID = "ZHIBU_MEETING_TEMPLATE_ID";
  public static final String COMPLIANCE_REMIND_DAY = "ZHIBU_COMPLIANCE_REMIND_DAY";
  public static final String TRUSTED_PROXIES = "ZHIBU_TRUSTED_PROXIES";
  public static final String PUBLIC_URL = "ZHIBU_PUBLIC_URL";
  public static final String LOGIN_FAILURE_RATE = "ZHIBU_LOGIN_FAILURES_PER_MINUTE";
  public static final String BOARD_HIDDEN_CATEGORIES = "ZHIBU_BOARD_HIDDEN_CATEGORIES";
  public static final String UPLOAD_SLOTS = "ZHIBU_UPLOAD_SLOTS";
  public static final String UPLOAD_DEADLINE_SECONDS = "ZHIBU_UPLOAD_DEADLINE_SECONDS";
  public static final String HTTP_IDLE_SECONDS = "ZHIBU_HTTP_IDLE_SECONDS";
  public static final String METRICS_TOKEN = "ZHIBU_METRICS_TOKEN";
  public static final String PG_STATEMENT_TIMEOUT_MS = "ZHIBU_PG_STATEMENT_TIMEOUT_MS";
  public static final String PG_EXPORT_TIMEOUT_MS = "ZHIBU_PG_EXPORT_TIMEOUT_MS";
  public static final String WECHAT_MESSAGE_TOKEN = "ZHIBU_WECHAT_MESSAGE_TOKEN";
  /** ZHIBU_WECHAT_MESSAGE_TOKEN's dev default, which the fake WeChat signs its pushes with. */
  public static final String DEV_MESSAGE_TOKEN = "dev-message-token";
  /** Categories never shown on the public board: what students ask about these is nobody else's business. */
  public static final String DEFAULT_BOARD_HIDDEN = "心理,健康,家庭";
  /** zxcvbn's estimate of guesses to find the key, as log10: 10^40 (≈ 133 bits; 40 random characters). */
  static final double MIN_SECRET_GUESSES_LOG10 = 40;

  /** Request categories with their limits: name:respondWithinHours:resolveWithinHours. */
  public static final String DEFAULT_REQUEST_CATEGORIES = "学习:24:168,生活:24:168,后勤:24:120,就业:24:168,心理:12:72,其他:48:240";
  /** The value of {@link #WECHAT_BASE_URL} that starts the built-in fake WeChat. */
  public static final String FAKE_WECHAT = "fake";
  /** HS256 wants at least 256 bits of key. */
  static final int MIN_SECRET_BYTES = 32;

  /** Raised when the environment would start an unsafe or broken server; the message says what to fix. */
  public static final class Invalid extends RuntimeException {
    Invalid(String message) {
      super(message);
    }
  }

  public static Config fromEnv(Map<String, String> env) {
    boolean dev = Boolean.parseBoolean(env.getOrDefault(DEV, "false"));
    String wechatBase = env.getOrDefault(WECHAT_BASE_URL, "https://api.weixin.qq.com");
    if (FAKE_WECHAT.equals(wechatBase) && !dev) {
      throw new Invalid(WECHAT_BASE_URL + "=fake is only allowed with " + DEV + "=true");
    }
    byte[] secret = jwtSecret(env.get(JWT_SECRET), dev);
    String appId = env.getOrDefault(WECHAT_APPID, dev ? "wxdevappid" : "").trim();
    String appSecret = env.getOrDefault(WECHAT_SECRET, dev ? "dev-secret" : "").trim();
    if (!dev && (appId.isEmpty() || appSecret.isEmpty())) {
      throw new Invalid(WECHAT_APPID + " and " + WECHAT_SECRET + " are required outside dev mode "
          + "(the mini-program's AppID and AppSecret from mp.weixin.qq.com)");
    }
    return new Config(
        intValue(env, HTTP_PORT, 8080),
        env.getOrDefault(PG_URL, "postgresql://postgres@127.0.0.1:5432/zhibu"),
        env.getOrDefault(REDIS_URL, "redis://127.0.0.1:6379/0"),
        env.getOrDefault(REDIS_PREFIX, "zhibu:"),
        secret,
        wechatBase,
        appId,
        appSecret,
        csv(env.getOrDefault(BOOTSTRAP_ADMIN_OPENIDS, "")),
        dev,
        Boolean.parseBoolean(env.getOrDefault(DEMO, "false")),
        Duration.ofSeconds(intValue(env, ACCESS_TOKEN_TTL_SECONDS, 900)),
        Duration.ofDays(intValue(env, REFRESH_TOKEN_TTL_DAYS, 30)),
        intValue(env, PG_POOL_SIZE, 16),
        // Campus networks put thousands of phones behind one address: the limit is per address and generous.
        intValue(env, LOGIN_RATE, 300),
        // "branch": individual names only on branch boards (college and school boards show the caller alone);
        // "all": names everywhere.
        "all".equalsIgnoreCase(env.getOrDefault(LEADERBOARD_NAMES, "branch")),
        env.getOrDefault(REQUEST_CATEGORIES, DEFAULT_REQUEST_CATEGORIES),
        env.getOrDefault(NOTICE_TEMPLATE_ID, dev ? "dev-notice-template" : ""),
        env.getOrDefault(REQUEST_TEMPLATE_ID, dev ? "dev-request-template" : ""),
        intValue(env, PUSH_POLL_MS, 1_000),
        Boolean.parseBoolean(env.getOrDefault(BENCH, "false")),
        // A dev server is for this machine only; production listens where the operator's proxy can reach it.
        env.getOrDefault(HTTP_HOST, dev ? "127.0.0.1" : "0.0.0.0"),
        TrustedProxies.parse(env.getOrDefault(TRUSTED_PROXIES, "")),
        // Failed logins (junk codes) have their own, much smaller budget than successful ones.
        intValue(env, LOGIN_FAILURE_RATE, 30),
        csv(env.getOrDefault(BOARD_HIDDEN_CATEGORIES, DEFAULT_BOARD_HIDDEN)),
        // One HTTP verticle per core, each on its own event loop (Vert.x gives 2 loops a core).
        Math.max(1, intValue(env, HTTP_INSTANCES, Runtime.getRuntime().availableProcessors())),
        // How long a scan kept on a phone with a weak signal may wait for its upload.
        java.time.Duration.ofHours(intValue(env, OFFLINE_UPLOAD_HOURS, 2)),
        env.getOrDefault(MEETING_TEMPLATE_ID, dev ? "dev-meeting-template" : ""),
        Math.max(1, Math.min(28, intValue(env, COMPLIANCE_REMIND_DAY, 20))),
        // Where phones reach this server (https://dangjian.example.edu.cn), for the links it hands out (photos);
        // empty: the Host the request came to.
        env.getOrDefault(PUBLIC_URL, "").replaceAll("/+$", ""),
        // 16 uploads of 10 MB at most in memory at once; 10 MB in 120 s is a 85 KB/s phone, slower is a stall.
        new Uploads(Math.max(1, intValue(env, UPLOAD_SLOTS, 16)),
            Duration.ofSeconds(Math.max(1, intValue(env, UPLOAD_DEADLINE_SECONDS, 120))),
            Duration.ofSeconds(Math.max(1, intValue(env, HTTP_IDLE_SECONDS, 60)))),
        // Prometheus sends it as a bearer token; without one, /metrics answers this machine only.
        env.getOrDefault(METRICS_TOKEN, "").trim(),
        Math.max(100, intValue(env, PG_STATEMENT_TIMEOUT_MS, 30_000)),
        // The token of 开发管理 → 消息推送: WeChat signs its pushes (media check verdicts) with it. Empty: photos are
        // not sent for WeChat's media check.
        env.getOrDefault(WECHAT_MESSAGE_TOKEN, dev ? DEV_MESSAGE_TOKEN : "").trim(),
        // Exports (a school's 台账, its dues ledger) are a request class of their own: each statement may run this
        // long, where a phone's or a desk's request is stopped at ZHIBU_PG_STATEMENT_TIMEOUT_MS.
        Math.max(100, intValue(env, PG_EXPORT_TIMEOUT_MS, 120_000)),
        pay(env, dev, env.getOrDefault(PUBLIC_URL, "").replaceAll("/+$", "")));
  }

  public boolean fakeWechat() {
    return FAKE_WECHAT.equals(wechatBaseUrl);
  }

  public Config withWechatBaseUrl(String url) {
    return new Config(httpPort, pgUrl, redisUrl, redisPrefix, jwtSecret, url, wechatAppId, wechatSecret,
        bootstrapAdminOpenIds, dev, demo, accessTokenTtl, refreshTokenTtl, pgPoolSize, loginsPerMinutePerAddress,
        leaderboardNamesEverywhere, requestCategories, noticeTemplateId, requestTemplateId, pushPollMillis,
        bench, httpHost, trustedProxies, loginFailuresPerMinutePerAddress, boardHiddenCategories, httpInstances,
        offlineUploadWindow, meetingTemplateId, complianceRemindDay, publicUrl, uploads, metricsToken,
        pgStatementTimeoutMillis, wechatMessageToken, pgExportTimeoutMillis, pay);
  }

  static byte[] jwtSecret(String value, boolean dev) {
    if (value == null || value.isBlank()) {
      if (!dev) {
        throw new Invalid(JWT_SECRET + " is required outside dev mode (at least " + MIN_SECRET_BYTES
            + " random bytes, e.g. `openssl rand -base64 48`)");
      }
      byte[] generated = new byte[48];
      new SecureRandom().nextBytes(generated);
      return generated;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (bytes.length < MIN_SECRET_BYTES || distinctBytes(bytes) < 8 || guessesLog10(value) < MIN_SECRET_GUESSES_LOG10) {
      throw new Invalid(JWT_SECRET + " is too weak (too short, or made of words and patterns a cracker tries "
          + "first): use at least " + MIN_SECRET_BYTES + " random characters, e.g. `openssl rand -base64 48`");
    }
    return bytes;
  }

  private static long distinctBytes(byte[] bytes) {
    return IntStream.range(0, bytes.length).map(i -> bytes[i]).distinct().count();
  }

  /** How many guesses a cracker needs, as zxcvbn estimates it (dictionaries, keyboard runs, repeats, dates). */
  static double guessesLog10(String secret) {
    // zxcvbn's matching grows with length; its verdict on the first 100 characters is what matters here.
    return new com.nulabinc.zxcvbn.Zxcvbn().measure(secret.length() > 100 ? secret.substring(0, 100) : secret)
        .getGuessesLog10();
  }

  private static int intValue(Map<String, String> env, String key, int fallback) {
    String value = env.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new Invalid(key + " must be a whole number, not '" + value + "'");
    }
  }

  private static Set<String> csv(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
        .collect(Collectors.toUnmodifiableSet());
  }
}
