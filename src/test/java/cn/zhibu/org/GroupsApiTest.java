package cn.zhibu.org;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static cn.zhibu.support.Api.put;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A branch sets up its own 党小组 and puts its members in; the group lists them. */
class GroupsApiTest {

  private static Api.Res create(Api.Session who, String parentId, String name, String kind) {
    return post("/api/v1/orgs", new JsonObject().put("parentId", parentId).put("name", name).put("kind", kind),
        who.accessToken());
  }

  private static List<String> names(String orgId, Api.Session who) {
    return get("/api/v1/orgs/" + orgId + "/members?limit=100", who.accessToken()).expect(200).json()
        .getJsonArray("items").stream().map(m -> ((JsonObject) m).getString("name")).sorted().toList();
  }

  @Test
  @DisplayName("a branch secretary creates a 党小组 under their branch (not elsewhere, not a branch); its members are those put in")
  void groups() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session a = school.memberOf(school.branchA);
    Api.Session b = school.memberOf(school.branchA);
    String group = create(secretary, school.branchA, "第一党小组", "group").expect(201).json().getString("id");
    create(secretary, school.branchB, "第一党小组", "group").problem(403, "auth.forbidden");
    create(secretary, school.collegeId, "新支部", "branch").problem(403, "auth.forbidden");
    create(secretary, school.branchA, "第一党小组", "group").problem(409, "org.duplicate_name");
    create(a, school.branchA, "第二党小组", "group").problem(403, "auth.forbidden");

    assertEquals(List.of(), names(group, secretary), "a new group has nobody in it");
    put("/api/v1/orgs/" + group + "/roles/" + a.id(), new JsonObject().put("roles", new JsonArray().add("member")),
        secretary.accessToken()).expect(200);
    put("/api/v1/orgs/" + group + "/roles/" + b.id(), new JsonObject().put("roles", new JsonArray().add("member")),
        secretary.accessToken()).expect(200);
    assertEquals(List.of(a.user().getString("name"), b.user().getString("name")).stream().sorted().toList(),
        names(group, secretary));
    put("/api/v1/orgs/" + group + "/roles/" + b.id(), new JsonObject().put("roles", new JsonArray()),
        secretary.accessToken()).expect(200);
    assertEquals(List.of(a.user().getString("name")), names(group, secretary), "taken out, no longer listed");
    assertEquals(true, names(school.branchA, secretary).contains(b.user().getString("name")), "still on the branch's roster");
    get("/api/v1/orgs/" + group + "/members", a.accessToken()).problem(403, "auth.forbidden");
  }
}
