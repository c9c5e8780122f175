package cn.zhibu.dashboard;

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
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DashboardApiTest {

  @org.junit.jupiter.api.AfterEach
  void resetClock() {
    TestServer.get().clock.reset();
  }

  @Test
  @DisplayName("the dashboard adds up attendance, study, volunteer hours, requests and the top members of the subtree")
  void figures() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session member = school.memberOf(school.branchA);
    Instant now = Instant.now();
    // A 党课 that counts 2 study hours to those present: study on the dashboard is counted as the study pages do.
    String event = post("/api/v1/events", new JsonObject().put("orgId", school.branchA).put("type", "party_lesson")
        .put("title", "专题党课").put("startsAt", now.toString()).put("endsAt", now.plusSeconds(2 * 3_600).toString()),
        secretary.accessToken()).expect(201).json().getString("id");
    String code = get("/api/v1/events/" + event + "/checkin-code", secretary.accessToken()).json().getString("code");
    post("/api/v1/events/" + event + "/checkins", new JsonObject().put("code", code), member.accessToken()).expect(201);
    Api.send("PATCH", "/api/v1/events/" + event, new JsonObject().put("studyHours", 2), secretary.accessToken(),
        java.util.Map.of()).expect(200);
    ZoneId school_ = ZoneId.of("Asia/Shanghai");
    // Two hours of service early today, or yesterday when today is too young for them to be over.
    LocalDate today = java.time.LocalDateTime.now(school_).getHour() >= 3 ? LocalDate.now(school_)
        : LocalDate.now(school_).minusDays(1);
    Instant start = today.atTime(0, 30).atZone(school_).toInstant();
    String record = post("/api/v1/volunteer/records", new JsonObject().put("startedAt", start.toString())
        .put("endedAt", start.plus(Duration.ofHours(2)).toString()).put("description", "服务"), member.accessToken())
        .expect(201).json().getString("id");
    post("/api/v1/volunteer/records/" + record + "/review", new JsonObject().put("approve", true), secretary.accessToken())
        .expect(200);
    post("/api/v1/requests", new JsonObject().put("category", "生活").put("title", "t").put("content", "c")
        .put("orgId", school.branchA), member.accessToken()).expect(201);

    int month = today.getMonthValue();
    int eventMonth = LocalDate.ofInstant(now, school_).getMonthValue();
    Api.Session admin = school.adminOf(school.collegeId);
    assertNull(get("/api/v1/orgs/" + school.collegeId + "/dashboard", admin.accessToken()).expect(200).json()
        .getJsonArray("attendanceByMonth").getJsonObject(eventMonth - 1).getValue("rate"),
        "a meeting still running counts for no month's attendance yet");
    TestServer.get().clock.advance(Duration.ofMinutes(121));
    JsonObject d = get("/api/v1/orgs/" + school.collegeId + "/dashboard", admin.accessToken()).expect(200).json();
    assertEquals(0.5, d.getJsonArray("attendanceByMonth").getJsonObject(eventMonth - 1).getDouble("rate"), 1e-9,
        "one of the two party members checked in");
    assertEquals(2.0, d.getJsonArray("volunteerHoursByMonth").getJsonObject(month - 1).getDouble("hours"), 1e-9);
    assertEquals(2, d.getJsonObject("study").getInteger("members"));
    assertEquals(2.0, get("/api/v1/me/study", member.accessToken()).expect(200).json().getDouble("creditedHours"), 1e-9);
    assertEquals(1.0, d.getJsonObject("study").getDouble("averageHours"), 1e-9,
        "the 党课's 2 hours for one of the two members, as /me/study counts them");
    assertEquals(1, d.getJsonObject("requests").getInteger("received"));
    assertEquals(2, d.getJsonObject("compliance").getJsonArray("branches").size());
    assertEquals(member.id(), d.getJsonArray("topMembers").getJsonObject(0).getString("personId"));
    assertEquals(school.branchA, d.getJsonArray("topBranches").getJsonObject(0).getString("orgId"));
    assertTrue(d.getJsonArray("topBranches").getJsonObject(0).getDouble("averagePoints") > 0);
    get("/api/v1/orgs/" + school.collegeId + "/dashboard", member.accessToken()).problem(403, "auth.forbidden");
    Api.Res sheet = get("/api/v1/orgs/" + school.collegeId + "/dashboard?format=xlsx", secretary.accessToken());
    sheet.problem(403, "auth.forbidden");
    Api.Res xlsx = get("/api/v1/orgs/" + school.branchA + "/dashboard?format=xlsx", secretary.accessToken()).expect(200);
    try (var workbook = new org.dhatim.fastexcel.reader.ReadableWorkbook(new java.io.ByteArrayInputStream(xlsx.bytes()))) {
      assertEquals(7, workbook.getSheets().count(), "one sheet per chart");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
