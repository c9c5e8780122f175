package cn.zhibu.talk;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** 谈心谈话: logged by leaders, covered by the year, its notes private to the talker and the secretary. */
class TalkApiTest {

  private static String today() {
    return LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
  }

  private static JsonObject talk(Api.Session... people) {
    JsonArray ids = new JsonArray();
    for (Api.Session p : people) {
      ids.add(p.id());
    }
    return new JsonObject().put("personIds", ids).put("talkedAt", today()).put("topic", "学习和思想情况")
        .put("notes", "本人反映毕业论文压力大，已联系导师").put("followUp", "一个月后回访");
  }

  @Test
  @DisplayName("a 支委 talks with two members: coverage lists the one not talked with first; notes for the talker and the secretary only")
  void coverageAndPrivacy() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session committee = school.bound(school.branchA, "full", "committee");
    Api.Session a = school.memberOf(school.branchA);
    Api.Session b = school.memberOf(school.branchA);
    Api.Session c = school.memberOf(school.branchA);
    JsonObject held = post("/api/v1/orgs/" + school.branchA + "/talks", talk(a, b), committee.accessToken()).expect(201).json();
    assertEquals("本人反映毕业论文压力大，已联系导师", held.getString("notes"), "the talker reads their notes");

    JsonObject coverage = get("/api/v1/orgs/" + school.branchA + "/talks", secretary.accessToken()).expect(200).json();
    JsonArray members = coverage.getJsonArray("coverage");
    assertEquals(0, members.getJsonObject(0).getInteger("talks"), "those not talked with come first");
    JsonObject ofC = members.stream().map(JsonObject.class::cast).filter(m -> c.id().equals(m.getString("personId")))
        .findFirst().orElseThrow();
    assertEquals(0, ofC.getInteger("talks"));
    JsonObject ofA = members.stream().map(JsonObject.class::cast).filter(m -> a.id().equals(m.getString("personId")))
        .findFirst().orElseThrow();
    assertEquals(1, ofA.getInteger("talks"));
    assertEquals(today(), ofA.getString("lastTalkedAt"));
    assertEquals(coverage.getInteger("members") - 2, coverage.getInteger("notTalkedWith"));
    assertEquals("本人反映毕业论文压力大，已联系导师", coverage.getJsonArray("talks").getJsonObject(0).getString("notes"),
        "the secretary reads them");

    JsonObject byAdmin = get("/api/v1/orgs/" + school.branchA + "/talks", school.adminOf(school.collegeId).accessToken())
        .expect(200).json();
    assertNull(byAdmin.getJsonArray("talks").getJsonObject(0).getValue("notes"), "an admin above does not");
    JsonObject mine = get("/api/v1/me/talks", a.accessToken()).expect(200).json().getJsonArray("items").getJsonObject(0);
    assertEquals("学习和思想情况", mine.getString("topic"));
    assertNull(mine.getValue("notes"), "the member talked with sees that it took place, not the notes");
    JsonArray data = get("/api/v1/me/data", a.accessToken()).expect(200).json().getJsonArray("talks");
    assertEquals(1, data.size());
    assertNull(data.getJsonObject(0).getValue("notes"));
    get("/api/v1/orgs/" + school.branchA + "/talks", a.accessToken()).problem(403, "auth.forbidden");
  }

  @Test
  @DisplayName("a talk is with people of the org or below, not the talker, not in the future; a plain member cannot log one")
  void refusals() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session a = school.memberOf(school.branchA);
    Api.Session elsewhere = school.memberOf(school.branchB);
    post("/api/v1/orgs/" + school.branchA + "/talks", talk(elsewhere), secretary.accessToken())
        .problem(422, "talk.invalid_people");
    post("/api/v1/orgs/" + school.branchA + "/talks", talk(secretary), secretary.accessToken())
        .problem(422, "talk.invalid_people");
    post("/api/v1/orgs/" + school.branchA + "/talks", talk(a).put("talkedAt", LocalDate.now(ZoneId.of("Asia/Shanghai"))
        .plusDays(1).toString()), secretary.accessToken()).problem(422, "talk.future_date");
    post("/api/v1/orgs/" + school.branchA + "/talks", talk(secretary), a.accessToken()).problem(403, "auth.forbidden");
    assertTrue(get("/api/v1/orgs/" + school.branchA + "/talks", secretary.accessToken()).expect(200).json()
        .getJsonArray("talks").isEmpty(), "nothing refused was kept");
  }
}
