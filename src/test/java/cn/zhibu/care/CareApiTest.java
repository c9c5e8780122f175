package cn.zhibu.care;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
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

/** 关怀帮扶: the register and the visits per campaign, for the secretaries and admins over them only. */
class CareApiTest {

  private static LocalDate today() {
    return LocalDate.now(TestServer.get().clock.withZone(ZoneId.of("Asia/Shanghai")));
  }

  private static Api.Res visit(Api.Session who, String org, Api.Session person, LocalDate on, String campaign) {
    return post("/api/v1/orgs/" + org + "/care-visits", new JsonObject().put("personId", person.id())
        .put("visitedAt", on.toString()).put("campaign", campaign).put("support", "慰问品").put("amountFen", 50000),
        who.accessToken());
  }

  @Test
  @DisplayName("the register lists who has not been visited in the campaign first; members never see it")
  void register() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session elder = school.memberOf(school.branchA);
    Api.Session hardship = school.memberOf(school.branchA);
    Api.Session member = school.memberOf(school.branchA);
    Api.Session elsewhere = school.memberOf(school.branchB);
    String care = "/api/v1/people/%s/care";

    put(care.formatted(elder.id()), new JsonObject().put("kinds", new JsonArray().add("elder")).put("note", "1958 年入党"),
        secretary.accessToken()).expect(200);
    JsonObject entry = put(care.formatted(hardship.id()), new JsonObject().put("kinds", new JsonArray().add("hardship")
        .add("frontline")), secretary.accessToken()).expect(200).json();
    assertEquals(2, entry.getJsonArray("kinds").size());
    put(care.formatted(elder.id()), new JsonObject().put("kinds", new JsonArray().add("rich")), secretary.accessToken())
        .expect(400);
    put(care.formatted(elsewhere.id()), new JsonObject().put("kinds", new JsonArray().add("elder")), secretary.accessToken())
        .problem(404, "not_found");
    put(care.formatted(elder.id()), new JsonObject().put("kinds", new JsonArray().add("elder")), member.accessToken())
        .problem(404, "not_found");

    visit(secretary, school.branchA, elder, today().plusDays(1), "spring_festival").problem(422, "care.future_date");
    visit(secretary, school.branchA, elsewhere, today(), "spring_festival").problem(422, "care.invalid_person");
    visit(member, school.branchA, elder, today(), "spring_festival").problem(403, "auth.forbidden");
    JsonObject done = visit(secretary, school.branchA, elder, today(), "spring_festival").expect(201).json();
    assertEquals(50000, done.getInteger("amountFen"));
    visit(secretary, school.branchA, hardship, today(), "other").expect(201);

    JsonObject spring = get("/api/v1/orgs/" + school.collegeId + "/care?campaign=spring_festival",
        school.adminOf(school.collegeId).accessToken()).expect(200).json();
    assertEquals(1, spring.getInteger("notVisited"));
    assertEquals(hardship.id(), spring.getJsonArray("people").getJsonObject(0).getString("personId"),
        "not yet visited at 春节 first");
    assertEquals(0, spring.getJsonArray("people").getJsonObject(0).getInteger("visits"));
    assertEquals(1, spring.getJsonArray("visits").size());
    assertEquals(50000, spring.getLong("amountFen"));
    JsonObject year = get("/api/v1/orgs/" + school.branchA + "/care", secretary.accessToken()).expect(200).json();
    assertEquals(0, year.getInteger("notVisited"), "any campaign in the year");
    assertEquals(2, year.getJsonArray("visits").size());
    get("/api/v1/orgs/" + school.branchA + "/care", member.accessToken()).problem(403, "auth.forbidden");
    get("/api/v1/orgs/" + school.branchA + "/care", elder.accessToken()).problem(403, "auth.forbidden");
    assertFalse(get("/api/v1/me/data", elder.accessToken()).expect(200).json().getJsonArray("care").isEmpty(),
        "PIPL: the person reads what is held about them");

    put(care.formatted(elder.id()), new JsonObject().put("kinds", new JsonArray()), secretary.accessToken()).expect(200);
    JsonArray left = get("/api/v1/orgs/" + school.branchA + "/care", secretary.accessToken()).expect(200).json()
        .getJsonArray("people");
    assertEquals(1, left.size(), "no kinds: off the register");
    assertTrue(TestServer.get().count("SELECT count(*) FROM audit_log WHERE action = 'care.visit'") >= 2);
  }
}
