package cn.zhibu.course;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.put;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The school decides whether online micro-course credit counts toward the year's 学时, and up to how much (issue 30). */
class OnlineStudyRuleTest {

  @AfterEach
  void putTheRuleBack() {
    TestServer.get().execute("UPDATE study_rules SET online_counts = true, online_cap_hours = NULL");
  }

  private static JsonObject rules(JsonObject onlineStudy) {
    JsonObject current = get("/api/v1/compliance-rules", Api.rootAdmin().accessToken()).expect(200).json();
    JsonObject body = new JsonObject().put("rules", current.getJsonArray("rules"));
    if (onlineStudy != null) {
      body.put("onlineStudy", onlineStudy);
    }
    return body;
  }

  @Test
  @DisplayName("online credit counts by default; capped at 4 h it credits 4 of 10; not counted, none — collective and online still reported apart")
  void onlineCredit() {
    School school = School.create();
    Api.Session member = school.memberOf(school.branchA);
    int year = LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear();
    UUID course = UUID.randomUUID();
    TestServer.get().execute("INSERT INTO courses (id, org_id, author_id, title, credit_hours, created_at) VALUES ('" + course
        + "', '" + school.branchA + "', '" + member.id() + "', '网络微党课', 10, now())");
    TestServer.get().execute("INSERT INTO course_completions (person_id, course_id, completed_at, year, credit_hours) VALUES ('"
        + member.id() + "', '" + course + "', now(), " + year + ", 10)");
    JsonObject mine = get("/api/v1/me/study", member.accessToken()).expect(200).json();
    assertEquals(10.0, mine.getDouble("creditedHours"), 1e-9);
    assertEquals(10.0, mine.getDouble("onlineHours"), 1e-9);

    put("/api/v1/compliance-rules", rules(new JsonObject().put("counts", true).put("capHours", 4)),
        school.secretaryOf(school.branchA).accessToken()).problem(403, "auth.forbidden");
    JsonObject set = put("/api/v1/compliance-rules", rules(new JsonObject().put("counts", true).put("capHours", 4)),
        Api.rootAdmin().accessToken()).expect(200).json();
    assertEquals(4.0, set.getJsonObject("onlineStudy").getDouble("capHours"), 1e-9);
    mine = get("/api/v1/me/study", member.accessToken()).expect(200).json();
    assertEquals(4.0, mine.getDouble("creditedHours"), 1e-9, "online credit up to the school's cap");
    assertEquals(10.0, mine.getDouble("onlineHours"), 1e-9, "what was studied online is still shown");
    assertEquals(4.0, get("/api/v1/orgs/" + school.branchA + "/study-report?year=" + year, school.adminOf(school.branchA)
        .accessToken()).expect(200).json().getJsonArray("members").stream().map(JsonObject.class::cast)
        .filter(m -> member.id().equals(m.getString("personId"))).findFirst().orElseThrow().getDouble("hours"), 1e-9,
        "the branch's report judges by the same rule");

    put("/api/v1/compliance-rules", rules(new JsonObject().put("counts", false)), Api.rootAdmin().accessToken()).expect(200);
    assertEquals(0.0, get("/api/v1/me/study", member.accessToken()).expect(200).json().getDouble("creditedHours"), 1e-9,
        "only 集中培训和集体学习 count");
    JsonObject kept = put("/api/v1/compliance-rules", rules(null), Api.rootAdmin().accessToken()).expect(200).json();
    assertEquals(false, kept.getJsonObject("onlineStudy").getBoolean("counts"), "left out of a PUT: unchanged");
  }
}
