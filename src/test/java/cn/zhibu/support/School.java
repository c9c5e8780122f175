package cn.zhibu.support;

import static cn.zhibu.support.Api.post;
import static cn.zhibu.support.Api.put;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * A fresh corner of the org tree for one test class: a college with two branches, built through the API
 * by the root admin, and helpers that put bound people with roles into it.
 */
public final class School {
  public final Api.Session rootAdmin;
  public final String rootId;
  public final String collegeId;
  public final String branchA;
  public final String branchB;

  private School(Api.Session rootAdmin, String rootId, String collegeId, String branchA, String branchB) {
    this.rootAdmin = rootAdmin;
    this.rootId = rootId;
    this.collegeId = collegeId;
    this.branchA = branchA;
    this.branchB = branchB;
  }

  public static School create() {
    Api.Session admin = Api.rootAdmin();
    String rootId = Api.get("/api/v1/orgs/root", admin.accessToken()).expect(200).json().getString("id");
    String tag = UUID.randomUUID().toString().substring(0, 8);
    String college = org(admin, rootId, "学院-" + tag, "college");
    return new School(admin, rootId, college, org(admin, college, "支部A-" + tag, "branch"),
        org(admin, college, "支部B-" + tag, "branch"));
  }

  public static String org(Api.Session admin, String parentId, String name, String kind) {
    return post("/api/v1/orgs", new JsonObject().put("parentId", parentId).put("name", name).put("kind", kind),
        admin.accessToken()).expect(201).json().getString("id");
  }

  /**
   * {@code days} days ago at 10:00 Beijing time: self-reported hours must fall within one day, so a test that
   * reports "yesterday, an hour or two" must not straddle midnight whatever the hour the suite runs.
   */
  public static java.time.Instant daysAgoAtTen(int days) {
    java.time.ZoneId beijing = java.time.ZoneId.of("Asia/Shanghai");
    return java.time.LocalDate.now(beijing).minusDays(days).atTime(10, 0).atZone(beijing).toInstant();
  }

  public static String uniqueNumber() {
    return "N" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /**
   * Puts a new roster entry on {@code branchId} and binds a new WeChat login to it; a committee or secretary
   * role is then appointed by the root admin through the roles endpoint (roster import never grants it).
   */
  public Api.Session bound(String branchId, String stage, String role) {
    String number = uniqueNumber();
    String name = "测试" + number.substring(1, 5);
    JsonObject result = post("/api/v1/orgs/" + branchId + "/roster", new JsonObject().put("entries", new JsonArray()
            .add(new JsonObject().put("number", number).put("name", name).put("stage", stage).put("role", "member"))),
        rootAdmin.accessToken()).expect(200).json();
    String code = result.getJsonArray("activationCodes").getJsonObject(0).getString("code");
    Api.Session login = Api.newcomer();
    post("/api/v1/auth/bind", new JsonObject().put("number", number).put("name", name).put("activationCode", code),
        login.accessToken()).expect(200);
    if (!"member".equals(role)) {
      put("/api/v1/orgs/" + branchId + "/roles/" + login.id(), new JsonObject().put("roles", new JsonArray()
          .add("member").add(role)), rootAdmin.accessToken()).expect(200);
    }
    return new Api.Session(login.accessToken(), login.refreshToken(),
        Api.get("/api/v1/me", login.accessToken()).expect(200).json());
  }

  public Api.Session secretaryOf(String branchId) {
    return bound(branchId, "full", "secretary");
  }

  public Api.Session memberOf(String branchId) {
    return bound(branchId, "full", "member");
  }

  /** A new person made admin of {@code orgId} by the root admin. */
  public Api.Session adminOf(String orgId) {
    Api.Session person = Api.newcomer();
    put("/api/v1/orgs/" + orgId + "/roles/" + person.id(), new JsonObject().put("roles", new JsonArray().add("admin")),
        rootAdmin.accessToken()).expect(200);
    return person;
  }
}
