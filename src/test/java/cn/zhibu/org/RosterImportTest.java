package cn.zhibu.org;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RosterImportTest {
  static School school;
  static Api.Session secretary;

  @BeforeAll
  static void setUp() {
    school = School.create();
    secretary = school.secretaryOf(school.branchA);
  }

  private static Api.Res importJson(String orgId, JsonArray entries, String token) {
    return post("/api/v1/orgs/" + orgId + "/roster", new JsonObject().put("entries", entries), token);
  }

  private static JsonObject entry(String number, String name, String stage) {
    return new JsonObject().put("number", number).put("name", name).put("stage", stage);
  }

  /** The members as an admin sees them (full numbers), keyed by number. */
  private static Map<String, JsonObject> members(String orgId, String ignored) {
    JsonArray items = get("/api/v1/orgs/" + orgId + "/members?limit=100", school.rootAdmin.accessToken()).expect(200).json()
        .getJsonArray("items");
    return items.stream().map(JsonObject.class::cast).collect(Collectors.toMap(m -> m.getString("number"), m -> m));
  }

  @Test
  @DisplayName("a JSON import creates entries, returns one activation code each, and masks phones in the list")
  void jsonImport() {
    String n1 = School.uniqueNumber();
    String n2 = School.uniqueNumber();
    JsonObject result = importJson(school.branchA, new JsonArray()
        .add(entry(n1, "周一", "full").put("phone", "13812341234"))
        .add(entry(n2, "吴二", "activist")), secretary.accessToken()).expect(200).json();
    assertEquals(2, result.getInteger("created"));
    assertEquals(0, result.getInteger("updated"));
    assertEquals(2, result.getJsonArray("activationCodes").size());
    Map<String, JsonObject> members = members(school.branchA, secretary.accessToken());
    assertEquals("138****1234", members.get(n1).getString("phone"));
    assertEquals(List.of("member"), members.get(n1).getJsonArray("roles").getList());
    assertEquals(List.of(), members.get(n2).getJsonArray("roles").getList(), "an activist is not yet a member");
  }

  @Test
  @DisplayName("a secretary sees student numbers masked and phones masked; an admin over the branch sees full numbers")
  void masking() {
    String number = "2025" + School.uniqueNumber().substring(1, 9);
    importJson(school.branchA, new JsonArray().add(entry(number, "郑屏", "full").put("phone", "13912345678")),
        secretary.accessToken()).expect(200);
    String bySecretary = get("/api/v1/orgs/" + school.branchA + "/members?limit=100", secretary.accessToken()).expect(200)
        .body();
    assertTrue(bySecretary.contains(number.substring(0, 2) + "********" + number.substring(10)), bySecretary);
    assertTrue(!bySecretary.contains(number) && !bySecretary.contains("13912345678"));
    assertTrue(bySecretary.contains("139****5678"));
    assertTrue(members(school.branchA, null).containsKey(number));
  }

  @Test
  @DisplayName("bad rows are reported by row number and the good rows are still written")
  void badRowsKeepGoodOnes() {
    String good = School.uniqueNumber();
    String dup = School.uniqueNumber();
    long before = TestServer.get().count("SELECT count(*) FROM persons");
    JsonObject result = importJson(school.branchA, new JsonArray()
        .add(entry(good, "郑好", "probationary"))
        .add(entry("bad number!", "坏号", "full"))
        .add(entry(School.uniqueNumber(), "", "full"))
        .add(entry(School.uniqueNumber(), "无阶段", "member"))
        .add(entry(School.uniqueNumber(), "申请人书记", "applicant").put("role", "secretary"))
        .add(entry(dup, "重复一", "full"))
        .add(entry(dup, "重复二", "full")), secretary.accessToken()).expect(200).json();
    assertEquals(3, result.getInteger("created"));
    JsonArray errors = result.getJsonArray("errors");
    assertEquals(List.of(2, 3, 4, 7), errors.stream().map(e -> ((JsonObject) e).getInteger("row")).toList());
    assertEquals(List.of(5), result.getJsonArray("warnings").stream().map(e -> ((JsonObject) e).getInteger("row"))
        .toList(), "a secretary row is imported as a person, its role refused with a warning");
    assertEquals(before + 3, TestServer.get().count("SELECT count(*) FROM persons"));
    assertEquals("重复一", members(school.branchA, secretary.accessToken()).get(dup).getString("name"));
  }

  @Test
  @DisplayName("re-importing a number updates the entry (name, stage, member role) instead of creating another")
  void reimportUpdates() {
    String number = School.uniqueNumber();
    importJson(school.branchA, new JsonArray().add(entry(number, "冯三", "candidate")), secretary.accessToken()).expect(200);
    JsonObject again = importJson(school.branchA, new JsonArray()
        .add(entry(number, "冯三丰", "probationary").put("role", "committee")), secretary.accessToken()).expect(200).json();
    assertEquals(0, again.getInteger("created"));
    assertEquals(1, again.getInteger("updated"));
    assertEquals(0, again.getJsonArray("activationCodes").size(), "codes are handed out once, at creation");
    JsonObject member = members(school.branchA, secretary.accessToken()).get(number);
    assertEquals("冯三丰", member.getString("name"));
    assertEquals("probationary", member.getString("stage"));
    assertEquals(List.of("member"), member.getJsonArray("roles").getList(), "re-importing never promotes");
    assertEquals(1, again.getJsonArray("warnings").size());
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM persons WHERE number = '" + number + "'"));
  }

  @Test
  @DisplayName("a CSV upload with Chinese headers and values is imported, bad rows reported with their line")
  void csvImport() {
    String n1 = School.uniqueNumber();
    String n2 = School.uniqueNumber();
    String csv = "\uFEFF学号,姓名,手机,政治面貌,职务\n" + n1 + ",陈列,13900001111,正式党员,支委\n"
        + n2 + ",褚卫,,预备党员,\n" + "???,错行,,正式党员,\n";
    JsonObject result = Api.postRaw("/api/v1/orgs/" + school.branchA + "/roster", csv.getBytes(StandardCharsets.UTF_8),
            "application/octet-stream", secretary.accessToken()).expect(200).json();
    assertEquals(2, result.getInteger("created"));
    assertEquals(4, result.getJsonArray("errors").getJsonObject(0).getInteger("row"));
    Map<String, JsonObject> members = members(school.branchA, secretary.accessToken());
    assertEquals(List.of("member"), members.get(n1).getJsonArray("roles").getList());
    assertEquals(2, result.getJsonArray("warnings").getJsonObject(0).getInteger("row"));
    assertEquals("probationary", members.get(n2).getString("stage"));
  }

  @Test
  @DisplayName("a lost activation code is reissued by the branch secretary: the old one stops working, the new one binds, then no more")
  void reissueCode() {
    String number = School.uniqueNumber();
    JsonObject imported = importJson(school.branchA, new JsonArray().add(new JsonObject().put("number", number)
        .put("name", "丁一").put("stage", "full")), secretary.accessToken()).expect(200).json();
    String oldCode = imported.getJsonArray("activationCodes").getJsonObject(0).getString("code");
    String personId = members(school.branchA, secretary.accessToken()).get(number).getString("personId");
    String path = "/api/v1/orgs/" + school.branchA + "/members/" + personId + "/activation-code";

    Api.Session member = school.memberOf(school.branchA);
    post(path, null, member.accessToken()).problem(403, "auth.forbidden");
    post("/api/v1/orgs/" + school.branchB + "/members/" + personId + "/activation-code", null,
        school.secretaryOf(school.branchB).accessToken()).problem(404, "not_found");

    JsonObject reissued = post(path, null, secretary.accessToken()).expect(200).json();
    assertEquals(number, reissued.getString("number"));
    assertEquals("丁一", reissued.getString("name"));
    Api.Session phone = Api.newcomer();
    post("/api/v1/auth/bind", new JsonObject().put("number", number).put("name", "丁一").put("activationCode", oldCode),
        phone.accessToken()).problem(422, "auth.bind_failed");
    post("/api/v1/auth/bind", new JsonObject().put("number", number).put("name", "丁一")
        .put("activationCode", reissued.getString("code")), phone.accessToken()).expect(200);
    // binding joins the roster entry to the WeChat login's person: ask for the person as the roster now shows them
    String boundId = members(school.branchA, secretary.accessToken()).get(number).getString("personId");
    post("/api/v1/orgs/" + school.branchA + "/members/" + boundId + "/activation-code", null, secretary.accessToken())
        .problem(409, "roster.already_bound");
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM audit_log WHERE action = 'roster.reissue_code' AND target = 'person:"
        + personId + "'"));
  }

  @Test
  @DisplayName("a CSV saved by Excel on Chinese Windows (GBK, no BOM) with 中共党员/中共预备党员 is read; row problems are told in Chinese")
  void gbkCsv() {
    String n1 = School.uniqueNumber();
    String n2 = School.uniqueNumber();
    String csv = "学号,姓名,手机,政治面貌,职务\r\n" + n1 + ",欧阳晓,,中共党员,\r\n" + n2 + ",司马青,,中共预备党员,\r\n"
        + n1 + "x!,错行,,群众,\r\n";
    JsonObject result = Api.postRaw("/api/v1/orgs/" + school.branchA + "/roster",
        csv.getBytes(java.nio.charset.Charset.forName("GBK")), "application/octet-stream", secretary.accessToken())
        .expect(200).json();
    assertEquals(2, result.getInteger("created"), result::encode);
    Map<String, JsonObject> members = members(school.branchA, secretary.accessToken());
    assertEquals("欧阳晓", members.get(n1).getString("name"));
    assertEquals("full", members.get(n1).getString("stage"));
    assertEquals("probationary", members.get(n2).getString("stage"));
    JsonObject error = result.getJsonArray("errors").getJsonObject(0);
    assertEquals(4, error.getInteger("row"));
    assertEquals("学号/工号应为 1–32 位字母、数字、“-”或“_”", error.getString("message"));
  }

  @Test
  @DisplayName("an .xlsx upload is read with a real xlsx library, numbers typed as numbers included")
  void xlsxImport() throws Exception {
    String n1 = School.uniqueNumber();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Workbook workbook = new Workbook(out, "test", "1.0")) {
      Worksheet sheet = workbook.newWorksheet("名册");
      String[] header = {"number", "name", "phone", "stage", "role"};
      for (int c = 0; c < header.length; c++) {
        sheet.value(0, c, header[c]);
      }
      sheet.value(1, 0, n1);
      sheet.value(1, 1, "蒋表");
      sheet.value(1, 2, 13700002222L);
      sheet.value(1, 3, "full");
      sheet.value(2, 0, 20241234);
      sheet.value(2, 1, "数字学号");
      sheet.value(2, 3, "activist");
      sheet.value(3, 0, School.uniqueNumber());
      sheet.value(3, 1, "没有阶段");
    }
    TestServer.get().execute("DELETE FROM org_roles WHERE person_id IN (SELECT id FROM persons WHERE number = '20241234')");
    TestServer.get().execute("DELETE FROM persons WHERE number = '20241234'");
    JsonObject result = Api.postRaw("/api/v1/orgs/" + school.branchA + "/roster", out.toByteArray(),
        "application/octet-stream", secretary.accessToken()).expect(200).json();
    assertEquals(2, result.getInteger("created"), result.encode());
    assertEquals(4, result.getJsonArray("errors").getJsonObject(0).getInteger("row"));
    Map<String, JsonObject> members = members(school.branchA, secretary.accessToken());
    assertEquals("137****2222", members.get(n1).getString("phone"));
    assertTrue(members.containsKey("20241234"), "a number cell becomes the text 20241234");
  }

  @Test
  @DisplayName("a file that is neither xlsx nor csv with the needed columns is a 400 and writes nothing")
  void unreadableFile() {
    long before = TestServer.get().count("SELECT count(*) FROM persons");
    Api.postRaw("/api/v1/orgs/" + school.branchA + "/roster", "hello,world\n1,2\n".getBytes(StandardCharsets.UTF_8),
        "application/octet-stream", secretary.accessToken()).problem(400, "roster.missing_column");
    Api.postRaw("/api/v1/orgs/" + school.branchA + "/roster", new byte[] {'P', 'K', 3, 4, 0, 0, 1},
        "application/octet-stream", secretary.accessToken()).problem(400, "roster.unreadable_file");
    assertEquals(before, TestServer.get().count("SELECT count(*) FROM persons"));
  }

  @Test
  @DisplayName("importing into a college (not a branch) is refused")
  void onlyBranches() {
    importJson(school.collegeId, new JsonArray().add(entry(School.uniqueNumber(), "卫七", "full")),
        school.rootAdmin.accessToken()).problem(422, "roster.not_a_branch");
  }

  @Test
  @DisplayName("a number already on another college's roster is refused for that row only")
  void numbersOutsideScope() {
    School other = School.create();
    String number = School.uniqueNumber();
    importJson(other.branchA, new JsonArray().add(entry(number, "沈八", "full")), other.rootAdmin.accessToken())
        .expect(200);
    JsonObject result = importJson(school.branchA, new JsonArray().add(entry(number, "沈八", "full"))
        .add(entry(School.uniqueNumber(), "韩九", "full")), secretary.accessToken()).expect(200).json();
    assertEquals(1, result.getInteger("created"));
    assertEquals(1, result.getJsonArray("errors").size());
    assertTrue(members(other.branchA, other.rootAdmin.accessToken()).containsKey(number), "the other entry is untouched");
  }
}
