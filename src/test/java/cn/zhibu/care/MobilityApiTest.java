package cn.zhibu.care;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** 流动党员: recorded away and back by the branch, listed with overdue returns first. */
class MobilityApiTest {

  private static LocalDate today() {
    return LocalDate.now(TestServer.get().clock.withZone(ZoneId.of("Asia/Shanghai")));
  }

  @Test
  @DisplayName("the secretary records members away with where and until when; overdue returns come first; back clears it; nobody else may")
  void register() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session intern = school.memberOf(school.branchA);
    Api.Session late = school.memberOf(school.branchA);
    Api.Session elsewhere = school.memberOf(school.branchB);
    String path = "/api/v1/people/%s/mobility";
    put(path.formatted(intern.id()), new JsonObject().put("status", "mobile"), secretary.accessToken())
        .problem(422, "mobility.destination_required");
    put(path.formatted(intern.id()), new JsonObject().put("status", "mobile").put("destination", "深圳某公司实习")
        .put("since", today().toString()).put("until", today().minusDays(1).toString()), secretary.accessToken())
        .problem(422, "mobility.invalid_dates");
    assertEquals("mobile", put(path.formatted(intern.id()), new JsonObject().put("status", "mobile")
        .put("destination", "深圳某公司实习").put("contact", "13800000000").put("since", today().minusDays(10).toString())
        .put("until", today().plusMonths(3).toString()), secretary.accessToken()).expect(200).json().getString("status"));
    put(path.formatted(late.id()), new JsonObject().put("status", "mobile").put("destination", "西部计划支教")
        .put("since", today().minusYears(1).toString()).put("until", today().minusDays(5).toString()), secretary.accessToken())
        .expect(200);
    put(path.formatted(elsewhere.id()), new JsonObject().put("status", "mobile").put("destination", "北京"),
        secretary.accessToken()).problem(404, "not_found");
    put(path.formatted(late.id()), new JsonObject().put("status", "mobile").put("destination", "北京"),
        intern.accessToken()).problem(404, "not_found");

    JsonArray items = get("/api/v1/orgs/" + school.collegeId + "/mobile-members", school.adminOf(school.collegeId)
        .accessToken()).expect(200).json().getJsonArray("items");
    assertEquals(2, items.size());
    assertEquals(late.id(), items.getJsonObject(0).getString("personId"), "the overdue return first");
    assertTrue(items.getJsonObject(0).getBoolean("returnOverdue"));
    assertFalse(items.getJsonObject(1).getBoolean("returnOverdue"));
    assertEquals("深圳某公司实习", items.getJsonObject(1).getString("destination"));

    put(path.formatted(late.id()), new JsonObject().put("status", "none"), secretary.accessToken()).expect(200);
    assertEquals(1, get("/api/v1/orgs/" + school.branchA + "/mobile-members", secretary.accessToken()).expect(200).json()
        .getJsonArray("items").size(), "back: off the register");
    get("/api/v1/orgs/" + school.branchA + "/mobile-members", intern.accessToken()).problem(403, "auth.forbidden");
    assertEquals(3, TestServer.get().count("SELECT count(*) FROM audit_log WHERE action = 'mobility.set' AND target IN ('person:"
        + intern.id() + "', 'person:" + late.id() + "')"));
  }
}
