package cn.zhibu.dues;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import cn.zhibu.wechatpay.FakeWeChatPay;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** 党费 paid on the phone through (the fake) WeChat Pay: orders, notifications, queries, refunds, closing. */
class DuesOrdersApiTest {

  @AfterEach
  void putClockBack() {
    TestServer.get().clock.reset();
  }

  private static YearMonth thisMonth() {
    return YearMonth.now(TestServer.get().clock.withZone(ZoneId.of("Asia/Shanghai")));
  }

  private static FakeWeChatPay pay() {
    return TestServer.get().pay();
  }

  /** A member of branch A whose 党费 base is set for this year (a student: 0.20 yuan a month). */
  private static Api.Session member(School school, Api.Session secretary) {
    Api.Session member = school.memberOf(school.branchA);
    Api.put("/api/v1/orgs/" + school.branchA + "/dues/bases", new JsonObject().put("year", thisMonth().getYear())
        .put("entries", new JsonArray().add(new JsonObject().put("personId", member.id()).put("category", "student"))),
        secretary.accessToken()).expect(200);
    return member;
  }

  private static Api.Res order(Api.Session who, String... months) {
    return post("/api/v1/me/dues/orders", new JsonObject().put("months", new JsonArray(java.util.List.of(months))),
        who.accessToken());
  }

  private static String outTradeNo(String orderId) {
    return TestServer.get().text("SELECT out_trade_no FROM dues_orders WHERE id = '" + orderId + "'");
  }

  private static long payments(Api.Session who) {
    return TestServer.get().count("SELECT count(*) FROM dues_payments WHERE person_id = '" + who.id() + "'");
  }

  @Test
  @DisplayName("an order for the month owed, paid, notified five times at once: one payment, the order paid, the month no longer orderable")
  void paidOnce() throws Exception {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session member = member(school, secretary);
    String month = thisMonth().toString();
    order(member, thisMonth().plusMonths(1).toString()).problem(422, "dues.invalid_month");
    JsonObject placed = order(member, month).expect(201).json();
    assertEquals(20, placed.getInteger("amountFen"), "a student's month, by the rate table");
    assertEquals("pending", placed.getString("status"));
    JsonObject payment = placed.getJsonObject("payment");
    assertTrue(payment.getString("package").startsWith("prepay_id=wx"), payment.encode());
    assertEquals("RSA", payment.getString("signType"));
    assertTrue(payment.getString("paySign").length() > 300, "an RSA-2048 signature in Base64");
    order(member, month).problem(409, "dues.month_in_order");

    int before = pay().delivered();
    pay().markPaid(outTradeNo(placed.getString("orderId")), true, 5).toCompletionStage().toCompletableFuture().get();
    assertEquals(5, pay().delivered() - before, "every copy was answered 2xx");
    assertEquals(1, payments(member), "five notifications at once, one payment");
    assertEquals("wechat_pay", TestServer.get().text("SELECT channel FROM dues_payments WHERE person_id = '" + member.id() + "'"));
    JsonObject paid = get("/api/v1/me/dues/orders/" + placed.getString("orderId"), member.accessToken()).expect(200).json();
    assertEquals("paid", paid.getString("status"));
    assertTrue(get("/api/v1/me/dues", member.accessToken()).expect(200).json().getJsonArray("paidMonths").contains(month));
    order(member, month).problem(409, "dues.already_paid");
    get("/api/v1/me/dues/orders/" + placed.getString("orderId"), secretary.accessToken()).problem(404, "not_found");
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM audit_log WHERE action = 'dues.payment' AND target = 'person:"
        + member.id() + "'"));
  }

  @Test
  @DisplayName("a notification not signed by WeChat Pay is refused and records nothing; a lost one is made up by asking WeChat Pay")
  void forgedAndLost() throws Exception {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session member = member(school, secretary);
    JsonObject placed = order(member, thisMonth().toString()).expect(201).json();
    String forged = new JsonObject().put("id", "x").put("event_type", "TRANSACTION.SUCCESS").put("resource", new JsonObject()
        .put("algorithm", "AEAD_AES_256_GCM").put("ciphertext", "AAAA").put("nonce", "123456789012")
        .put("associated_data", "transaction")).encode();
    Map<String, String> headers = Map.of("Wechatpay-Timestamp", String.valueOf(System.currentTimeMillis() / 1000),
        "Wechatpay-Nonce", "N", "Wechatpay-Signature", "Zm9yZ2Vk", "Wechatpay-Serial", FakeWeChatPay.SERIAL);
    Api.send("POST", "/api/v1/wechat/pay/notify", new JsonObject(forged), null, headers)
        .problem(401, "wechatpay.bad_signature");
    Api.send("POST", "/api/v1/wechat/pay/notify", new JsonObject(forged), null, Map.of())
        .problem(401, "wechatpay.bad_signature");
    assertEquals(0, payments(member));

    // paid, but WeChat Pay's notification never arrives: the phone asks, the order is asked of WeChat Pay
    pay().markPaid(outTradeNo(placed.getString("orderId")), false, 0).toCompletionStage().toCompletableFuture().get();
    assertEquals("paid", get("/api/v1/me/dues/orders/" + placed.getString("orderId"), member.accessToken()).expect(200)
        .json().getString("status"));
    assertEquals(1, payments(member));
  }

  @Test
  @DisplayName("a month paid at the desk while the phone paid it too: the order is refunded through WeChat Pay, the month paid once")
  void paidTwiceIsRefunded() throws Exception {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session member = member(school, secretary);
    String month = thisMonth().toString();
    JsonObject placed = order(member, month).expect(201).json();
    post("/api/v1/orgs/" + school.branchA + "/dues/payments", new JsonObject().put("personId", member.id())
        .put("months", new JsonArray().add(month)).put("amountFen", 20), secretary.accessToken()).expect(201);
    String no = outTradeNo(placed.getString("orderId"));
    pay().markPaid(no, true, 2).toCompletionStage().toCompletableFuture().get();
    assertEquals("refunded", get("/api/v1/me/dues/orders/" + placed.getString("orderId"), member.accessToken())
        .expect(200).json().getString("status"));
    assertEquals(1, payments(member), "the desk's payment only");
    assertEquals("REFUND", pay().state(no), "refunded through WeChat Pay's refund API");
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM dues_orders WHERE out_trade_no = '" + no
        + "' AND refund_sent_at IS NOT NULL"));
  }

  @Test
  @DisplayName("an order not paid within two hours is closed at WeChat Pay and here, and its month may be ordered again")
  void staleClosed() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session member = member(school, secretary);
    String month = thisMonth().toString();
    JsonObject placed = order(member, month).expect(201).json();
    TestServer.get().clock.advance(Duration.ofHours(3));
    TestServer.get().runReminders();
    assertEquals("closed", get("/api/v1/me/dues/orders/" + placed.getString("orderId"), member.accessToken()).expect(200)
        .json().getString("status"));
    assertEquals("CLOSED", pay().state(outTradeNo(placed.getString("orderId"))));
    assertEquals(201, order(member, month).status(), "the month is free again");
  }

  @Test
  @DisplayName("the day's bill against the ledger: one matched, one paid but never recorded, one recorded but not billed, one at another amount")
  void reconciliation() throws Exception {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    String month = thisMonth().toString();
    String[] numbers = new String[4];
    for (int i = 0; i < 4; i++) {
      Api.Session member = member(school, secretary);
      numbers[i] = outTradeNo(order(member, month).expect(201).json().getString("orderId"));
    }
    pay().markPaid(numbers[0], true, 1).toCompletionStage().toCompletableFuture().get();
    pay().markPaid(numbers[1], false, 0).toCompletionStage().toCompletableFuture().get(); // notification lost
    pay().markPaid(numbers[2], true, 1).toCompletionStage().toCompletableFuture().get();
    pay().leaveOffBill(numbers[2]);
    pay().markPaid(numbers[3], true, 1).toCompletionStage().toCompletableFuture().get();
    pay().misreport(numbers[3], 2000);
    String today = java.time.LocalDate.now(TestServer.get().clock.withZone(ZoneId.of("Asia/Shanghai"))).toString();
    JsonObject r = get("/api/v1/orgs/" + school.branchA + "/dues/reconciliation?date=" + today, secretary.accessToken())
        .expect(200).json();
    assertEquals(1, r.getInteger("matched"));
    assertEquals(numbers[1], r.getJsonArray("missing").getJsonObject(0).getString("outTradeNo"));
    assertEquals("pending", r.getJsonArray("missing").getJsonObject(0).getString("status"));
    assertEquals(numbers[2], r.getJsonArray("extra").getJsonObject(0).getString("outTradeNo"));
    JsonObject differing = r.getJsonArray("differing").getJsonObject(0);
    assertEquals(numbers[3], differing.getString("outTradeNo"));
    assertEquals(2000, differing.getInteger("billFen"));
    assertEquals(20, differing.getInteger("ledgerFen"));
    assertTrue(get("/api/v1/orgs/" + school.branchB + "/dues/reconciliation?date=" + today,
        school.secretaryOf(school.branchB).accessToken()).expect(200).json().getInteger("matched") == 0,
        "another branch sees none of these");
    get("/api/v1/orgs/" + school.branchA + "/dues/reconciliation?date=" + today, school.memberOf(school.branchA)
        .accessToken()).problem(403, "auth.forbidden");
  }

  @Test
  @DisplayName("the branch's funds: what its members paid (and online), 上缴, 返还 and spending, the balance and the activity fund at 100 yuan a member")
  void funds() throws Exception {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session member = member(school, secretary);
    JsonObject placed = order(member, thisMonth().toString()).expect(201).json();
    pay().markPaid(outTradeNo(placed.getString("orderId")), true, 1).toCompletionStage().toCompletableFuture().get();
    String path = "/api/v1/orgs/" + school.branchA + "/dues/remittances";
    String today = java.time.LocalDate.now(TestServer.get().clock.withZone(ZoneId.of("Asia/Shanghai"))).toString();
    post(path, new JsonObject().put("amountFen", 10).put("date", today).put("direction", "up").put("note", "上缴学院党委"),
        secretary.accessToken()).expect(201);
    post(path, new JsonObject().put("amountFen", 30000).put("date", today).put("direction", "returned")
        .put("note", "学院下拨活动经费"), secretary.accessToken()).expect(201);
    post(path, new JsonObject().put("amountFen", 5000).put("date", today).put("direction", "spent")
        .put("note", "主题党日参观交通费"), secretary.accessToken()).expect(201);
    post(path, new JsonObject().put("amountFen", 1).put("date", "2999-01-01").put("direction", "spent").put("note", "x"),
        secretary.accessToken()).problem(422, "dues.future_date");
    post(path, new JsonObject().put("amountFen", 1).put("date", today).put("direction", "spent").put("note", "x"),
        member.accessToken()).problem(403, "auth.forbidden");
    JsonObject f = get("/api/v1/orgs/" + school.branchA + "/dues/funds", secretary.accessToken()).expect(200).json();
    long members = f.getLong("members");
    assertEquals(20, f.getLong("collectedFen"));
    assertEquals(20, f.getLong("onlineFen"));
    assertEquals(20 - 10 + 30000 - 5000, f.getLong("balanceFen"));
    assertEquals(members * 10000, f.getLong("activityFundTargetFen"));
    assertEquals(Math.max(0, members * 10000 - 30000), f.getLong("activityFundShortFen"));
    assertEquals(3, f.getJsonArray("entries").size());
  }
}
