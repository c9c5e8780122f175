package cn.zhibu.platform;

import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear problem+json and changes nothing. */
class MalformedInputTest {
  static School school;

  @BeforeAll
  static void setUp() {
    school = School.create();
  }

  private static long orgs() {
    return TestServer.get().count("SELECT count(*) FROM orgs");
  }

  @Test
  @DisplayName("malformed JSON, wrong types, missing or unknown fields and bad enums are 400 and write nothing")
  void badBodies() {
    String token = school.rootAdmin.accessToken();
    long before = orgs();
    Api.postRaw("/api/v1/orgs", "{\"parentId\": ".getBytes(StandardCharsets.UTF_8), "application/json", token)
        .problem(400, "request.malformed_json");
    Api.postRaw("/api/v1/orgs", "parentId=x".getBytes(StandardCharsets.UTF_8), "text/plain", token)
        .problem(400, "request.unsupported_media_type");
    Api.postRaw("/api/v1/photos", "{}".getBytes(StandardCharsets.UTF_8), "application/json", token)
        .problem(400, "request.unsupported_media_type");
    Api.get("/api/v1/orgs/" + school.rootId + "/members?limit=abc", token).problem(400, "request.invalid");
    post("/api/v1/orgs", new JsonObject().put("parentId", school.rootId).put("name", 42).put("kind", "college"), token)
        .problem(400, "request.invalid");
    post("/api/v1/orgs", new JsonObject().put("parentId", school.rootId).put("kind", "college"), token)
        .problem(400, "request.invalid");
    post("/api/v1/orgs", new JsonObject().put("parentId", "not-a-uuid").put("name", "x").put("kind", "college"), token)
        .problem(400, "request.invalid");
    post("/api/v1/orgs", new JsonObject().put("parentId", school.rootId).put("name", "x").put("kind", "faculty"), token)
        .problem(400, "request.invalid");
    post("/api/v1/orgs", new JsonObject().put("parentId", school.rootId).put("name", "x").put("kind", "college")
        .put("admin", true), token).problem(400, "request.invalid");
    assertEquals(before, orgs());
  }

  @Test
  @DisplayName("a parameter value once valid is still judged per value: a bad one next to it is refused, before and after")
  void rememberedValues() {
    String token = school.rootAdmin.accessToken();
    String members = "/api/v1/orgs/" + school.rootId + "/members?limit=";
    for (int round = 0; round < 2; round++) {
      assertEquals(200, Api.get(members + "5", token).status());
      Api.get(members + "5x", token).problem(400, "request.invalid");
      Api.get(members + "0", token).problem(400, "request.invalid");
      Api.get("/api/v1/orgs/" + school.rootId.substring(1) + "/members?limit=5", token).problem(400, "request.invalid");
    }
  }

  @Test
  @DisplayName("the router's own answers: an unknown path 404, a known path with another method 405, no token 401 before the body")
  void routing() {
    String token = school.rootAdmin.accessToken();
    Api.get("/api/v1/nothing/here", token).problem(404, "not_found");
    Api.get("/api/v1/orgs/" + school.rootId + "/nothing", token).problem(404, "not_found");
    Api.send("DELETE", "/api/v1/me", null, token, java.util.Map.of()).problem(405, "method_not_allowed");
    Api.postRaw("/api/v1/orgs", "{".getBytes(StandardCharsets.UTF_8), "application/json", null)
        .problem(401, "auth.required");
    assertEquals(200, Api.get("/api/v1/me", token).status());
    assertEquals(200, Api.get("/api/v1/requests/board", null).status(), "the literal path, not /requests/{id}");
  }

  @Test
  @DisplayName("an oversized body is 400 request.too_large and writes nothing")
  void oversized() {
    long before = TestServer.get().count("SELECT count(*) FROM persons");
    byte[] huge = new byte[3 * 1024 * 1024];
    java.util.Arrays.fill(huge, (byte) 'a');
    Api.postRaw("/api/v1/orgs/" + school.branchA + "/roster", huge, "application/octet-stream",
        school.rootAdmin.accessToken()).problem(400, "request.too_large");
    assertEquals(before, TestServer.get().count("SELECT count(*) FROM persons"));
  }

  @Test
  @DisplayName("a bad path id, a bad query value and a damaged cursor are 400")
  void badParameters() {
    String token = school.rootAdmin.accessToken();
    Api.get("/api/v1/orgs/not-a-uuid", token).problem(400, "request.invalid");
    Api.get("/api/v1/orgs/" + school.rootId + "/children?limit=5000", token).problem(400, "request.invalid");
    Api.get("/api/v1/orgs/" + school.rootId + "/members?cursor=!!!!", token).problem(400, "request.bad_cursor");
  }

  @Test
  @DisplayName("every kind of contract rule still rejects with validators built once: lengths, sizes, ranges, patterns, headers, media types")
  void everyRuleKind() {
    String token = school.rootAdmin.accessToken();
    Api.Session person = Api.newcomer();
    JsonObject request = new JsonObject().put("category", "学习").put("title", "t").put("content", "c");
    post("/api/v1/requests", request.copy().put("title", "长".repeat(101)), person.accessToken())
        .problem(400, "request.invalid"); // maxLength
    post("/api/v1/requests", request.copy().put("title", ""), person.accessToken()).problem(400, "request.invalid"); // minLength
    io.vertx.core.json.JsonArray photos = new io.vertx.core.json.JsonArray();
    for (int i = 0; i < 10; i++) {
      photos.add("https://img.example.cn/" + i + ".jpg");
    }
    post("/api/v1/requests", request.copy().put("photoUrls", photos), person.accessToken())
        .problem(400, "request.invalid"); // maxItems
    post("/api/v1/requests", request.copy().put("anonymous", "yes"), person.accessToken())
        .problem(400, "request.invalid"); // type
    Api.get("/api/v1/orgs/" + school.rootId + "/children?limit=0", token).problem(400, "request.invalid"); // minimum
    Api.get("/api/v1/auth/web-tickets/NOT-A-TICKET", null).problem(400, "request.invalid"); // pattern
    Api.get("/api/v1/auth/web-tickets/abcdefghijkmnpqr", null, java.util.Map.of("X-Poll-Token", "x".repeat(101)))
        .problem(400, "request.invalid"); // header maxLength
    Api.postRaw("/api/v1/requests", "category=x".getBytes(StandardCharsets.UTF_8), "application/x-www-form-urlencoded",
        person.accessToken()).expect(400); // media type the operation does not take
    Api.postRaw("/api/v1/requests", new byte[0], "application/json", person.accessToken())
        .problem(400, "request.invalid"); // required body missing
    assertEquals(0, TestServer.get().count("SELECT count(*) FROM requests WHERE requester_id = '" + person.id() + "'"));
  }

  @Test
  @DisplayName("unknown paths and methods answer problem+json too, never HTML")
  void unknownRoutes() {
    Api.get("/api/v1/no-such-thing", null).problem(404, "not_found");
    Api.get("/nothing-here", null).problem(404, "not_found");
  }
}
