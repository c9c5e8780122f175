package cn.zhibu.dues;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** 党费 through the API: bases by the rate table, payments never twice, the ledger with arrears. */
class DuesApiTest {
  static School school;
  static Api.Session secretary;
  static int year;

  @BeforeAll
  static void setUp() {
    school = School.create();
    secretary = school.secretaryOf(school.branchA);
    year = YearMonth.now(ZoneId.of("Asia/Shanghai")).getYear();
  }

  static Api.Res bases(Api.Session who, String orgId, JsonArray entries) {
    return Api.put("/api/v1/orgs/" + orgId + "/dues/bases", new JsonObject().put("year", year).put("entries", entries),
        who.accessToken());
  }

  static JsonObject entry(String personId, String category, Long base) {
    JsonObject e = new JsonObject().put("personId", personId).put("category", category);
    return base == null ? e : e.put("monthlyBaseFen", base);
  }

  static Api.Res pay(Api.Session who, String personId, List<String> months, int amountFen) {
    return post("/api/v1/orgs/" + school.branchA + "/dues/payments", new JsonObject().put("personId", personId)
        .put("months", new JsonArray(months)).put("amountFen", amountFen), who.accessToken());
  }

  static String month(int m) {
    return YearMonth.of(year, m).toString();
  }

  @Test
  @DisplayName("bases follow the rate table: a student 0.20 yuan, an employed member with 4,500 yuan 1 %; a base is required where the rate needs one")
  void basesByRates() {
    Api.Session student = school.memberOf(school.branchA);
    Api.Session teacher = school.memberOf(school.branchA);
    JsonArray set = bases(secretary, school.branchA, new JsonArray().add(entry(student.id(), "student", null))
        .add(entry(teacher.id(), "employed", 450000L))).expect(200).json().getJsonArray("entries");
    assertEquals(20, set.getJsonObject(0).getInteger("monthlyDueFen"));
    assertEquals(4500, set.getJsonObject(1).getInteger("monthlyDueFen"));
    bases(secretary, school.branchA, new JsonArray().add(entry(teacher.id(), "employed", null)))
        .problem(422, "dues.base_required");
    bases(secretary, school.branchA, new JsonArray().add(entry(school.memberOf(school.branchB).id(), "student", null)))
        .problem(422, "dues.not_on_roster");
    bases(student, school.branchA, new JsonArray().add(entry(student.id(), "student", null))).problem(403, "auth.forbidden");
    assertEquals(20, get("/api/v1/dues-rules", student.accessToken()).expect(200).json().getJsonArray("bands").stream()
        .map(JsonObject.class::cast).filter(b -> "student".equals(b.getString("category"))).findFirst().orElseThrow()
        .getInteger("flatFen"));
  }

  @Test
  @DisplayName("a month is never paid twice, even at once; short amounts, one's own dues and months without a base are refused")
  void paymentsOnce() throws Exception {
    Api.Session member = school.memberOf(school.branchA);
    bases(secretary, school.branchA, new JsonArray().add(entry(member.id(), "employed", 300000L))).expect(200);
    pay(secretary, member.id(), List.of(month(1), month(2)), 3000).expect(201);
    pay(secretary, member.id(), List.of(month(2), month(3)), 3000).problem(409, "dues.already_paid");
    assertEquals(0, TestServer.get().count("SELECT count(*) FROM dues_paid_months WHERE person_id = '" + member.id()
        + "' AND month = '" + month(3) + "'"), "nothing of a refused payment is written");
    pay(secretary, member.id(), List.of(month(3)), 1499).problem(422, "dues.amount_short");
    pay(secretary, secretary.id(), List.of(month(3)), 20).problem(422, "dues.own_payment");
    pay(secretary, member.id(), List.of(YearMonth.of(year - 1, 12).toString()), 1500).problem(422, "dues.no_base");
    pay(member, member.id(), List.of(month(3)), 1500).problem(422, "dues.own_payment");
    pay(school.memberOf(school.branchA), member.id(), List.of(month(3)), 1500).problem(403, "auth.forbidden");

    List<CompletableFuture<Integer>> racing = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      racing.add(CompletableFuture.supplyAsync(() -> pay(secretary, member.id(), List.of(month(4)), 1500).status()));
    }
    List<Integer> statuses = racing.stream().map(CompletableFuture::join).sorted().toList();
    assertEquals(List.of(201, 409, 409, 409, 409, 409), statuses);
  }

  @Test
  @DisplayName("the ledger and my dues show what fell due, what is paid, and the months in arrears; the xlsx says the same")
  void ledger() {
    Api.Session member = school.memberOf(school.branchA);
    bases(secretary, school.branchA, new JsonArray().add(entry(member.id(), "student", null))).expect(200);
    pay(secretary, member.id(), List.of(month(1)), 100).expect(201);
    int now = YearMonth.now(ZoneId.of("Asia/Shanghai")).getMonthValue();
    List<String> arrears = new ArrayList<>();
    for (int m = 2; m <= now; m++) {
      arrears.add(month(m));
    }
    JsonObject mine = get("/api/v1/me/dues", member.accessToken()).expect(200).json();
    assertEquals(20, mine.getInteger("monthlyDueFen"));
    assertEquals(20 * now, mine.getInteger("dueFen"));
    assertEquals(List.of(month(1)), mine.getJsonArray("paidMonths").getList());
    assertEquals(arrears, mine.getJsonArray("arrearsMonths").getList());
    assertEquals(month(1), get("/api/v1/me/data", member.accessToken()).expect(200).json().getJsonArray("dues")
        .getJsonObject(0).getString("month"), "PIPL: a person's data includes their dues");
    JsonObject row = get("/api/v1/orgs/" + school.branchA + "/dues?year=" + year, secretary.accessToken()).expect(200).json()
        .getJsonArray("members").stream().map(JsonObject.class::cast).filter(m -> member.id().equals(m.getString("personId")))
        .findFirst().orElseThrow();
    assertEquals(100L, row.getLong("paidFen"), "a voluntary extra counts as paid");
    assertEquals(arrears, row.getJsonArray("arrearsMonths").getList());
    Api.Res sheet = get("/api/v1/orgs/" + school.branchA + "/dues?year=" + year, secretary.accessToken(),
        Map.of("Accept", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")).expect(200);
    List<String> cells = sheetRow(sheet.bytes(), member.user().getString("name"));
    assertEquals("学生", cells.get(2));
    assertEquals(0, new java.math.BigDecimal("1").compareTo(new java.math.BigDecimal(cells.get(5))),
        "the xlsx says what the JSON says: 100 fen paid, as a number of yuan");
    assertEquals(month(1), cells.get(6));
    assertEquals(String.join("、", arrears), cells.size() > 7 ? cells.get(7) : "");
    get("/api/v1/orgs/" + school.branchA + "/dues", member.accessToken()).problem(403, "auth.forbidden");
  }

  @Test
  @DisplayName("bases: the same person twice is refused, and nobody sets their own; a payment spanning two years counts in each for its months only")
  void basesOnceAndPaymentsAcrossYears() {
    Api.Session member = school.memberOf(school.branchA);
    bases(secretary, school.branchA, new JsonArray().add(entry(member.id(), "student", null))
        .add(entry(member.id(), "student", null))).problem(422, "dues.duplicate_person");
    bases(secretary, school.branchA, new JsonArray().add(entry(secretary.id(), "student", null)))
        .problem(422, "dues.own_base");
    for (int y : new int[] {year - 1, year}) {
      Api.put("/api/v1/orgs/" + school.branchA + "/dues/bases", new JsonObject().put("year", y).put("entries",
          new JsonArray().add(entry(member.id(), "student", null))), secretary.accessToken()).expect(200);
    }
    pay(secretary, member.id(), List.of(YearMonth.of(year - 1, 12).toString(), month(1)), 41).expect(201);
    long last = paidFen(year - 1, member);
    long now = paidFen(year, member);
    assertEquals(41, last + now, "the payment is counted once over the two years");
    assertEquals(20, last);
    assertEquals(21, now, "the odd fen goes with the last month");
  }

  static long paidFen(int y, Api.Session member) {
    return get("/api/v1/orgs/" + school.branchA + "/dues?year=" + y, secretary.accessToken()).expect(200).json()
        .getJsonArray("members").stream().map(JsonObject.class::cast).filter(m -> member.id().equals(m.getString("personId")))
        .findFirst().orElseThrow().getLong("paidFen");
  }

  /** The row of the ledger workbook (written streamed, from a cursor) that names this person. */
  static List<String> sheetRow(byte[] xlsx, String name) {
    try (var workbook = new org.dhatim.fastexcel.reader.ReadableWorkbook(new java.io.ByteArrayInputStream(xlsx));
        var rows = workbook.getFirstSheet().openStream()) {
      return rows.map(r -> java.util.stream.IntStream.range(0, r.getCellCount()).mapToObj(r::getCellText).toList())
          .filter(r -> r.contains(name)).findFirst().orElseThrow();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
