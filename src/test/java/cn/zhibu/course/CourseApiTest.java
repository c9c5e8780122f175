package cn.zhibu.course;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CourseApiTest {
  static School school;
  static Api.Session secretary;

  @BeforeAll
  static void setUp() {
    school = School.create();
    secretary = school.secretaryOf(school.branchA);
  }

  @AfterEach
  void putClockBack() {
    TestServer.get().clock.reset();
  }

  static JsonObject course(double hours, boolean quiz, int... lessonSeconds) {
    JsonArray lessons = new JsonArray();
    for (int i = 0; i < lessonSeconds.length; i++) {
      lessons.add(new JsonObject().put("title", "第" + (i + 1) + "讲").put("durationSeconds", lessonSeconds[i])
          .put("mediaUrl", "https://media.example.cn/l" + i + ".mp4"));
    }
    JsonObject body = new JsonObject().put("orgId", school.collegeId).put("title", "学习二十大精神").put("creditHours", hours)
        .put("lessons", lessons);
    if (quiz) {
      body.put("quiz", new JsonObject().put("passScore", 50).put("maxAttempts", 2).put("questions", new JsonArray()
          .add(new JsonObject().put("question", "党的最高理想？").put("options", new JsonArray().add("共产主义").add("其他"))
              .put("answer", 0))
          .add(new JsonObject().put("question", "每年学时要求？").put("options", new JsonArray().add("16").add("32"))
              .put("answer", 1))));
    }
    return post("/api/v1/courses", body, school.adminOf(school.collegeId).accessToken()).expect(201).json();
  }

  static String session(Api.Session who, String lessonId) {
    return post("/api/v1/lessons/" + lessonId + "/study-sessions", null, who.accessToken()).expect(201).json()
        .getString("sessionId");
  }

  static JsonObject beat(Api.Session who, String session, int position) {
    return post("/api/v1/study-sessions/" + session + "/heartbeats", new JsonObject().put("positionSeconds", position),
        who.accessToken()).expect(200).json();
  }

  static String lesson(JsonObject course, int i) {
    return course.getJsonArray("lessons").getJsonObject(i).getString("id");
  }

  @Test
  @DisplayName("honest 30 s heartbeats through a 5-minute lesson credit about 300 s and complete it")
  void honest() {
    Api.Session member = school.memberOf(school.branchA);
    JsonObject course = course(0.1, false, 300);
    String s = session(member, lesson(course, 0));
    JsonObject last = null;
    for (int position = 30; position <= 300; position += 30) {
      TestServer.get().clock.advance(Duration.ofSeconds(30));
      last = beat(member, s, position);
    }
    assertEquals(300, last.getInteger("lessonCreditedSeconds"));
    assertTrue(last.getBoolean("completed"));
    JsonObject mine = get("/api/v1/me/study", member.accessToken()).expect(200).json();
    assertEquals(0.1, mine.getDouble("creditedHours"), 1e-9, "the course's hours count once it is complete");
    assertEquals(32, mine.getInteger("requiredHours"));
    assertEquals(0.1, get("/api/v1/me", member.accessToken()).json().getJsonObject("study").getDouble("creditedHours"),
        1e-9);
  }

  @Test
  @DisplayName("claiming 10 minutes after 30 s of wall-clock time earns at most 30 s; a seek to the end does not complete")
  void cheating() {
    Api.Session member = school.memberOf(school.branchA);
    JsonObject course = course(0.2, false, 600);
    String s = session(member, lesson(course, 0));
    TestServer.get().clock.advance(Duration.ofSeconds(30));
    JsonObject jump = beat(member, s, 600);
    assertEquals(30, jump.getInteger("creditedSeconds"));
    assertFalse(jump.getBoolean("completed"));
    TestServer.get().clock.advance(Duration.ofHours(1));
    assertEquals(0, beat(member, s, 600).getInteger("creditedSeconds"), "an hour asleep earns nothing");
  }

  @Test
  @DisplayName("two parallel sessions on two phones do not double the credit")
  void parallelSessions() throws Exception {
    Api.Session member = school.memberOf(school.branchA);
    JsonObject course = course(0.2, false, 600);
    String first = session(member, lesson(course, 0));
    String second = session(member, lesson(course, 0));
    TestServer.get().clock.advance(Duration.ofSeconds(30));
    post("/api/v1/study-sessions/" + first + "/heartbeats", new JsonObject().put("positionSeconds", 30),
        member.accessToken()).problem(409, "study.session_replaced");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Api.Res>> beats = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        beats.add(() -> post("/api/v1/study-sessions/" + second + "/heartbeats",
            new JsonObject().put("positionSeconds", 30), member.accessToken()));
      }
      for (var f : pool.invokeAll(beats)) {
        assertEquals(200, f.get().status());
      }
    } finally {
      pool.shutdown();
    }
    assertEquals(30, TestServer.get().count("SELECT credited_seconds FROM lesson_progress WHERE person_id = '"
        + member.id() + "'"), "eight concurrent copies of one heartbeat credit 30 s once");
  }

  @Test
  @DisplayName("quiz answers never reach the phone; scoring is on the server and attempts are limited")
  void quiz() {
    Api.Session member = school.memberOf(school.branchA);
    JsonObject course = course(0.02, true, 60);
    String id = course.getString("id");
    String shown = get("/api/v1/courses/" + id, member.accessToken()).expect(200).body();
    assertFalse(shown.contains("\"answer\""), shown);
    assertFalse(get("/api/v1/courses?limit=100", member.accessToken()).expect(200).body().contains("\"answer\""));
    post("/api/v1/courses/" + id + "/quiz-attempts", new JsonObject().put("answers", new JsonArray().add(0).add(1)),
        member.accessToken()).problem(422, "quiz.lessons_incomplete");
    assertEquals(0, TestServer.get().count("SELECT count(*) FROM quiz_attempts WHERE person_id = '" + member.id() + "'"),
        "the refused try spent no attempt");
    String s = session(member, lesson(course, 0));
    TestServer.get().clock.advance(Duration.ofSeconds(30));
    beat(member, s, 30);
    TestServer.get().clock.advance(Duration.ofSeconds(30));
    assertTrue(beat(member, s, 60).getBoolean("completed"));
    assertEquals(0.0, get("/api/v1/me/study", member.accessToken()).json().getDouble("creditedHours"), 1e-9,
        "lessons done, quiz not passed: not yet complete");
    JsonObject fail = post("/api/v1/courses/" + id + "/quiz-attempts", new JsonObject().put("answers",
        new JsonArray().add(1).add(0)), member.accessToken()).expect(200).json();
    assertEquals(0, fail.getInteger("score"));
    assertFalse(fail.getBoolean("passed"));
    JsonObject pass = post("/api/v1/courses/" + id + "/quiz-attempts", new JsonObject().put("answers",
        new JsonArray().add(0).add(1)), member.accessToken()).expect(200).json();
    assertEquals(100, pass.getInteger("score"));
    assertTrue(pass.getBoolean("passed"));
    assertEquals(0.02, get("/api/v1/me/study", member.accessToken()).json().getDouble("creditedHours"), 1e-9);
    post("/api/v1/courses/" + id + "/quiz-attempts", new JsonObject().put("answers", new JsonArray().add(0).add(1)),
        member.accessToken()).problem(422, "quiz.no_attempts_left");
  }

  @Test
  @DisplayName("the study report counts hours against 32 h and 56 h by role and flags those behind pace")
  void report() {
    School fresh = School.create();
    Api.Session leader = fresh.secretaryOf(fresh.branchA);
    Api.Session member = fresh.memberOf(fresh.branchA);
    JsonObject report = get("/api/v1/orgs/" + fresh.branchA + "/study-report", leader.accessToken()).expect(200).json();
    JsonArray members = report.getJsonArray("members");
    assertEquals(2, members.size());
    JsonObject l = members.stream().map(JsonObject.class::cast).filter(m -> leader.id().equals(m.getString("personId")))
        .findFirst().orElseThrow();
    JsonObject m = members.stream().map(JsonObject.class::cast).filter(x -> member.id().equals(x.getString("personId")))
        .findFirst().orElseThrow();
    assertEquals(56, l.getInteger("requiredHours"));
    assertEquals(32, m.getInteger("requiredHours"));
    assertTrue(m.getBoolean("behindPace"), "no hours at all, late in the year");
    get("/api/v1/orgs/" + fresh.branchA + "/study-report", member.accessToken()).problem(403, "auth.forbidden");
    assertTrue(get("/api/v1/orgs/" + fresh.branchA + "/study-report?format=xlsx", leader.accessToken()).expect(200)
        .contentType().contains("spreadsheetml"));
    // Content negotiation, as generated clients do it: the xlsx media type in Accept.
    assertTrue(Api.get("/api/v1/orgs/" + fresh.branchA + "/study-report", leader.accessToken(), java.util.Map.of("Accept",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")).expect(200).contentType()
        .contains("spreadsheetml"));
    assertTrue(get("/api/v1/orgs/" + fresh.branchA + "/study-report", leader.accessToken()).expect(200).contentType()
        .startsWith("application/json"));
  }

  @Test
  @DisplayName("a course of another college is not found for this member")
  void scope() {
    JsonObject course = course(0.02, false, 60);
    School other = School.create();
    Api.Session outsider = other.memberOf(other.branchA);
    get("/api/v1/courses/" + course.getString("id"), outsider.accessToken()).problem(404, "not_found");
    post("/api/v1/lessons/" + lesson(course, 0) + "/study-sessions", null, outsider.accessToken())
        .problem(404, "not_found");
  }

  @Test
  @DisplayName("finding 3: credit is bounded by lesson time (45 min a credit hour), also for the course's own author")
  void creditBoundedByLessonTime() {
    Api.Session secretary = school.secretaryOf(school.branchA);
    JsonArray oneSecond = new JsonArray().add(new JsonObject().put("title", "一秒").put("durationSeconds", 1)
        .put("mediaUrl", "https://media.example.cn/1s.mp4"));
    post("/api/v1/courses", new JsonObject().put("orgId", school.branchA).put("title", "百学时").put("creditHours", 100)
        .put("lessons", oneSecond), secretary.accessToken()).problem(422, "course.credit_exceeds_length");
    JsonArray period = new JsonArray().add(new JsonObject().put("title", "一课时").put("durationSeconds", 2700)
        .put("mediaUrl", "https://media.example.cn/45m.mp4"));
    post("/api/v1/courses", new JsonObject().put("orgId", school.branchA).put("title", "一学时").put("creditHours", 1.01)
        .put("lessons", period), secretary.accessToken()).problem(422, "course.credit_exceeds_length");

    // A course whose credit was inflated before the bound existed: its author completes it and earns the bound.
    String id = post("/api/v1/courses", new JsonObject().put("orgId", school.branchA).put("title", "旧课")
        .put("creditHours", 0.02).put("lessons", new JsonArray().add(new JsonObject().put("title", "一分钟")
            .put("durationSeconds", 60).put("mediaUrl", "https://media.example.cn/60s.mp4"))), secretary.accessToken())
        .expect(201).json().getString("id");
    TestServer.get().execute("UPDATE courses SET credit_hours = 100 WHERE id = '" + id + "'");
    JsonObject course = get("/api/v1/courses/" + id, secretary.accessToken()).expect(200).json();
    String s = session(secretary, lesson(course, 0));
    for (int position = 30; position <= 60; position += 30) {
      TestServer.get().clock.advance(Duration.ofSeconds(30));
      beat(secretary, s, position);
    }
    assertEquals(0.02, get("/api/v1/me/study", secretary.accessToken()).expect(200).json().getDouble("creditedHours"),
        1e-9, "60 s of lessons credit 0.02 h, whatever the course claims");
  }
}
