package cn.zhibu.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Problems speak Chinese by default and English on request; the code stays the same. */
class MessagesApiTest {

  @Test
  @DisplayName("a refusal is in Chinese by default, in English with Accept-Language: en, with the same code")
  void languages() {
    Api.Session person = Api.newcomer();
    JsonObject body = new JsonObject().put("category", "不存在的类别").put("title", "t").put("content", "c");
    Api.Res zh = Api.send("POST", "/api/v1/requests", body, person.accessToken(), Map.of())
        .problem(422, "request.unknown_category");
    assertEquals("不符合业务规则", zh.json().getString("title"));
    assertEquals("请选择有效的诉求类别", zh.json().getString("detail"));
    assertEquals("zh-CN", zh.headers().firstValue("Content-Language").orElse(""));
    Api.Res en = Api.send("POST", "/api/v1/requests", body, person.accessToken(),
        Map.of("Accept-Language", "en-US,en;q=0.9,zh;q=0.5")).problem(422, "request.unknown_category");
    assertTrue(en.json().getString("detail").startsWith("Category must be one of"), en.body());
    Api.Res zhFirst = Api.send("POST", "/api/v1/requests", body, person.accessToken(),
        Map.of("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8")).problem(422, "request.unknown_category");
    assertEquals("请选择有效的诉求类别", zhFirst.json().getString("detail"));
  }

  @Test
  @DisplayName("validation errors name the field and the rule in Chinese")
  void validationInWords() {
    Api.Session person = Api.newcomer();
    Api.Res tooLong = Api.post("/api/v1/requests", new JsonObject().put("category", "学习").put("title", "长".repeat(101))
        .put("content", "c"), person.accessToken()).problem(400, "request.invalid");
    assertTrue(tooLong.json().getString("detail").contains("title"), tooLong.body());
    Api.Res badId = Api.get("/api/v1/events?orgId=abc", person.accessToken()).problem(400, "request.invalid");
    assertEquals("参数 orgId 无效：不是有效的编号（UUID）", badId.json().getString("detail"));
    Api.Res limited = Api.get("/api/v1/auth/web-tickets/abcdefghijkmnpqr/details", null).problem(401, "auth.required");
    assertEquals("请先登录", limited.json().getString("title"));
  }

  @Test
  @DisplayName("what a secretary met in English or in code words is said in plain Chinese: a number twice in one file, an empty upload, a round opened twice, a reminder too soon")
  void deskWords() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    String number = School.uniqueNumber();
    String csv = "学号,姓名,手机,政治面貌,职务\n" + number + ",甲,,正式党员,\n" + number + ",乙,,正式党员,\n";
    JsonObject twice = Api.postRaw("/api/v1/orgs/" + school.branchA + "/roster", csv.getBytes(StandardCharsets.UTF_8),
        "application/octet-stream", secretary.accessToken()).expect(200).json();
    assertEquals("学号/工号 " + number + " 在本次导入中重复出现，已按它第一次出现的行导入",
        twice.getJsonArray("errors").getJsonObject(0).getString("message"));

    Api.Res empty = Api.postRaw("/api/v1/orgs/" + school.branchA + "/roster", new byte[0], "application/octet-stream",
        secretary.accessToken());
    assertEquals(400, empty.status(), empty.body());
    assertTrue(!empty.json().getString("detail").contains("JSON"), empty.body());

    Instant now = Instant.now();
    JsonObject round = new JsonObject().put("year", 2031).put("opensAt", now.toString())
        .put("closesAt", now.plus(Duration.ofDays(1)).toString());
    Api.post("/api/v1/orgs/" + school.branchA + "/reviews", round, secretary.accessToken()).expect(201);
    Api.Res again = Api.post("/api/v1/orgs/" + school.branchA + "/reviews", round, secretary.accessToken())
        .problem(409, "conflict.duplicate");
    assertEquals("本组织该年度的民主评议已经开启过，每个年度只开一次；可在列表中查看它的结果", again.json().getString("detail"));
    Api.Res english = Api.send("POST", "/api/v1/orgs/" + school.branchA + "/reviews", round, secretary.accessToken(),
        Map.of("Accept-Language", "en")).problem(409, "conflict.duplicate");
    assertEquals("This org already has a review round for that year", english.json().getString("detail"));

    JsonObject notice = Api.post("/api/v1/notices", new JsonObject().put("title", "提醒测试").put("body", "正文")
        .put("targetOrgIds", new io.vertx.core.json.JsonArray().add(school.branchA)).put("mustRead", false).put("push", false),
        secretary.accessToken()).expect(201).json();
    Api.post("/api/v1/notices/" + notice.getString("id") + "/remind", new JsonObject(), secretary.accessToken()).expect(202);
    Api.Res soon = Api.post("/api/v1/notices/" + notice.getString("id") + "/remind", new JsonObject(), secretary.accessToken())
        .problem(429, "notice.remind_too_soon");
    // 24 hours less the second or so since the first: said in hours and minutes, never in seconds
    assertTrue(soon.json().getString("detail").matches("这条通知 24 小时内已提醒过，请 2[34] 小时( \\d+ 分钟)?后再试"), soon.body());
  }

  @Test
  @DisplayName("a wait is said in hours and minutes, rounded up to the minute; under a minute in seconds")
  void waits() {
    assertEquals("24 小时", Messages.waitInWords(86399));
    assertEquals("23 小时 1 分钟", Messages.waitInWords(82801));
    assertEquals("5 分钟", Messages.waitInWords(300));
    assertEquals("1 分钟", Messages.waitInWords(60));
    assertEquals("30 秒", Messages.waitInWords(30));
  }
}
