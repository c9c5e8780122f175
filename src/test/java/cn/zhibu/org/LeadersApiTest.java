package cn.zhibu.org;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static cn.zhibu.support.Api.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Leaders on any org: 书记, 副书记 and 支委 with their posts; a college's 班子 from its subtree (api-outline round 3). */
class LeadersApiTest {

  private static JsonObject roles(String... names) {
    JsonArray roles = new JsonArray();
    for (String name : names) {
      roles.add(name);
    }
    return new JsonObject().put("roles", roles);
  }

  private static JsonObject member(School school, String org, Api.Session who) {
    return get("/api/v1/orgs/" + org + "/members?limit=100&q=" + java.net.URLEncoder.encode(who.user().getString("name"),
        java.nio.charset.StandardCharsets.UTF_8), school.rootAdmin.accessToken()).expect(200).json().getJsonArray("items")
        .stream().map(JsonObject.class::cast).filter(m -> who.id().equals(m.getString("personId"))).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("a 副书记 and a 支委 with a post are appointed; the post shows on the roster; a post alone is refused in words")
  void deputiesAndPosts() {
    School school = School.create();
    Api.Session deputy = school.memberOf(school.branchA);
    Api.Session organiser = school.memberOf(school.branchA);
    JsonObject set = put("/api/v1/orgs/" + school.branchA + "/roles/" + deputy.id(), roles("member", "deputy_secretary"),
        school.rootAdmin.accessToken()).expect(200).json();
    assertEquals(List.of("deputy_secretary", "member"), set.getJsonArray("roles").getList());
    put("/api/v1/orgs/" + school.branchA + "/roles/" + organiser.id(), roles("member", "committee").put("post", "组织委员"),
        school.rootAdmin.accessToken()).expect(200);
    JsonObject listed = member(school, school.branchA, organiser);
    assertEquals("组织委员", listed.getString("post"));
    assertTrue(listed.getJsonArray("roles").contains("committee"));
    Api.Res alone = put("/api/v1/orgs/" + school.branchA + "/roles/" + deputy.id(), roles("member").put("post", "宣传委员"),
        school.rootAdmin.accessToken()).problem(422, "roles.post_without_committee");
    assertEquals("分工（如组织委员）只能给支委（委员）或副书记", alone.json().getString("detail"));
    assertTrue(member(school, school.branchA, deputy).getJsonArray("roles").contains("deputy_secretary"), "refused: unchanged");
    // a secretary does not appoint: roles are granted by the admins above
    put("/api/v1/orgs/" + school.branchA + "/roles/" + organiser.id(), roles("member"),
        school.secretaryOf(school.branchA).accessToken()).problem(403, "auth.forbidden");
  }

  @Test
  @DisplayName("a 副书记 organises meetings and sits the 支委会, is held to 56 学时, but approving leave stays with the 书记")
  void deputiesLead() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session deputy = school.bound(school.branchA, "full", "deputy_secretary");
    assertEquals(56, get("/api/v1/me", deputy.accessToken()).expect(200).json().getJsonObject("study")
        .getInteger("requiredHours"));
    Instant now = Instant.now();
    JsonObject committee = post("/api/v1/events", new JsonObject().put("orgId", school.branchA).put("type", "committee_meeting")
        .put("title", "支委会").put("startsAt", now.plusSeconds(3600).toString()).put("endsAt", now.plusSeconds(7200).toString()),
        deputy.accessToken()).expect(201).json();
    assertEquals(2, committee.getInteger("expected"), "the secretary and the deputy sit the 支委会");
    Api.Session member = school.memberOf(school.branchA);
    String assembly = post("/api/v1/events", new JsonObject().put("orgId", school.branchA).put("type", "branch_assembly")
        .put("title", "党员大会").put("startsAt", now.plusSeconds(3600).toString()).put("endsAt", now.plusSeconds(7200).toString()),
        deputy.accessToken()).expect(201).json().getString("id");
    String leave = post("/api/v1/events/" + assembly + "/leaves", new JsonObject().put("reason", "出差"), member.accessToken())
        .expect(201).json().getString("id");
    get("/api/v1/orgs/" + school.branchA + "/leaves?status=pending", deputy.accessToken()).expect(200);
    post("/api/v1/leaves/" + leave + "/decision", new JsonObject().put("approve", true), deputy.accessToken())
        .problem(403, "auth.forbidden");
    post("/api/v1/leaves/" + leave + "/decision", new JsonObject().put("approve", true), secretary.accessToken()).expect(200);
  }

  @Test
  @DisplayName("a college's 班子 are party members of its branches, not of its own roster; membership there still needs the roster")
  void collegeTeam() {
    School school = School.create();
    Api.Session teacher = school.memberOf(school.branchA);
    JsonObject set = put("/api/v1/orgs/" + school.collegeId + "/roles/" + teacher.id(), roles("committee").put("post", "组织委员"),
        school.rootAdmin.accessToken()).expect(200).json();
    assertEquals("组织委员", set.getString("post"));
    put("/api/v1/orgs/" + school.collegeId + "/roles/" + teacher.id(), roles("member", "committee"),
        school.rootAdmin.accessToken()).problem(422, "roles.not_on_roster");
    Instant now = Instant.now();
    post("/api/v1/events", new JsonObject().put("orgId", school.collegeId).put("type", "training").put("title", "学院中心组学习")
        .put("startsAt", now.plusSeconds(3600).toString()).put("endsAt", now.plusSeconds(7200).toString()),
        teacher.accessToken()).expect(201);
    // someone of another college's branch is not this college's to lead (the root admin sees both: said, not hidden)
    School other = School.create();
    Api.Session outsider = other.memberOf(other.branchA);
    put("/api/v1/orgs/" + school.collegeId + "/roles/" + outsider.id(), roles("committee"), school.rootAdmin.accessToken())
        .problem(422, "roles.not_on_roster");
  }
}
