package cn.zhibu.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
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
}
