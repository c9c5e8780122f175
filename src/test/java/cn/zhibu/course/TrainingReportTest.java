package cn.zhibu.course;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static cn.zhibu.support.Api.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Leaders are judged on 56 学时 with a 集中培训 (seed 002 §6), branch secretaries on a training each half-year (seed 001 二.2). */
class TrainingReportTest {

  private static JsonObject leader(JsonObject report, String personId) {
    return report.getJsonArray("leaders").stream().map(JsonObject.class::cast)
        .filter(l -> personId.equals(l.getString("personId"))).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("a college trains its leaders: the training report and /me/study judge 56 h with a 集中培训, and a branch secretary on each half-year")
  void leadersTraining() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session teamMember = school.memberOf(school.branchB);
    put("/api/v1/orgs/" + school.collegeId + "/roles/" + teamMember.id(), new JsonObject()
        .put("roles", new JsonArray().add("committee")).put("post", "组织委员"), school.rootAdmin.accessToken()).expect(200);
    Api.Session member = school.memberOf(school.branchA);
    Api.Session collegeAdmin = school.adminOf(school.collegeId);

    // a 3-hour 集中培训 for the leaders below the college, 3 学时, attended by both
    Instant now = Instant.now();
    String training = post("/api/v1/events", new JsonObject().put("orgId", school.collegeId).put("type", "training")
        .put("title", "基层党组织书记和班子成员培训").put("startsAt", now.plusSeconds(60).toString())
        .put("endsAt", now.plusSeconds(60 + 3 * 3600).toString()).put("audience", new JsonObject().put("kind", "leaders")),
        collegeAdmin.accessToken()).expect(201).json().getString("id");
    Api.send("PATCH", "/api/v1/events/" + training, new JsonObject().put("studyHours", 3), collegeAdmin.accessToken(), Map.of())
        .expect(200);
    for (Api.Session who : new Api.Session[] {secretary, teamMember}) {
      String code = get("/api/v1/events/" + training + "/checkin-code", collegeAdmin.accessToken()).expect(200).json()
          .getString("code");
      post("/api/v1/events/" + training + "/checkins", new JsonObject().put("code", code), who.accessToken()).expect(201);
    }

    JsonObject mine = get("/api/v1/me/study", teamMember.accessToken()).expect(200).json();
    assertEquals(56, mine.getInteger("requiredHours"), "a 院级党委 委员 is held to 56 h");
    assertTrue(mine.getBoolean("trainingRequired"));
    assertTrue(mine.getBoolean("trainingAttended"));
    assertFalse(mine.getBoolean("meetsRequirement"), "3 of 56 hours");
    JsonObject plain = get("/api/v1/me/study", member.accessToken()).expect(200).json();
    assertEquals(32, plain.getInteger("requiredHours"));
    assertFalse(plain.getBoolean("trainingRequired"));

    JsonObject report = get("/api/v1/orgs/" + school.collegeId + "/training-report", collegeAdmin.accessToken()).expect(200)
        .json();
    JsonObject sec = leader(report, secretary.id());
    JsonObject team = leader(report, teamMember.id());
    assertEquals(3.0, sec.getDouble("collectiveHours"), 1e-9);
    assertTrue(sec.getBoolean("hadTraining"));
    assertFalse(sec.getBoolean("meets56h"));
    boolean secondHalf = now.atZone(ZoneId.of("Asia/Shanghai")).getMonthValue() > 6;
    assertEquals(secondHalf ? 0 : 1, sec.getInteger("trainingsFirstHalf"));
    assertEquals(secondHalf ? 1 : 0, sec.getInteger("trainingsSecondHalf"));
    assertFalse(sec.getBoolean("trainedEachHalf"), "one half only");
    assertEquals(null, team.getValue("trainedEachHalf"), "the half-year rule is for branch secretaries");
    assertTrue(team.getJsonArray("roles").contains("committee"));
    assertTrue(report.getJsonArray("leaders").stream().map(JsonObject.class::cast)
        .noneMatch(l -> member.id().equals(l.getString("personId"))), "members are not in the leaders' report");

    JsonObject study = get("/api/v1/orgs/" + school.branchA + "/study-report", secretary.accessToken()).expect(200).json();
    JsonObject secRow = study.getJsonArray("members").stream().map(JsonObject.class::cast)
        .filter(m -> secretary.id().equals(m.getString("personId"))).findFirst().orElseThrow();
    assertTrue(secRow.getBoolean("trainingRequired") && secRow.getBoolean("trainingAttended"));
    assertFalse(secRow.getBoolean("meetsRequirement"));

    get("/api/v1/orgs/" + school.collegeId + "/training-report", member.accessToken()).problem(403, "auth.forbidden");
    Api.Res xlsx = get("/api/v1/orgs/" + school.collegeId + "/training-report?format=xlsx", collegeAdmin.accessToken())
        .expect(200);
    assertTrue(xlsx.contentType().contains("spreadsheetml"));
  }
}
