package cn.zhibu.statistics;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** 党内统计 of a college: people by stage and category, party members' make-up, orgs, 双带头人 and development. */
class StatisticsApiTest {

  private static LocalDate today() {
    return LocalDate.now(TestServer.get().clock.withZone(ZoneId.of("Asia/Shanghai")));
  }

  private static void profile(Api.Session who, JsonObject fields, Api.Session by) {
    Api.send("PATCH", "/api/v1/people/" + who.id() + "/profile", fields, by.accessToken(), Map.of()).expect(200);
  }

  private static int count(JsonArray counts, String key) {
    return counts.stream().map(JsonObject.class::cast).filter(c -> key.equals(c.getString("key"))).findFirst()
        .orElseThrow().getInteger("count");
  }

  private static JsonObject row(JsonArray people, String category) {
    return people.stream().map(JsonObject.class::cast).filter(r -> java.util.Objects.equals(category, r.getString("category")))
        .findFirst().orElseThrow();
  }

  @Test
  @DisplayName("a college's 党内统计 counts its rosters by stage × category, its members' make-up and its teacher branches' 双带头人")
  void statistics() {
    School school = School.create();
    Api.Session admin = school.adminOf(school.collegeId);
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session teacher = school.memberOf(school.branchA);
    Api.Session student = school.bound(school.branchB, "probationary", "member");
    post("/api/v1/orgs/" + school.branchB + "/roster", new JsonObject().put("entries", new JsonArray()
        .add(new JsonObject().put("number", School.uniqueNumber()).put("name", "周积极").put("stage", "入党积极分子")
            .put("category", "学生"))
        .add(new JsonObject().put("number", School.uniqueNumber()).put("name", "吴申请").put("stage", "applicant")
            .put("category", "student"))), admin.accessToken()).expect(200);
    assertTrue(post("/api/v1/orgs/" + school.branchB + "/roster", new JsonObject().put("entries", new JsonArray()
        .add(new JsonObject().put("number", School.uniqueNumber()).put("name", "郑错").put("stage", "applicant")
            .put("category", "外星人"))), admin.accessToken()).expect(200).json().getJsonArray("errors")
        .getJsonObject(0).getString("message").startsWith("人员类别应为"), "an unknown category is refused in words");
    Api.send("PATCH", "/api/v1/orgs/" + school.branchA, new JsonObject().put("category", "teacher"),
        admin.accessToken(), Map.of()).expect(200);
    Api.send("PATCH", "/api/v1/orgs/" + school.branchB, new JsonObject().put("category", "student"),
        admin.accessToken(), Map.of()).expect(200);
    profile(secretary, new JsonObject().put("category", "teacher").put("dualLeader", true).put("gender", "female")
        .put("ethnicity", "汉族").put("birthDate", today().minusYears(45).toString()).put("education", "doctorate")
        .put("professionalTitle", "副教授"), admin);
    profile(teacher, new JsonObject().put("category", "teacher").put("gender", "male").put("ethnicity", "回族")
        .put("birthDate", today().minusYears(31).toString()).put("education", "master"), admin);
    profile(student, new JsonObject().put("category", "student").put("gender", "female").put("ethnicity", "汉")
        .put("birthDate", today().minusYears(21).toString()).put("education", "bachelor")
        .put("graduatesOn", today().plusMonths(6).toString()), admin);
    assertEquals("副教授", get("/api/v1/people/" + secretary.id() + "/profile", admin.accessToken()).expect(200).json()
        .getString("professionalTitle"));

    JsonObject stats = get("/api/v1/orgs/" + school.collegeId + "/statistics", admin.accessToken()).expect(200).json();
    assertEquals(3, stats.getInteger("partyMembers"));
    JsonObject teachers = row(stats.getJsonArray("people"), "teacher");
    assertEquals(2, teachers.getInteger("full"));
    JsonObject students = row(stats.getJsonArray("people"), "student");
    assertEquals(1, students.getInteger("probationary"));
    assertEquals(1, students.getInteger("activist"), "学生 in an imported file is a student");
    assertEquals(1, students.getInteger("applicant"));
    assertEquals(3, students.getInteger("total"));
    assertEquals(2, count(stats.getJsonArray("gender"), "female"));
    assertEquals(1, count(stats.getJsonArray("ethnicity"), "minority"));
    assertEquals(2, count(stats.getJsonArray("ethnicity"), "han"), "汉 and 汉族 are the same");
    assertEquals(1, count(stats.getJsonArray("ageBands"), "-30"));
    assertEquals(1, count(stats.getJsonArray("ageBands"), "31-35"));
    assertEquals(1, count(stats.getJsonArray("ageBands"), "41-45"));
    assertEquals(1, count(stats.getJsonArray("education"), "doctorate"));
    JsonObject teacherBranches = stats.getJsonObject("teacherBranches");
    assertEquals(1, teacherBranches.getInteger("count"));
    assertEquals(1.0, teacherBranches.getDouble("share"), "seed 002 §14: every teacher branch's secretary a 双带头人");
    assertEquals(2, stats.getJsonArray("orgs").stream().map(JsonObject.class::cast)
        .filter(o -> "branch".equals(o.getString("kind"))).mapToInt(o -> o.getInteger("count")).sum());

    JsonObject before = get("/api/v1/orgs/" + school.collegeId + "/statistics?date=" + today().minusYears(1),
        admin.accessToken()).expect(200).json();
    assertEquals(0, before.getInteger("partyMembers"), "a year ago none of them was on a roster here");

    Api.Res xlsx = get("/api/v1/orgs/" + school.collegeId + "/statistics?format=xlsx", admin.accessToken()).expect(200);
    assertTrue(xlsx.contentType().startsWith("application/vnd.openxmlformats"));
    assertTrue(xlsx.bytes().length > 1000);
    get("/api/v1/orgs/" + school.collegeId + "/statistics", secretary.accessToken()).problem(403, "auth.forbidden");
    get("/api/v1/orgs/" + school.branchA + "/statistics", secretary.accessToken()).expect(200);
    get("/api/v1/orgs/" + school.branchA + "/statistics", teacher.accessToken()).problem(403, "auth.forbidden");
  }

  @Test
  @DisplayName("ages fall in the 党内统计 bands")
  void bands() {
    assertEquals(0, StatisticsService.band(18));
    assertEquals(0, StatisticsService.band(30));
    assertEquals(1, StatisticsService.band(31));
    assertEquals(7, StatisticsService.band(70));
    assertEquals(9, StatisticsService.band(81));
  }
}
