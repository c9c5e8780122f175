package cn.zhibu.development;

import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import cn.zhibu.wechat.FakeWeChat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A member's life through the push outbox: overdue steps to the secretary, 政治生日 and dues arrears to the member. */
class LifeRemindersTest {

  @AfterEach
  void putClockBack() {
    TestServer.get().clock.reset();
  }

  private static void subscribe(Api.Session who) {
    post("/api/v1/wechat/subscriptions", new JsonObject().put("templateId", "dev-meeting-template").put("result", "accept"),
        who.accessToken()).expect(204);
  }

  /** What the fake WeChat delivered to this person: the thing3 text of each message. */
  private static List<String> pushedTo(Api.Session who) {
    String openid = TestServer.get().text("SELECT openid FROM persons WHERE id = '" + who.id() + "'");
    return TestServer.get().wechat.calls().stream()
        .filter(c -> c.api().equals(FakeWeChat.SUBSCRIBE_SEND) && openid.equals(c.openid()))
        .map(c -> TestServer.get().text("SELECT note FROM push_outbox WHERE person_id = '" + who.id()
            + "' AND topic IS NOT NULL ORDER BY id DESC LIMIT 1")).toList();
  }

  private static LocalDate today() {
    return LocalDate.now(TestServer.get().clock.withZone(ZoneId.of("Asia/Shanghai")));
  }

  @Test
  @DisplayName("an overdue first talk reaches the branch secretary once; a 政治生日 reaches the member once")
  void developmentAndBirthday() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session member = school.memberOf(school.branchA);
    subscribe(secretary);
    subscribe(member);
    subscribe(member);
    String number = School.uniqueNumber();
    post("/api/v1/orgs/" + school.branchA + "/roster", new JsonObject().put("entries", new JsonArray().add(new JsonObject()
        .put("number", number).put("name", "孙申请").put("stage", "applicant"))), school.rootAdmin.accessToken()).expect(200);
    String applicant = TestServer.get().text("SELECT id::text FROM persons WHERE number = '" + number + "'");
    post("/api/v1/people/" + applicant + "/development/milestones", new JsonObject().put("key", "application")
        .put("date", today().minusDays(45).toString()), secretary.accessToken()).expect(201);
    Api.send("PATCH", "/api/v1/people/" + member.id() + "/profile", new JsonObject()
        .put("joinedAt", today().minusYears(3).toString()), secretary.accessToken(), Map.of()).expect(200);

    TestServer.get().runReminders();
    TestServer.get().runReminders();
    TestServer.get().drainOutbox();
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM push_outbox WHERE topic = 'development' AND person_id = '"
        + secretary.id() + "' AND note = '孙申请：党组织派人谈话已逾期'"));
    assertEquals(1, pushedTo(secretary).size(), "once, however often the job runs");
    assertEquals(List.of("政治生日快乐！入党 3 周年"), pushedTo(member));
  }

  @Test
  @DisplayName("from the remind day, a member with months unpaid hears how many, once a month")
  void duesInArrears() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session member = school.memberOf(school.branchA);
    subscribe(member);
    LocalDate today = today();
    if (today.getDayOfMonth() < 20) {
      TestServer.get().clock.advance(Duration.ofDays(20 - today.getDayOfMonth()));
    }
    LocalDate day = today();
    Api.put("/api/v1/orgs/" + school.branchA + "/dues/bases", new JsonObject().put("year", day.getYear())
        .put("entries", new JsonArray().add(new JsonObject().put("personId", member.id()).put("category", "student"))),
        secretary.accessToken()).expect(200);
    TestServer.get().runReminders();
    TestServer.get().runReminders();
    TestServer.get().drainOutbox();
    List<String> pushed = pushedTo(member);
    assertEquals(1, pushed.size());
    assertTrue(pushed.get(0).startsWith("党费欠缴 " + day.getMonthValue() + " 个月"), pushed::toString);
  }
}
