package cn.zhibu.org;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static cn.zhibu.support.Api.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Every call is checked against the caller's org subtree and role. */
class ScopeTest {
  static School school;
  static School otherCollege;
  static Api.Session secretaryA;
  static Api.Session memberA;
  static Api.Session memberB;
  static Api.Session collegeAdmin;

  @BeforeAll
  static void setUp() {
    school = School.create();
    otherCollege = School.create();
    secretaryA = school.secretaryOf(school.branchA);
    memberA = school.memberOf(school.branchA);
    memberB = school.memberOf(school.branchB);
    collegeAdmin = school.adminOf(school.collegeId);
  }

  private static JsonObject roles(String... roles) {
    return new JsonObject().put("roles", new JsonArray(java.util.List.of((Object[]) roles)));
  }

  @Test
  @DisplayName("a secretary of branch A cannot list, import into or manage branch B")
  void secretaryStaysInBranch() {
    get("/api/v1/orgs/" + school.branchA + "/members", secretaryA.accessToken()).expect(200);
    get("/api/v1/orgs/" + school.branchB + "/members", secretaryA.accessToken()).problem(403, "auth.forbidden");
    post("/api/v1/orgs/" + school.branchB + "/roster", new JsonObject().put("entries", new JsonArray()
        .add(new JsonObject().put("number", School.uniqueNumber()).put("name", "越界").put("stage", "full"))),
        secretaryA.accessToken()).problem(403, "auth.forbidden");
    put("/api/v1/orgs/" + school.branchA + "/roles/" + memberA.id(), roles("committee", "member"),
        secretaryA.accessToken()).problem(403, "auth.forbidden");
    get("/api/v1/orgs/" + school.branchA + "/audit-log", secretaryA.accessToken()).problem(403, "auth.forbidden");
  }

  @Test
  @DisplayName("an admin of college C manages C's branches but nothing in college D")
  void collegeAdminStaysInCollege() {
    get("/api/v1/orgs/" + school.branchB + "/members", collegeAdmin.accessToken()).expect(200);
    get("/api/v1/orgs/" + otherCollege.branchA + "/members", collegeAdmin.accessToken()).problem(403, "auth.forbidden");
    post("/api/v1/orgs", new JsonObject().put("parentId", otherCollege.collegeId).put("name", "越界支部")
        .put("kind", "branch"), collegeAdmin.accessToken()).problem(403, "auth.forbidden");
    Api.Session outsider = otherCollege.memberOf(otherCollege.branchA);
    put("/api/v1/orgs/" + school.branchA + "/roles/" + outsider.id(), roles("member"), collegeAdmin.accessToken())
        .problem(404, "not_found");
    post("/api/v1/orgs/" + school.branchA + "/members/" + outsider.id() + "/anonymise", null,
        collegeAdmin.accessToken()).problem(404, "not_found");
    get("/api/v1/orgs/" + otherCollege.collegeId + "/audit-log", collegeAdmin.accessToken()).problem(403, "auth.forbidden");
  }

  @Test
  @DisplayName("a member sees their own chain of orgs but no rosters, and not other colleges")
  void memberSeesOwnChain() {
    get("/api/v1/orgs/" + school.branchA, memberA.accessToken()).expect(200);
    get("/api/v1/orgs/" + school.collegeId, memberA.accessToken()).expect(200);
    get("/api/v1/orgs/" + school.branchB, memberA.accessToken()).problem(403, "auth.forbidden");
    get("/api/v1/orgs/" + otherCollege.collegeId, memberA.accessToken()).problem(403, "auth.forbidden");
    get("/api/v1/orgs/" + school.branchA + "/members", memberA.accessToken()).problem(403, "auth.forbidden");
    // a made-up org is answered like one outside reach, so nobody lists orgs by telling the two apart
    get("/api/v1/orgs/00000000-0000-0000-0000-000000000000", memberA.accessToken()).problem(403, "auth.forbidden");
  }

  @Test
  @DisplayName("a resident (not bound) can read the root org and nothing else")
  void residentSeesRoot() {
    Api.Session resident = Api.newcomer();
    get("/api/v1/orgs/root", resident.accessToken()).expect(200);
    get("/api/v1/orgs/" + school.collegeId, resident.accessToken()).problem(403, "auth.forbidden");
    post("/api/v1/orgs", new JsonObject().put("parentId", school.rootId).put("name", "x").put("kind", "college"),
        resident.accessToken()).problem(403, "auth.forbidden");
  }

  @Test
  @DisplayName("a role change takes effect on the person's very next request, with the same token")
  void roleChangesApplyAtOnce() {
    Api.Session member = school.memberOf(school.branchB);
    get("/api/v1/orgs/" + school.branchB + "/members", member.accessToken()).problem(403, "auth.forbidden");
    put("/api/v1/orgs/" + school.branchB + "/roles/" + member.id(), roles("member", "secretary"),
        collegeAdmin.accessToken()).expect(200);
    get("/api/v1/orgs/" + school.branchB + "/members", member.accessToken()).expect(200);
    put("/api/v1/orgs/" + school.branchB + "/roles/" + member.id(), roles("member"), collegeAdmin.accessToken())
        .expect(200);
    get("/api/v1/orgs/" + school.branchB + "/members", member.accessToken()).problem(403, "auth.forbidden");
  }

  @Test
  @DisplayName("admins are appointed from above: a college admin cannot make another college admin")
  void adminFromAbove() {
    Api.Session colleague = school.memberOf(school.branchA);
    put("/api/v1/orgs/" + school.collegeId + "/roles/" + colleague.id(), roles("admin"), collegeAdmin.accessToken())
        .problem(403, "auth.forbidden");
    put("/api/v1/orgs/" + school.branchA + "/roles/" + colleague.id(), roles("member", "admin"),
        collegeAdmin.accessToken()).expect(200);
    Api.Res applicantRole = put("/api/v1/orgs/" + school.branchA + "/roles/" + school.bound(school.branchA,
        "activist", "member").id(), roles("committee"), collegeAdmin.accessToken());
    applicantRole.problem(422, "roles.not_a_party_member");
  }

  @Test
  @DisplayName("anonymising a person erases their personal data, ends their sessions, and is audited")
  void anonymise() {
    Api.Session leaving = school.memberOf(school.branchA);
    JsonObject before = get("/api/v1/me", leaving.accessToken()).expect(200).json();
    assertTrue(before.getBoolean("bound"));
    post("/api/v1/orgs/" + school.branchA + "/members/" + leaving.id() + "/anonymise", null,
        collegeAdmin.accessToken()).expect(200);
    get("/api/v1/me", leaving.accessToken()).problem(401, "auth.session_revoked");
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM persons WHERE id = '" + leaving.id()
        + "' AND name IS NULL AND number IS NULL AND openid IS NULL AND phone IS NULL"));
    JsonArray log = get("/api/v1/orgs/" + school.collegeId + "/audit-log?limit=50", collegeAdmin.accessToken())
        .expect(200).json().getJsonArray("items");
    assertTrue(log.stream().map(JsonObject.class::cast).anyMatch(e -> "person.anonymise".equals(e.getString("action"))
        && ("person:" + leaving.id()).equals(e.getString("target")) && e.getString("ip") != null
        && collegeAdmin.id().equals(e.getString("actorId"))));
  }

  @Test
  @DisplayName("the audit log cannot be changed, even by SQL")
  void auditAppendOnly() {
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> TestServer.get().execute("UPDATE audit_log SET action = 'forged'"));
    org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> TestServer.get().execute("DELETE FROM audit_log"));
  }

  @Test
  @DisplayName("org kinds nest as the tree allows: no branch under a branch, no second school")
  void orgKinds() {
    School.org(school.rootAdmin, school.rootId, "直属党支部-" + java.util.UUID.randomUUID(), "branch");
    post("/api/v1/orgs", new JsonObject().put("parentId", school.branchA).put("name", "子支部").put("kind", "branch"),
        school.rootAdmin.accessToken()).problem(422, "org.invalid_kind");
    post("/api/v1/orgs", new JsonObject().put("parentId", school.rootId).put("name", "另一所学校").put("kind", "school"),
        school.rootAdmin.accessToken()).problem(422, "org.invalid_kind");
    String name = "同名-" + java.util.UUID.randomUUID();
    School.org(school.rootAdmin, school.collegeId, name, "branch");
    post("/api/v1/orgs", new JsonObject().put("parentId", school.collegeId).put("name", name).put("kind", "branch"),
        school.rootAdmin.accessToken()).problem(409, "org.duplicate_name");
  }
}
