package cn.zhibu.transfer;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** 组织关系转接: inside the school with history kept, outside it with a letter, decided by the right side only. */
class TransferApiTest {

  static String event(Api.Session secretary, String orgId, Instant starts) {
    return post("/api/v1/events", new JsonObject().put("orgId", orgId).put("type", "party_day").put("title", "主题党日")
        .put("startsAt", starts.toString()).put("endsAt", starts.plus(Duration.ofHours(2)).toString()),
        secretary.accessToken()).expect(201).json().getString("id");
  }

  @Test
  @DisplayName("inside the school: the receiving branch approves; the person moves, future meetings forget them, past ones and points stay")
  void internal() {
    School school = School.create();
    Api.Session secretaryA = school.secretaryOf(school.branchA);
    Api.Session secretaryB = school.secretaryOf(school.branchB);
    Api.Session member = school.memberOf(school.branchA);
    String now = event(secretaryA, school.branchA, Instant.now().minus(Duration.ofMinutes(5)));
    String code = get("/api/v1/events/" + now + "/checkin-code", secretaryA.accessToken()).expect(200).json().getString("code");
    post("/api/v1/events/" + now + "/checkins", new JsonObject().put("code", code), member.accessToken()).expect(201);
    String later = event(secretaryA, school.branchA, Instant.now().plus(Duration.ofDays(3)));
    post("/api/v1/events/" + later + "/leaves", new JsonObject().put("reason", "实习"), member.accessToken()).expect(201);
    long points = get("/api/v1/me/points", member.accessToken()).expect(200).json().getLong("totalThisYear");

    post("/api/v1/transfers", new JsonObject().put("personId", member.id()).put("reason", "毕业")
        .put("toOrgId", school.branchB).put("toExternal", new JsonObject().put("organisation", "某单位")),
        secretaryA.accessToken()).problem(422, "transfer.destination");
    post("/api/v1/transfers", new JsonObject().put("personId", member.id()).put("reason", "转专业")
        .put("toOrgId", school.collegeId), secretaryA.accessToken()).problem(422, "transfer.not_a_branch");
    JsonObject asked = post("/api/v1/transfers", new JsonObject().put("personId", member.id()).put("reason", "转专业")
        .put("toOrgId", school.branchB), secretaryA.accessToken()).expect(201).json();
    String id = asked.getString("id");
    assertEquals("pending", asked.getString("status"));
    post("/api/v1/transfers", new JsonObject().put("personId", member.id()).put("reason", "again")
        .put("toOrgId", school.branchB), secretaryA.accessToken()).problem(409, "transfer.pending");
    post("/api/v1/transfers/" + id + "/decision", new JsonObject().put("approve", true), secretaryA.accessToken())
        .problem(422, "transfer.own_decision");
    post("/api/v1/transfers/" + id + "/decision", new JsonObject().put("approve", true), member.accessToken())
        .problem(422, "transfer.own_decision");
    JsonObject approved = post("/api/v1/transfers/" + id + "/decision", new JsonObject().put("approve", true),
        secretaryB.accessToken()).expect(200).json();
    assertEquals("approved", approved.getString("status"));
    post("/api/v1/transfers/" + id + "/decision", new JsonObject().put("approve", false), secretaryB.accessToken())
        .problem(409, "transfer.already_decided");

    assertEquals(school.branchB, TestServer.get().text("SELECT org_id::text FROM persons WHERE id = '" + member.id() + "'"));
    JsonObject past = get("/api/v1/events/" + now + "/attendance", secretaryA.accessToken()).expect(200).json();
    assertTrue(past.getJsonArray("members").stream().map(JsonObject.class::cast)
        .anyMatch(m -> member.id().equals(m.getString("personId")) && "checked_in".equals(m.getString("status"))),
        "the check-in stays with the meeting where it was made");
    JsonObject future = get("/api/v1/events/" + later + "/attendance", secretaryA.accessToken()).expect(200).json();
    assertTrue(future.getJsonArray("members").stream().map(JsonObject.class::cast)
        .noneMatch(m -> member.id().equals(m.getString("personId"))), "no longer expected at the old branch's next meeting");
    assertEquals(points, get("/api/v1/me/points", member.accessToken()).expect(200).json().getLong("totalThisYear"));
    get("/api/v1/transfers/" + id + "/letter", secretaryB.accessToken()).expect(200);
  }

  @Test
  @DisplayName("out of the school: the org above the branch approves, the person leaves the tree, and the letter is a PNG")
  void external() {
    School school = School.create();
    Api.Session secretaryA = school.secretaryOf(school.branchA);
    Api.Session collegeAdmin = school.adminOf(school.collegeId);
    Api.Session member = school.memberOf(school.branchA);
    String id = post("/api/v1/transfers", new JsonObject().put("personId", member.id()).put("reason", "毕业离校")
        .put("toExternal", new JsonObject().put("organisation", "中共某市某区委组织部").put("address", "某市某区人民路1号")),
        secretaryA.accessToken()).expect(201).json().getString("id");
    get("/api/v1/transfers/" + id + "/letter", secretaryA.accessToken()).problem(409, "transfer.not_approved");
    get("/api/v1/transfers/" + id, school.secretaryOf(school.branchB).accessToken()).problem(404, "not_found");
    post("/api/v1/transfers/" + id + "/decision", new JsonObject().put("approve", true), school.secretaryOf(school.branchB)
        .accessToken()).problem(404, "not_found");
    JsonObject decided = post("/api/v1/transfers/" + id + "/decision", new JsonObject().put("approve", true)
        .put("note", "同意转出"), collegeAdmin.accessToken()).expect(200).json();
    assertEquals("中共某市某区委组织部", decided.getJsonObject("toExternal").getString("organisation"));
    assertNull(TestServer.get().text("SELECT org_id::text FROM persons WHERE id = '" + member.id() + "'"));
    assertEquals(0, TestServer.get().count("SELECT count(*) FROM org_roles WHERE role = 'member' AND person_id = '"
        + member.id() + "'"));
    Api.Res letter = get("/api/v1/transfers/" + id + "/letter", secretaryA.accessToken()).expect(200);
    assertEquals("image/png", letter.contentType());
    assertTrue(letter.bytes().length > 1000);
    assertEquals(2, TestServer.get().count("SELECT count(*) FROM audit_log WHERE target = 'transfer:" + id + "'"));
    assertTrue(get("/api/v1/transfers?orgId=" + school.branchA, secretaryA.accessToken()).expect(200).json()
        .getJsonArray("items").stream().anyMatch(t -> id.equals(((JsonObject) t).getString("id"))));
  }
}
