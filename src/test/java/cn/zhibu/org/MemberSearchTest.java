package cn.zhibu.org;

import static cn.zhibu.support.Api.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A secretary finds a member by 学号 on the server although numbers are masked to them (issue 28, item 5). */
class MemberSearchTest {

  private static JsonArray search(String orgId, String q, Api.Session who) {
    return get("/api/v1/orgs/" + orgId + "/members?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8),
        who.accessToken()).expect(200).json().getJsonArray("items");
  }

  private static List<String> ids(JsonArray items) {
    return items.stream().map(JsonObject.class::cast).map(m -> m.getString("personId")).toList();
  }

  @Test
  @DisplayName("a full number finds its person, masked as ever; part of a number finds nobody; part of a name finds them")
  void byNumberAndName() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session member = school.memberOf(school.branchA);
    school.memberOf(school.branchA);
    Api.Session elsewhere = school.memberOf(school.branchB);
    String number = TestServer.get().text("SELECT number FROM persons WHERE id = '" + member.id() + "'");
    String name = member.user().getString("name");

    JsonArray found = search(school.branchA, number, secretary);
    assertEquals(List.of(member.id()), ids(found));
    assertNotEquals(number, found.getJsonObject(0).getString("number"), "still masked for a secretary");
    assertTrue(search(school.branchA, number.substring(0, number.length() - 1), secretary).isEmpty(),
        "no match on part of a number: masked digits cannot be guessed one by one");
    assertTrue(ids(search(school.branchA, name.substring(1), secretary)).contains(member.id()));
    String otherNumber = TestServer.get().text("SELECT number FROM persons WHERE id = '" + elsewhere.id() + "'");
    assertTrue(search(school.branchA, otherNumber, secretary).isEmpty(), "only the org's own subtree is searched");
    assertEquals(number, search(school.collegeId, number, school.adminOf(school.collegeId)).getJsonObject(0)
        .getString("number"), "an admin sees the full number");
    get("/api/v1/orgs/" + school.branchA + "/members?q=" + "x".repeat(51), secretary.accessToken())
        .problem(400, "request.invalid");
  }
}
