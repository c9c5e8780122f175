package cn.zhibu.meeting;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import cn.zhibu.wechat.FakeWeChat;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** MeetingReminders through the push outbox (issue 19): an hour before a meeting, and mid-month for missing meetings. */
class RemindersTest {

  @AfterEach
  void putClockBack() {
    TestServer.get().clock.reset();
  }

  private static void subscribe(Api.Session who) {
    post("/api/v1/wechat/subscriptions", new JsonObject().put("templateId", "dev-meeting-template")
        .put("result", "accept"), who.accessToken()).expect(204);
  }

  private static long pushesTo(Api.Session who) {
    String openid = TestServer.get().text("SELECT openid FROM persons WHERE id = '" + who.id() + "'");
    return TestServer.get().wechat.calls().stream()
        .filter(c -> c.api().equals(FakeWeChat.SUBSCRIBE_SEND) && openid.equals(c.openid())).count();
  }

  @Test
  @DisplayName("an hour before a meeting each expected attendee not on leave is reminded once, if subscribed")
  void beforeTheMeeting() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session coming = school.memberOf(school.branchA);
    Api.Session away = school.memberOf(school.branchA);
    subscribe(coming);
    subscribe(away);
    Instant starts = Instant.now().plus(Duration.ofMinutes(50)).truncatedTo(ChronoUnit.SECONDS);
    String id = post("/api/v1/events", new JsonObject().put("orgId", school.branchA).put("type", "party_day")
        .put("title", "主题党日").put("startsAt", starts.toString()).put("endsAt", starts.plusSeconds(3600).toString()),
        secretary.accessToken()).expect(201).json().getString("id");
    String leave = post("/api/v1/events/" + id + "/leaves", new JsonObject().put("reason", "出差"), away.accessToken())
        .expect(201).json().getString("id");
    post("/api/v1/leaves/" + leave + "/decision", new JsonObject().put("approve", true), secretary.accessToken())
        .expect(200);

    TestServer.get().runReminders();
    TestServer.get().runReminders();
    TestServer.get().drainOutbox();
    assertEquals(1, pushesTo(coming), "reminded once, however often the job runs");
    assertEquals(0, pushesTo(away), "not someone on approved leave");
    assertEquals(0, pushesTo(secretary), "no subscription credit, no push");
    assertEquals(2, TestServer.get().count("SELECT count(*) FROM push_outbox WHERE event_id = '" + id + "'"),
        "queued for the two expected and not on leave; the secretary's recorded as no credit");
  }

  @Test
  @DisplayName("from the remind day on, secretaries of branches missing a required meeting hear which, once a month")
  void missingMeetings() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    int day = Instant.now().atZone(ZoneId.of("Asia/Shanghai")).getDayOfMonth();
    if (day < 20) {
      TestServer.get().clock.advance(Duration.ofDays(20 - day));
    }
    TestServer.get().runReminders();
    String note = TestServer.get().text("SELECT note FROM push_outbox WHERE org_id = '" + school.branchA
        + "' AND person_id = '" + secretary.id() + "'");
    assertTrue(note != null && note.contains("party_day"), "the push names what is missing: " + note);
    TestServer.get().runReminders();
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM push_outbox WHERE org_id = '" + school.branchA + "'"),
        "once a month");
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM compliance_reminders WHERE org_id = '"
        + school.branchA + "'"));
    get("/api/v1/me", secretary.accessToken()).expect(200);
  }

  @Test
  @DisplayName("an hour before a volunteer activity each member signed up is reminded once, opening the activity's page")
  void beforeTheActivity() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session signed = school.memberOf(school.branchA);
    Api.Session notSigned = school.memberOf(school.branchA);
    subscribe(signed);
    subscribe(notSigned);
    Instant starts = Instant.now().plus(Duration.ofMinutes(50)).truncatedTo(ChronoUnit.SECONDS);
    String id = post("/api/v1/volunteer/activities", new JsonObject().put("orgId", school.branchA).put("title", "社区敬老")
        .put("startsAt", starts.toString()).put("endsAt", starts.plusSeconds(7200).toString()), secretary.accessToken())
        .expect(201).json().getString("id");
    post("/api/v1/volunteer/activities/" + id + "/signups", null, signed.accessToken()).expect(201);
    TestServer.get().runReminders();
    TestServer.get().runReminders();
    TestServer.get().drainOutbox();
    assertEquals(1, pushesTo(signed), "reminded once");
    assertEquals(0, pushesTo(notSigned));
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM push_outbox WHERE activity_id = '" + id + "' AND status = 'sent'"));
  }
}

