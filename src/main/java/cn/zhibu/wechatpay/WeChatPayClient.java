package cn.zhibu.wechatpay;

import cn.zhibu.platform.ApiException;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WeChat Pay API v3 for a mini-program merchant (JSAPI): place an order, query and close it, refund it, and read a
 * notification. Every request is signed with the merchant key; every answer and notification is verified with
 * the platform key before anything is believed (an answer that fails is an error, never a result). Non-blocking
 * (Vert.x WebClient), which is why WeChat Pay's own Java SDK (blocking OkHttp) is not used: its crypto is the JDK's,
 * done here in {@link PaySignatures}.
 */
public final class WeChatPayClient {
  private static final Logger LOG = LoggerFactory.getLogger(WeChatPayClient.class);
  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
  private final WebClient http;
  private final PaySettings settings;
  private final String basePath;
  private final Clock clock;

  /** A transaction as WeChat Pay reports it (query or notification). */
  public record Transaction(String appid, String mchid, String outTradeNo, String transactionId, String tradeState,
      int totalFen, String payerOpenid, String successTime) {
    public boolean paid() {
      return "SUCCESS".equals(tradeState);
    }

    static Transaction of(JsonObject t) {
      JsonObject amount = t.getJsonObject("amount", new JsonObject());
      JsonObject payer = t.getJsonObject("payer", new JsonObject());
      return new Transaction(t.getString("appid"), t.getString("mchid"), t.getString("out_trade_no"),
          t.getString("transaction_id"), t.getString("trade_state"), amount.getInteger("total", 0),
          payer.getString("openid"), t.getString("success_time"));
    }
  }

  /** What the phone hands to {@code wx.requestPayment}. */
  public record Payment(String timeStamp, String nonceStr, @com.fasterxml.jackson.annotation.JsonProperty("package")
      String packageValue, String signType, String paySign) {
  }

  public WeChatPayClient(Vertx vertx, PaySettings settings, Clock clock, int timeoutMs) {
    URI base = URI.create(settings.baseUrl());
    boolean tls = "https".equals(base.getScheme());
    this.http = WebClient.create(vertx, new WebClientOptions().setDefaultHost(base.getHost())
        .setDefaultPort(base.getPort() > 0 ? base.getPort() : tls ? 443 : 80).setSsl(tls).setConnectTimeout(timeoutMs)
        .setIdleTimeout(30).setUserAgent("zhibu"));
    this.basePath = base.getPath() == null ? "" : base.getPath().replaceAll("/$", "");
    this.settings = settings;
    this.clock = clock;
  }

  public PaySettings settings() {
    return settings;
  }

  /** A JSAPI order; answers its prepay_id. */
  public Future<String> prepay(String outTradeNo, String description, int amountFen, String openid, Instant expires) {
    JsonObject body = new JsonObject().put("appid", settings.appid()).put("mchid", settings.mchid())
        .put("description", description).put("out_trade_no", outTradeNo)
        .put("time_expire", RFC3339.format(expires.atOffset(ZoneOffset.ofHours(8))))
        .put("notify_url", settings.notifyUrl())
        .put("amount", new JsonObject().put("total", amountFen).put("currency", "CNY"))
        .put("payer", new JsonObject().put("openid", openid));
    return call(HttpMethod.POST, "/v3/pay/transactions/jsapi", body).map(json -> json.getString("prepay_id"));
  }

  /** The order as WeChat Pay has it; null when WeChat Pay does not know it (ORDER_NOT_EXIST). */
  public Future<Transaction> query(String outTradeNo) {
    return call(HttpMethod.GET, "/v3/pay/transactions/out-trade-no/" + outTradeNo + "?mchid=" + settings.mchid(), null)
        .map(Transaction::of)
        .recover(err -> err instanceof PayError pay && "ORDER_NOT_EXIST".equals(pay.payCode())
            ? Future.succeededFuture(null) : Future.failedFuture(err));
  }

  /** Closes an order not paid (WeChat Pay refuses to close a paid one: ORDERPAID). */
  public Future<Void> close(String outTradeNo) {
    return call(HttpMethod.POST, "/v3/pay/transactions/out-trade-no/" + outTradeNo + "/close",
        new JsonObject().put("mchid", settings.mchid())).mapEmpty();
  }

  /** A refund of a paid order; answers its status (PROCESSING, SUCCESS…). */
  public Future<String> refund(String outTradeNo, String outRefundNo, int refundFen, int totalFen, String reason) {
    JsonObject body = new JsonObject().put("out_trade_no", outTradeNo).put("out_refund_no", outRefundNo)
        .put("reason", reason).put("notify_url", settings.notifyUrl())
        .put("amount", new JsonObject().put("refund", refundFen).put("total", totalFen).put("currency", "CNY"));
    return call(HttpMethod.POST, "/v3/refund/domestic/refunds", body).map(json -> json.getString("status"));
  }

  /** A line of the day's trade bill: a payment (SUCCESS) or a refund (REFUND) of an order, amounts in fen. */
  public record BillRow(String outTradeNo, String transactionId, String state, int amountFen, int refundFen) {
  }

  /**
   * The day's trade bill (bill_type ALL): the signed answer names the file and its SHA1; the file (not signed, as
   * WeChat Pay's downloads are not) is refused unless its hash matches. Fields are backquote-prefixed, amounts in
   * yuan; the totals at the end are not rows.
   */
  public Future<java.util.List<BillRow>> tradeBill(java.time.LocalDate date) {
    return call(HttpMethod.GET, "/v3/bill/tradebill?bill_date=" + date + "&bill_type=ALL", null).compose(meta -> {
      URI file = URI.create(meta.getString("download_url"));
      String path = file.getRawPath() + (file.getRawQuery() == null ? "" : "?" + file.getRawQuery());
      return http.request(HttpMethod.GET, file.getPort() > 0 ? file.getPort() : 443, file.getHost(), path)
          .ssl("https".equals(file.getScheme()))
          .putHeader("Authorization", PaySignatures.authorization(settings.mchid(), settings.serial(),
              settings.merchantKey(), "GET", path, clock.instant().getEpochSecond(), PaySignatures.nonce(), ""))
          .send()
          .recover(err -> Future.failedFuture(ApiException.unavailable("wechatpay.unavailable",
              "The bill could not be fetched: " + err.getMessage())))
          .compose(res -> {
            String text = res.bodyAsString(StandardCharsets.UTF_8.name());
            if (res.statusCode() != 200 || text == null
                || !cn.zhibu.platform.Hashing.sha1Hex(text).equalsIgnoreCase(meta.getString("hash_value"))) {
              return Future.failedFuture(ApiException.unavailable("wechatpay.unavailable",
                  "The bill did not match its hash"));
            }
            return Future.succeededFuture(parseBill(text));
          });
    });
  }

  static java.util.List<BillRow> parseBill(String text) {
    java.util.List<BillRow> rows = new java.util.ArrayList<>();
    String[] lines = text.split("\r?\n");
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].startsWith("总交易单数")) {
        break;
      }
      if (lines[i].isBlank()) {
        continue;
      }
      String[] f = lines[i].split(",", -1);
      for (int k = 0; k < f.length; k++) {
        f[k] = f[k].startsWith("`") ? f[k].substring(1) : f[k];
      }
      rows.add(new BillRow(f[6], f[5], f[9], fen(f[12]), fen(f[16])));
    }
    return rows;
  }

  private static int fen(String yuan) {
    return yuan == null || yuan.isBlank() ? 0 : new java.math.BigDecimal(yuan).movePointRight(2).intValueExact();
  }


  /** The parameters of {@code wx.requestPayment} for a prepay_id, signed with the merchant key. */
  public Payment payment(String prepayId) {
    String timeStamp = String.valueOf(clock.instant().getEpochSecond());
    String nonce = PaySignatures.nonce();
    String pkg = "prepay_id=" + prepayId;
    return new Payment(timeStamp, nonce, pkg, "RSA",
        PaySignatures.sign(settings.merchantKey(), PaySignatures.message(settings.appid(), timeStamp, nonce, pkg)));
  }

  /**
   * A payment notification, verified (the platform key's signature over timestamp, nonce and body, within five
   * minutes) and decrypted; fails with 401 {@code wechatpay.bad_signature} for anything that is not WeChat Pay's.
   */
  public Transaction notification(MultiMap headers, String body) {
    String timestamp = headers.get("Wechatpay-Timestamp");
    String nonce = headers.get("Wechatpay-Nonce");
    if (timestamp == null || nonce == null || !PaySignatures.verify(settings.platformKey(),
        PaySignatures.message(timestamp, nonce, body), headers.get("Wechatpay-Signature"))) {
      throw ApiException.unauthorized("wechatpay.bad_signature", "The notification is not signed by WeChat Pay");
    }
    try {
      if (Math.abs(clock.instant().getEpochSecond() - Long.parseLong(timestamp)) > 300) {
        throw ApiException.unauthorized("wechatpay.bad_signature", "The notification is too old to be believed");
      }
      JsonObject resource = new JsonObject(body).getJsonObject("resource");
      String plain = PaySignatures.decrypt(settings.apiV3Key(), resource.getString("associated_data"),
          resource.getString("nonce"), resource.getString("ciphertext"));
      return Transaction.of(new JsonObject(plain));
    } catch (ApiException e) {
      throw e;
    } catch (Exception e) {
      throw ApiException.unauthorized("wechatpay.bad_signature", "The notification could not be read");
    }
  }

  /** An error answer of WeChat Pay: its code (ORDER_NOT_EXIST, ORDERPAID…) and message. */
  public static final class PayError extends ApiException {
    private final String payCode;

    PayError(int httpStatus, String payCode, String message) {
      super(503, "wechatpay.error", "WeChat Pay refused", "WeChat Pay answered " + httpStatus + " " + payCode + ": "
          + message);
      this.payCode = payCode;
    }

    public String payCode() {
      return payCode;
    }
  }

  private Future<JsonObject> call(HttpMethod method, String pathAndQuery, JsonObject body) {
    String text = body == null ? "" : body.encode();
    String path = basePath + pathAndQuery;
    long timestamp = clock.instant().getEpochSecond();
    var request = http.request(method, path).putHeader("Accept", "application/json")
        .putHeader("Authorization", PaySignatures.authorization(settings.mchid(), settings.serial(),
            settings.merchantKey(), method.name(), path, timestamp, PaySignatures.nonce(), text));
    Future<HttpResponse<Buffer>> sent = body == null ? request.send()
        : request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(text));
    return sent.recover(err -> Future.failedFuture(ApiException.unavailable("wechatpay.unavailable",
        "WeChat Pay cannot be reached: " + err.getMessage()))).compose(this::read);
  }

  private Future<JsonObject> read(HttpResponse<Buffer> res) {
    String text = res.body() == null ? "" : res.body().toString(StandardCharsets.UTF_8);
    String timestamp = res.getHeader("Wechatpay-Timestamp");
    String nonce = res.getHeader("Wechatpay-Nonce");
    if (timestamp == null || nonce == null || !PaySignatures.verify(settings.platformKey(),
        PaySignatures.message(timestamp, nonce, text), res.getHeader("Wechatpay-Signature"))) {
      LOG.warn("WeChat Pay answer {} failed its signature check; not believed", res.statusCode());
      return Future.failedFuture(ApiException.unavailable("wechatpay.unavailable",
          "An answer claiming to be WeChat Pay's was not signed by it"));
    }
    JsonObject json;
    try {
      json = text.isEmpty() ? new JsonObject() : new JsonObject(text);
    } catch (DecodeException e) {
      return Future.failedFuture(ApiException.unavailable("wechatpay.unavailable", "WeChat Pay answered no JSON"));
    }
    if (res.statusCode() >= 300) {
      return Future.failedFuture(new PayError(res.statusCode(), json.getString("code", "UNKNOWN"),
          json.getString("message", "")));
    }
    return Future.succeededFuture(json);
  }
}
