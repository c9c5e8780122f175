package cn.zhibu.wechatpay;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local WeChat Pay (API v3) that behaves like the real one for what zhibu uses: JSAPI orders (a repeated
 * out_trade_no with the same content answers the same prepay_id, with other content is refused), query, close
 * (a paid order cannot be closed: ORDERPAID), refunds, and payment notifications — signed with the platform key,
 * the transaction encrypted with AEAD_AES_256_GCM under the API v3 key, retried until the merchant answers 2xx
 * (WeChat Pay retries for a day; here a few times, a second apart) and sent twice or more on request, as WeChat Pay
 * may. It checks every request's merchant signature (401 SIGN_ERROR otherwise) and signs every answer, so a client
 * that skipped either would fail here as it would there. Started by tests, and by dev mode when
 * {@code ZHIBU_WECHATPAY_BASE_URL=fake}; never in production (Config refuses).
 *
 * <p>Control endpoints (dev and tests): {@code POST /__fake/pay/{outTradeNo} {notify?, copies?}} — the member paid:
 * the order becomes SUCCESS and, unless {@code notify} is false (a notification lost), {@code copies} notifications
 * (default 1) go to its notify_url at once; {@code GET /__fake/orders/{outTradeNo}}; {@code GET /__fake/notified}
 * (how many notifications were answered 2xx).
 */
public final class FakeWeChatPay {
  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
  public static final String MCHID = "1900000109";
  public static final String SERIAL = "FAKE0000000000000000000000000000000000";

  private final Vertx vertx;
  private final String appid;
  private final PublicKey merchantKey;
  private final byte[] apiV3Key;
  private final KeyPair platform = PaySignatures.rsaKeyPair();
  private final Map<String, Order> orders = new ConcurrentHashMap<>();
  private final List<String> delivered = new CopyOnWriteArrayList<>();
  /** Transaction ids as WeChat Pay makes them: 28 digits, unique across every fake (as across WeChat Pay). */
  private final java.security.SecureRandom random = new java.security.SecureRandom();
  private volatile String deliverTo;
  private HttpServer server;
  private WebClient client;

  /** An order as the fake keeps it. */
  private static final class Order {
    final String outTradeNo;
    final String description;
    final int total;
    final String openid;
    final String notifyUrl;
    final String prepayId;
    volatile String state = "NOTPAY";
    volatile String transactionId;
    volatile String successTime;
    volatile Integer billTotal;
    volatile boolean offBill;
    volatile Integer refunded;

    Order(String outTradeNo, String description, int total, String openid, String notifyUrl, String prepayId) {
      this.outTradeNo = outTradeNo;
      this.description = description;
      this.total = total;
      this.openid = openid;
      this.notifyUrl = notifyUrl;
      this.prepayId = prepayId;
    }
  }

  public FakeWeChatPay(Vertx vertx, String appid, PublicKey merchantKey, byte[] apiV3Key) {
    this.vertx = vertx;
    this.appid = appid;
    this.merchantKey = merchantKey;
    this.apiV3Key = apiV3Key;
  }

  /** WeChat Pay's platform public key, which the merchant verifies answers and notifications with. */
  public PublicKey platformKey() {
    return platform.getPublic();
  }

  /** Notifications go to this base instead of their notify_url's (the server's public URL is not this machine). */
  public void deliverTo(String base) {
    this.deliverTo = base;
  }

  public Future<String> start(int port) {
    client = WebClient.create(vertx);
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create());
    router.post("/__fake/pay/:no").handler(this::pay);
    router.get("/__fake/orders/:no").handler(ctx -> {
      Order o = orders.get(ctx.pathParam("no"));
      ctx.json(o == null ? new JsonObject() : transaction(o));
    });
    router.get("/__fake/notified").handler(ctx -> ctx.json(new JsonObject().put("count", delivered.size())));
    router.route("/v3/*").handler(this::checkSignature);
    router.post("/v3/pay/transactions/jsapi").handler(this::jsapi);
    router.get("/v3/pay/transactions/out-trade-no/:no").handler(this::query);
    router.post("/v3/pay/transactions/out-trade-no/:no/close").handler(this::close);
    router.post("/v3/refund/domestic/refunds").handler(this::refund);
    router.get("/v3/bill/tradebill").handler(this::tradeBill);
    router.get("/v3/billdownload/file").handler(this::billFile);
    return vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1")
        .map(s -> {
          server = s;
          return "http://127.0.0.1:" + s.actualPort();
        });
  }

  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** The order's trade state as the fake holds it (NOTPAY, SUCCESS, CLOSED, REFUND), or null. */
  public String state(String outTradeNo) {
    Order o = orders.get(outTradeNo);
    return o == null ? null : o.state;
  }

  /** The day's bill shows another amount for this order than was paid (a fault to reconcile against). */
  public void misreport(String outTradeNo, int billTotalFen) {
    orders.get(outTradeNo).billTotal = billTotalFen;
  }

  /** The day's bill leaves this paid order out (a fault to reconcile against). */
  public void leaveOffBill(String outTradeNo) {
    orders.get(outTradeNo).offBill = true;
  }

  /** How many notifications the merchant answered 2xx. */
  public int delivered() {
    return delivered.size();
  }

  /** The member pays (what the phone's wx.requestPayment leads to), from a test or the dev server. */
  public Future<Void> markPaid(String outTradeNo, boolean notify, int copies) {
    Order o = orders.get(outTradeNo);
    if (o == null) {
      return Future.failedFuture("no order " + outTradeNo);
    }
    synchronized (o) {
      if (!"SUCCESS".equals(o.state)) {
        o.state = "SUCCESS";
        o.transactionId = transactionId();
        o.successTime = RFC3339.format(Instant.now().atOffset(ZoneOffset.ofHours(8)));
      }
    }
    if (!notify) {
      return Future.succeededFuture();
    }
    List<Future<Void>> sent = new java.util.ArrayList<>();
    for (int i = 0; i < Math.max(1, copies); i++) {
      sent.add(notifyOnce(o, 0));
    }
    return Future.join(sent).mapEmpty();
  }

  private void pay(RoutingContext ctx) {
    Buffer raw = ctx.body() == null ? null : ctx.body().buffer();
    JsonObject body = raw == null || raw.length() == 0 ? new JsonObject() : raw.toJsonObject();
    markPaid(ctx.pathParam("no"), body.getBoolean("notify", true), body.getInteger("copies", 1))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(err -> ctx.response().setStatusCode(404).end(err.getMessage()));
  }

  /** One notification, retried (a second apart, four times) until the merchant answers 2xx. */
  private Future<Void> notifyOnce(Order o, int attempt) {
    String nonce = PaySignatures.nonce().substring(0, 12);
    JsonObject resource = new JsonObject().put("original_type", "transaction").put("algorithm", "AEAD_AES_256_GCM")
        .put("associated_data", "transaction").put("nonce", nonce)
        .put("ciphertext", PaySignatures.encrypt(apiV3Key, "transaction", nonce, transaction(o).encode()));
    String body = new JsonObject().put("id", UUID.randomUUID().toString())
        .put("create_time", RFC3339.format(Instant.now().atOffset(ZoneOffset.ofHours(8))))
        .put("resource_type", "encrypt-resource").put("event_type", "TRANSACTION.SUCCESS").put("summary", "支付成功")
        .put("resource", resource).encode();
    URI target = URI.create(o.notifyUrl);
    String url = deliverTo == null ? o.notifyUrl : deliverTo + target.getRawPath();
    String timestamp = String.valueOf(Instant.now().getEpochSecond());
    String signNonce = PaySignatures.nonce();
    return client.postAbs(url).putHeader("Content-Type", "application/json")
        .putHeader("Wechatpay-Timestamp", timestamp).putHeader("Wechatpay-Nonce", signNonce)
        .putHeader("Wechatpay-Serial", SERIAL).putHeader("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048")
        .putHeader("Wechatpay-Signature", PaySignatures.sign(platform.getPrivate(),
            PaySignatures.message(timestamp, signNonce, body)))
        .sendBuffer(Buffer.buffer(body))
        .compose(res -> res.statusCode() / 100 == 2 ? Future.<Void>succeededFuture()
            : Future.<Void>failedFuture("answered " + res.statusCode()))
        .onSuccess(v -> delivered.add(o.outTradeNo))
        .recover(err -> attempt >= 3 ? Future.succeededFuture()
            : vertx.timer(1000).compose(t -> notifyOnce(o, attempt + 1)));
  }

  private void checkSignature(RoutingContext ctx) {
    String auth = ctx.request().getHeader("Authorization");
    Map<String, String> parts = new java.util.HashMap<>();
    if (auth != null && auth.startsWith("WECHATPAY2-SHA256-RSA2048 ")) {
      for (String part : auth.substring(26).split(",")) {
        String[] kv = part.split("=", 2);
        if (kv.length == 2) {
          parts.put(kv[0].trim(), kv[1].trim().replaceAll("^\"|\"$", ""));
        }
      }
    }
    String body = ctx.body() == null || ctx.body().buffer() == null ? "" : ctx.body().asString();
    boolean ok = MCHID.equals(parts.get("mchid")) && parts.get("timestamp") != null && parts.get("nonce_str") != null
        && PaySignatures.verify(merchantKey, PaySignatures.message(ctx.request().method().name(), ctx.request().uri(),
            parts.get("timestamp"), parts.get("nonce_str"), body), parts.get("signature"));
    if (!ok) {
      answer(ctx, 401, new JsonObject().put("code", "SIGN_ERROR").put("message", "签名错误"));
      return;
    }
    ctx.next();
  }

  private void jsapi(RoutingContext ctx) {
    JsonObject b = ctx.body().asJsonObject();
    String no = b.getString("out_trade_no");
    if (!appid.equals(b.getString("appid")) || !MCHID.equals(b.getString("mchid")) || no == null
        || b.getJsonObject("amount") == null || b.getJsonObject("payer") == null) {
      answer(ctx, 400, new JsonObject().put("code", "PARAM_ERROR").put("message", "参数错误"));
      return;
    }
    int total = b.getJsonObject("amount").getInteger("total");
    String openid = b.getJsonObject("payer").getString("openid");
    Order created = new Order(no, b.getString("description"), total, openid, b.getString("notify_url"),
        "wx" + UUID.randomUUID().toString().replace("-", ""));
    Order o = orders.putIfAbsent(no, created);
    if (o != null && (o.total != total || !o.openid.equals(openid))) {
      answer(ctx, 400, new JsonObject().put("code", "INVALID_REQUEST").put("message", "订单号重复"));
      return;
    }
    answer(ctx, 200, new JsonObject().put("prepay_id", (o == null ? created : o).prepayId));
  }

  private void query(RoutingContext ctx) {
    Order o = orders.get(ctx.pathParam("no"));
    if (o == null) {
      answer(ctx, 404, new JsonObject().put("code", "ORDER_NOT_EXIST").put("message", "订单不存在"));
      return;
    }
    answer(ctx, 200, transaction(o));
  }

  private void close(RoutingContext ctx) {
    Order o = orders.get(ctx.pathParam("no"));
    if (o == null) {
      answer(ctx, 404, new JsonObject().put("code", "ORDER_NOT_EXIST").put("message", "订单不存在"));
      return;
    }
    synchronized (o) {
      if ("SUCCESS".equals(o.state) || "REFUND".equals(o.state)) {
        answer(ctx, 400, new JsonObject().put("code", "ORDERPAID").put("message", "订单已支付"));
        return;
      }
      o.state = "CLOSED";
    }
    answer(ctx, 204, null);
  }

  private void refund(RoutingContext ctx) {
    JsonObject b = ctx.body().asJsonObject();
    Order o = orders.get(b.getString("out_trade_no"));
    if (o == null || !"SUCCESS".equals(o.state) && !"REFUND".equals(o.state)) {
      answer(ctx, 400, new JsonObject().put("code", "INVALID_REQUEST").put("message", "订单未支付"));
      return;
    }
    o.state = "REFUND";
    o.refunded = b.getJsonObject("amount").getInteger("refund");
    answer(ctx, 200, new JsonObject().put("refund_id", "5030" + transactionId().substring(4))
        .put("out_refund_no", b.getString("out_refund_no")).put("status", "SUCCESS"));
  }

  private String transactionId() {
    StringBuilder id = new StringBuilder("4200").append(java.time.LocalDate.now(ZoneOffset.ofHours(8))
        .format(DateTimeFormatter.BASIC_ISO_DATE));
    while (id.length() < 28) {
      id.append(random.nextInt(10));
    }
    return id.toString();
  }

  private JsonObject transaction(Order o) {
    JsonObject t = new JsonObject().put("appid", appid).put("mchid", MCHID).put("out_trade_no", o.outTradeNo)
        .put("trade_state", o.state).put("trade_type", "JSAPI")
        .put("amount", new JsonObject().put("total", o.total).put("payer_total", o.total).put("currency", "CNY"))
        .put("payer", new JsonObject().put("openid", o.openid));
    if (o.transactionId != null) {
      t.put("transaction_id", o.transactionId).put("success_time", o.successTime).put("bank_type", "OTHERS");
    }
    return t;
  }

  /** Every answer signed with the platform key over timestamp, nonce and body, as WeChat Pay signs its answers. */
  private void answer(RoutingContext ctx, int status, JsonObject body) {
    String text = body == null ? "" : body.encode();
    String timestamp = String.valueOf(Instant.now().getEpochSecond());
    String nonce = PaySignatures.nonce();
    ctx.response().setStatusCode(status).putHeader("Wechatpay-Timestamp", timestamp).putHeader("Wechatpay-Nonce", nonce)
        .putHeader("Wechatpay-Serial", SERIAL)
        .putHeader("Wechatpay-Signature", PaySignatures.sign(platform.getPrivate(),
            PaySignatures.message(timestamp, nonce, text)));
    if (body == null) {
      ctx.response().end();
    } else {
      ctx.response().putHeader("Content-Type", "application/json").end(text);
    }
  }

  private static final String BILL_HEADER = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,"
      + "交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,"
      + "商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注";

  /** The day's trade bill, as WeChat Pay's CSV: every field prefixed with a backquote, amounts in yuan, totals last. */
  String bill(String date) {
    StringBuilder out = new StringBuilder(BILL_HEADER).append("\r\n");
    int count = 0;
    for (Order o : orders.values()) {
      if (o.successTime == null || !o.successTime.startsWith(date) || o.offBill) {
        continue;
      }
      int total = o.billTotal == null ? o.total : o.billTotal;
      out.append(row(o, "SUCCESS", total, 0));
      count++;
      if (o.refunded != null) {
        out.append(row(o, "REFUND", total, o.refunded));
        count++;
      }
    }
    out.append("总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额\r\n")
        .append('`').append(count).append(",`0.00,`0.00,`0.00,`0.00,`0.00,`0.00\r\n");
    return out.toString();
  }

  private String row(Order o, String state, int total, int refund) {
    String[] f = {o.successTime.replace('T', ' ').substring(0, 19), appid, MCHID, "0", "", o.transactionId, o.outTradeNo,
        o.openid, "JSAPI", state, "OTHERS", "CNY", yuan(total), "0.00", refund > 0 ? "5030" + o.transactionId : "",
        refund > 0 ? "R" + o.outTradeNo.substring(1) : "", yuan(refund), "0.00", refund > 0 ? "ORIGINAL" : "",
        refund > 0 ? "SUCCESS" : "", o.description == null ? "" : o.description, "", "0.00000", "0.60%", yuan(total),
        yuan(refund), ""};
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < f.length; i++) {
      line.append(i == 0 ? "`" : ",`").append(f[i]);
    }
    return line.append("\r\n").toString();
  }

  private static String yuan(int fen) {
    return String.format("%d.%02d", fen / 100, fen % 100);
  }

  private void tradeBill(RoutingContext ctx) {
    String date = ctx.queryParams().get("bill_date");
    if (date == null || !date.matches("\\d{4}-\\d{2}-\\d{2}")) {
      answer(ctx, 400, new JsonObject().put("code", "PARAM_ERROR").put("message", "bill_date"));
      return;
    }
    String hash = cn.zhibu.platform.Hashing.sha1Hex(bill(date));
    String base = "http://127.0.0.1:" + server.actualPort();
    answer(ctx, 200, new JsonObject().put("hash_type", "SHA1").put("hash_value", hash)
        .put("download_url", base + "/v3/billdownload/file?token=" + date));
  }

  /** The bill file itself: not signed (as WeChat Pay's downloads are not); its SHA1 was in the signed answer. */
  private void billFile(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "text/csv; charset=utf-8").end(bill(ctx.queryParams().get("token")));
  }
}
