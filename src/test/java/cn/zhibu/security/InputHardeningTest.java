package cn.zhibu.security;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Findings 5 and 9 of the outside security test: hostile files and characters, and what errors reveal. */
class InputHardeningTest {
  /** A Java or library class name in an error: what an attacker reads to pick the next exploit. */
  private static final Pattern CLASS_NAME = Pattern.compile("(java|javax|io\\.vertx|com\\.fasterxml|org)\\.[a-z]+\\.|Exception");
  static School school;
  static Api.Session secretary;

  @BeforeAll
  static void setUp() {
    school = School.create();
    secretary = school.secretaryOf(school.branchA);
  }

  private static byte[] zip(String sheetXml, int padMegabytes) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("[Content_Types].xml"));
      zip.write("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>".getBytes());
      zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
      zip.write(sheetXml.getBytes(StandardCharsets.UTF_8));
      if (padMegabytes > 0) {
        zip.putNextEntry(new ZipEntry("xl/media/padding.bin"));
        byte[] zeros = new byte[1024 * 1024];
        for (int i = 0; i < padMegabytes; i++) {
          zip.write(zeros);
        }
      }
    }
    return out.toByteArray();
  }

  private static Api.Res upload(byte[] file) {
    return Api.postRaw("/api/v1/orgs/" + school.branchA + "/roster", file, "application/octet-stream",
        secretary.accessToken());
  }

  @Test
  @DisplayName("finding 5: a row of 300,000 cells and a 1 GB zip bomb are refused at once; others keep being served")
  void spreadsheetBombs() throws Exception {
    StringBuilder wide = new StringBuilder("<worksheet><sheetData><row r=\"1\">");
    for (int i = 0; i < 300_000; i++) {
      wide.append("<c t=\"n\"><v>1</v></c>");
    }
    wide.append("</row></sheetData></worksheet>");
    byte[] wideFile = zip(wide.toString(), 0);
    assertTrue(wideFile.length < 2 * 1024 * 1024, "fits in one upload: " + wideFile.length);
    byte[] bomb = zip("<worksheet><sheetData/></worksheet>", 1024);
    assertTrue(bomb.length < 2 * 1024 * 1024, "1 GB of zeros packs into " + bomb.length + " bytes");

    CompletableFuture<Api.Res> attack = CompletableFuture.supplyAsync(() -> upload(bomb));
    get("/api/v1/me", secretary.accessToken()).expect(200);
    attack.join().problem(400, "roster.file_too_large");
    upload(wideFile).problem(400, "roster.file_too_large");

    String number = School.uniqueNumber();
    String csv = "number,name,stage\n" + number + ",正常人,full\n";
    assertEquals(1, upload(csv.getBytes(StandardCharsets.UTF_8)).expect(200).json().getInteger("created"));
  }

  @Test
  @DisplayName("finding 9: unreadable files and malformed JSON are refused without naming a library class")
  void errorsNameNoClasses() throws Exception {
    for (byte[] file : new byte[][] {"PK\u0003\u0004 this is not a zip at all".getBytes(StandardCharsets.ISO_8859_1),
        zip("<worksheet><sheetData/></worksheet>", 0)}) {
      Api.Res junk = upload(file);
      junk.expect(400);
      assertFalse(CLASS_NAME.matcher(junk.json().getString("detail")).find(), junk.body());
    }
    for (String body : new String[] {"{\"entries\": [", "{\"entries\": [{\"number\": 1e999999}]}", "[1,2", "\u0000"}) {
      Api.Res res = Api.postRaw("/api/v1/orgs/" + school.branchA + "/roster", body.getBytes(StandardCharsets.UTF_8),
          "application/json", secretary.accessToken());
      assertEquals(400, res.status(), body + " → " + res.body());
      assertFalse(CLASS_NAME.matcher(res.json().getString("detail", "")).find(), res.body());
    }
  }

  @Test
  @DisplayName("finding 9: a NUL character in any text is a 400 and writes nothing")
  void nulCharacters() {
    long before = TestServer.get().count("SELECT count(*) FROM requests");
    Api.Session person = Api.newcomer();
    post("/api/v1/requests", new JsonObject().put("category", "学习").put("title", "bad\u0000title")
        .put("content", "内容"), person.accessToken()).problem(400, "request.invalid_character");
    post("/api/v1/requests", new JsonObject().put("category", "学习").put("title", "标题")
        .put("content", "内容\\u0000"), person.accessToken()).expect(201);
    post("/api/v1/orgs/" + school.branchA + "/roster", new JsonObject().put("entries", new JsonArray()
        .add(new JsonObject().put("number", "N1").put("name", "a\u0000b").put("stage", "full"))), secretary.accessToken())
        .problem(400, "request.invalid_character");
    get("/api/v1/requests/board?cursor=%00", null).problem(400, "request.invalid_character");
    assertEquals(before + 1, TestServer.get().count("SELECT count(*) FROM requests"), "only the clean request");
  }

  @Test
  @DisplayName("finding 9: a self-report naming an activity that does not exist is a 404, not a 500")
  void unknownActivity() {
    Api.Session member = school.memberOf(school.branchA);
    // Yesterday at 10:00 Beijing: an hour before now crossed midnight between 00:00 and 02:00 Beijing (spans_days).
    java.time.Instant end = School.daysAgoAtTen(1);
    post("/api/v1/volunteer/records", new JsonObject().put("activityId", UUID.randomUUID().toString())
        .put("startedAt", end.minusSeconds(3600).toString()).put("endedAt", end.toString()).put("description", "服务"),
        member.accessToken()).problem(404, "not_found");
  }
}
