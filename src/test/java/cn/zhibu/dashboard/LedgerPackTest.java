package cn.zhibu.dashboard;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The 台账 pack (issue 19): one workbook an inspector reads. */
class LedgerPackTest {

  private static Map<String, List<List<String>>> read(byte[] xlsx) throws Exception {
    Map<String, List<List<String>>> sheets = new HashMap<>();
    try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
      for (Sheet sheet : workbook.getSheets().toList()) {
        try (var rows = sheet.openStream()) {
          sheets.put(sheet.getName(), rows.map(LedgerPackTest::cells).collect(Collectors.toList()));
        }
      }
    }
    return sheets;
  }

  private static List<String> cells(Row row) {
    return java.util.stream.IntStream.range(0, row.getCellCount()).mapToObj(row::getCellText).toList();
  }

  @Test
  @DisplayName("the 台账 has every sheet an inspector asks for, titled, in Chinese, with cancelled and 补录 meetings marked")
  void workbook() throws Exception {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session member = school.memberOf(school.branchA);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String lesson = post("/api/v1/events", new JsonObject().put("orgId", school.branchA).put("type", "party_lesson")
        .put("title", "专题党课").put("startsAt", now.plusSeconds(600).toString())
        .put("endsAt", now.plusSeconds(600 + 2 * 3600).toString()), secretary.accessToken()).expect(201).json().getString("id");
    Api.send("PATCH", "/api/v1/events/" + lesson, new JsonObject().put("lecturer", "王书记").put("studyHours", 2),
        secretary.accessToken(), Map.of()).expect(200);
    java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
    javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", png);
    String photo = Api.postRaw("/api/v1/events/" + lesson + "/attachments?name=" + java.net.URLEncoder.encode("党课现场.png",
        java.nio.charset.StandardCharsets.UTF_8), png.toByteArray(), "application/octet-stream", secretary.accessToken())
        .expect(201).json().getString("id");
    String cancelled = post("/api/v1/events", new JsonObject().put("orgId", school.branchA).put("type", "party_day")
        .put("title", "改期的主题党日").put("startsAt", now.plusSeconds(900).toString())
        .put("endsAt", now.plusSeconds(4500).toString()), secretary.accessToken()).expect(201).json().getString("id");
    post("/api/v1/events/" + cancelled + "/cancel", new JsonObject().put("reason", "与运动会冲突"), secretary.accessToken())
        .expect(200);
    Instant earlier = now.minus(Duration.ofDays(2));
    post("/api/v1/events", new JsonObject().put("orgId", school.branchA).put("type", "committee_meeting")
        .put("title", "补录的支委会").put("startsAt", earlier.toString()).put("endsAt", earlier.plusSeconds(3600).toString())
        .put("backfill", new JsonObject().put("reason", "手工记录")), secretary.accessToken()).expect(201);

    // 党费: the member's base and one month paid; 发展: an applicant with the application recorded.
    YearMonth month = YearMonth.now(ZoneId.of("Asia/Shanghai"));
    Api.put("/api/v1/orgs/" + school.branchA + "/dues/bases", new JsonObject().put("year", month.getYear())
        .put("entries", new io.vertx.core.json.JsonArray().add(new JsonObject().put("personId", member.id())
            .put("category", "student"))), secretary.accessToken()).expect(200);
    post("/api/v1/orgs/" + school.branchA + "/dues/payments", new JsonObject().put("personId", member.id())
        .put("months", new io.vertx.core.json.JsonArray().add(YearMonth.of(month.getYear(), 1).toString()))
        .put("amountFen", 20), secretary.accessToken()).expect(201);
    String applicantNumber = School.uniqueNumber();
    post("/api/v1/orgs/" + school.branchA + "/roster", new JsonObject().put("entries", new io.vertx.core.json.JsonArray()
        .add(new JsonObject().put("number", applicantNumber).put("name", "申请人甲").put("stage", "入党申请人"))),
        school.rootAdmin.accessToken()).expect(200);
    String applicant = TestServer.get().text("SELECT id::text FROM persons WHERE number = '" + applicantNumber + "'");
    post("/api/v1/people/" + applicant + "/development/milestones", new JsonObject().put("key", "application")
        .put("date", java.time.LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(3).toString()),
        secretary.accessToken()).expect(201);

    // 民主评议: a round of this year, open: its members listed, no tallies before it closes.
    post("/api/v1/orgs/" + school.branchA + "/reviews", new JsonObject().put("year", month.getYear())
        .put("opensAt", now.minusSeconds(3_600).toString()).put("closesAt", now.plusSeconds(3_600).toString()),
        secretary.accessToken()).expect(201);

    YearMonth from = month.minusMonths(1);
    String path = "/api/v1/orgs/" + school.branchA + "/ledger-pack?from=" + from + "&to=" + month;
    get(path, member.accessToken()).problem(403, "auth.forbidden");
    get("/api/v1/orgs/" + school.branchA + "/ledger-pack?from=" + month + "&to=" + from, secretary.accessToken())
        .problem(422, "ledger.invalid_period");
    Api.Res pack = get(path, secretary.accessToken()).expect(200);
    assertTrue(pack.contentType().contains("spreadsheetml"));

    Map<String, List<List<String>>> sheets = read(pack.bytes());
    assertEquals(java.util.Set.of("会议", "出勤", "三会一课", "学时", "志愿服务", "办实事", "通知", "党费", "发展党员",
        "民主评议", "谈心谈话", "思想汇报", "党费收支", "会议照片"), sheets.keySet());
    sheets.forEach((name, rows) -> assertTrue(rows.get(0).get(0).contains("组织生活台账") && rows.get(0).get(0)
        .contains(from.toString()), name + " has a title row naming the org and period"));
    List<List<String>> meetings = sheets.get("会议");
    assertEquals("日期", meetings.get(1).get(0));
    assertTrue(meetings.stream().anyMatch(r -> r.contains("专题党课") && r.contains("王书记") && r.contains("党课")));
    assertTrue(meetings.stream().anyMatch(r -> r.contains("改期的主题党日") && r.contains("已取消")));
    assertTrue(meetings.stream().anyMatch(r -> r.contains("补录的支委会") && r.contains("补录待审批")));
    assertTrue(sheets.get("出勤").stream().anyMatch(r -> r.contains(member.user().getString("name"))));
    assertTrue(sheets.get("三会一课").stream().anyMatch(r -> r.contains("主题党日") && r.contains("缺")));
    List<String> dues = sheets.get("党费").stream().filter(r -> r.contains(member.user().getString("name"))).findFirst()
        .orElseThrow();
    assertEquals("学生", dues.get(2));
    assertEquals(0, new java.math.BigDecimal("0.2").compareTo(new java.math.BigDecimal(dues.get(5))), "one month paid");
    assertTrue(sheets.get("发展党员").stream().anyMatch(r -> r.contains("申请人甲") && r.contains("入党申请人")));
    List<String> reviewed = sheets.get("民主评议").stream().filter(r -> r.contains(member.user().getString("name")))
        .findFirst().orElseThrow();
    assertEquals("进行中", reviewed.get(1));
    // the photo index: the lesson's photo with its meeting, and where to open it (the console, after a login)
    List<String> indexed = sheets.get("会议照片").stream().filter(r -> r.contains("党课现场.png")).findFirst().orElseThrow();
    assertEquals(List.of("专题党课", "党课", "照片"), List.of(indexed.get(3), indexed.get(2), indexed.get(5)));
    assertTrue(indexed.get(8).endsWith("/console/?attachment=" + photo), indexed.toString());
    assertTrue(reviewed.subList(3, reviewed.size()).stream().allMatch(String::isEmpty),
        "no tallies while the round is open: " + reviewed);
  }

  @Test
  @DisplayName("a pack of more rows than one read holds comes whole, and its file is gone once sent")
  void streamed() throws Exception {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    // 2,300 more members: the meeting's attendance outgrows a chunk (2,000 rows) of the cursor that reads it.
    TestServer.get().execute("""
        WITH p AS (INSERT INTO persons (id, number, name, stage, org_id)
                   SELECT gen_random_uuid(), 'LP-' || gen_random_uuid(), '台账党员' || i, 'full', '%s'
                   FROM generate_series(1, 2300) i RETURNING id)
        INSERT INTO org_roles (person_id, org_id, role) SELECT id, '%s', 'member' FROM p
        """.formatted(school.branchA, school.branchA));
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    long expected = post("/api/v1/events", new JsonObject().put("orgId", school.branchA).put("type", "party_day")
        .put("title", "千人主题党日").put("startsAt", now.plusSeconds(600).toString())
        .put("endsAt", now.plusSeconds(4200).toString()), secretary.accessToken()).expect(201).json().getLong("expected");
    assertTrue(expected > 2300);

    YearMonth month = YearMonth.now(ZoneId.of("Asia/Shanghai"));
    long filesBefore = tempWorkbooks();
    byte[] xlsx = get("/api/v1/orgs/" + school.branchA + "/ledger-pack?from=" + month + "&to=" + month.plusMonths(1),
        secretary.accessToken()).expect(200).bytes();
    List<List<String>> attendance = read(xlsx).get("出勤");
    // A title, a header, then one row per expected person, the last of them too.
    assertEquals(expected + 2, attendance.size());
    assertEquals(expected, attendance.stream().filter(r -> r.contains("千人主题党日")).count());
    assertTrue(attendance.stream().anyMatch(r -> r.contains("台账党员2300")));
    long deadline = System.currentTimeMillis() + 3_000;
    while (tempWorkbooks() > filesBefore && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(filesBefore, tempWorkbooks());
  }

  private static long tempWorkbooks() throws java.io.IOException {
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
      return files.filter(f -> f.getFileName().toString().matches("zhibu-.*\\.xlsx")).count();
    }
  }
}
