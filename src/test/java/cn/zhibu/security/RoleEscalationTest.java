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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Finding 2 of the outside security test: a secretary appointing secretaries through roster import. */
class RoleEscalationTest {
  static School school;
  static Api.Session secretary;

  @BeforeAll
  static void setUp() {
    school = School.create();
    secretary = school.secretaryOf(school.branchA);
  }

  private static JsonObject importRow(String number, String name, String stage, String role) {
    return post("/api/v1/orgs/" + school.branchA + "/roster", new JsonObject().put("entries", new JsonArray()
        .add(new JsonObject().put("number", number).put("name", name).put("stage", stage).put("role", role))),
        secretary.accessToken()).expect(200).json();
  }

  private static Api.Session bindTo(String number, String name, JsonObject imported) {
    Api.Session login = Api.newcomer();
    post("/api/v1/auth/bind", new JsonObject().put("number", number).put("name", name).put("activationCode",
        imported.getJsonArray("activationCodes").getJsonObject(0).getString("code")), login.accessToken()).expect(200);
    return login;
  }

  private static boolean holds(Api.Session who, String role) {
    return get("/api/v1/me", who.accessToken()).expect(200).json().getJsonArray("roles").stream()
        .map(JsonObject.class::cast).anyMatch(r -> role.equals(r.getString("role")));
  }

  @Test
  @DisplayName("a secretary importing a row as 书记 gets a member with a warning, and the puppet cannot approve anything")
  void importNeverAppoints() {
    String number = School.uniqueNumber();
    JsonObject imported = importRow(number, "傀儡", "full", "书记");
    assertEquals(1, imported.getJsonArray("warnings").size(), imported.encode());
    Api.Session puppet = bindTo(number, "傀儡", imported);
    assertTrue(holds(puppet, "member"));
    assertFalse(holds(puppet, "secretary"), "roster import never grants secretary");

    // The secretary asks for leave; the puppet tries to approve it.
    String event = post("/api/v1/events", new JsonObject().put("orgId", school.branchA).put("type", "party_day")
        .put("title", "主题党日").put("startsAt", java.time.Instant.now().plusSeconds(3600).toString())
        .put("endsAt", java.time.Instant.now().plusSeconds(7200).toString()), secretary.accessToken())
        .expect(201).json().getString("id");
    String leave = post("/api/v1/events/" + event + "/leaves", new JsonObject().put("reason", "出差"),
        secretary.accessToken()).expect(201).json().getString("id");
    Api.Res refused = post("/api/v1/leaves/" + leave + "/decision", new JsonObject().put("approve", true),
        puppet.accessToken());
    assertTrue(refused.status() == 403 || refused.status() == 404, refused.body());
    assertEquals(0, TestServer.get().count("SELECT count(*) FROM leaves WHERE id = '" + leave
        + "' AND status = 'approved'"));
  }

  @Test
  @DisplayName("re-importing a member as 支委 never promotes; an admin's appointment survives re-imports")
  void reimportNeverPromotes() {
    String number = School.uniqueNumber();
    Api.Session person = bindTo(number, "钱进", importRow(number, "钱进", "full", "member"));
    importRow(number, "钱进", "full", "committee");
    assertFalse(holds(person, "committee"));

    Api.put("/api/v1/orgs/" + school.branchA + "/roles/" + person.id(), new JsonObject().put("roles",
        new JsonArray().add("member").add("committee")), school.rootAdmin.accessToken()).expect(200);
    JsonObject again = importRow(number, "钱进", "full", "member");
    assertEquals(0, again.getJsonArray("warnings").size());
    assertTrue(holds(person, "committee"), "an import does not undo an admin's appointment");

    // Nor can an import strip a committee member of party membership behind the admin's back.
    JsonObject demote = importRow(number, "钱进", "activist", "member");
    assertEquals(1, demote.getJsonArray("errors").size(), demote.encode());
    assertTrue(holds(person, "committee"));
  }

  @Test
  @DisplayName("a secretary cannot appoint through the roles endpoint either: only an admin can")
  void rolesEndpointIsForAdmins() {
    String number = School.uniqueNumber();
    Api.Session person = bindTo(number, "孙立", importRow(number, "孙立", "full", "member"));
    Api.put("/api/v1/orgs/" + school.branchA + "/roles/" + person.id(), new JsonObject().put("roles",
        new JsonArray().add("member").add("secretary")), secretary.accessToken()).problem(403, "auth.forbidden");
    assertFalse(holds(person, "secretary"));
  }
}
