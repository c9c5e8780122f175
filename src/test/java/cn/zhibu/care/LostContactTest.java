package cn.zhibu.care;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static cn.zhibu.support.Api.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** 失联 follow-up: members silent for months are listed, and what the secretary found is kept. */
class LostContactTest {

  @AfterEach
  void resetClock() {
    TestServer.get().clock.reset();
  }

  private static JsonObject of(JsonObject report, String personId) {
    return report.getJsonArray("items").stream().map(JsonObject.class::cast)
        .filter(m -> personId.equals(m.getString("personId"))).findFirst().orElse(null);
  }

  @Test
  @DisplayName("a member never seen is listed at once, one who logged in today only after six months of silence; the finding is kept")
  void silentMembers() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session active = school.memberOf(school.branchA);
    String number = School.uniqueNumber();
    post("/api/v1/orgs/" + school.branchA + "/roster", new JsonObject().put("entries", new JsonArray().add(new JsonObject()
        .put("number", number).put("name", "久未联系").put("stage", "full"))), school.rootAdmin.accessToken()).expect(200);
    String silent = TestServer.get().text("SELECT id::text FROM persons WHERE number = '" + number + "'");

    JsonObject now = get("/api/v1/orgs/" + school.branchA + "/lost-contact", secretary.accessToken()).expect(200).json();
    assertEquals(6, now.getInteger("months"));
    JsonObject never = of(now, silent);
    assertTrue(never != null, "never bound, never checked in, never paid: listed");
    assertNull(never.getValue("lastLoginAt"));
    assertNull(of(now, active.id()), "logged in today: not listed");

    TestServer.get().clock.advance(Duration.ofDays(200));
    JsonObject later = get("/api/v1/orgs/" + school.branchA + "/lost-contact", secretary.accessToken()).expect(200).json();
    JsonObject gone = of(later, active.id());
    assertTrue(gone != null, "silent for over six months: listed");
    assertTrue(gone.getString("lastLoginAt") != null, "with the last sign of them");
    assertNull(of(get("/api/v1/orgs/" + school.branchA + "/lost-contact?months=12", secretary.accessToken()).expect(200)
        .json(), active.id()), "not yet silent for twelve");

    JsonObject found = put("/api/v1/people/" + silent + "/contact-status", new JsonObject().put("lost", true)
        .put("note", "电话停机，已请其原单位协助联系"), secretary.accessToken()).expect(200).json();
    assertTrue(found.getBoolean("lost"));
    JsonObject status = of(get("/api/v1/orgs/" + school.branchA + "/lost-contact", secretary.accessToken()).expect(200)
        .json(), silent).getJsonObject("status");
    assertEquals("电话停机，已请其原单位协助联系", status.getString("note"));
    put("/api/v1/people/" + silent + "/contact-status", new JsonObject().put("lost", false), secretary.accessToken()).expect(200);
    assertFalse(of(get("/api/v1/orgs/" + school.branchA + "/lost-contact", secretary.accessToken()).expect(200).json(), silent)
        .getJsonObject("status").getBoolean("lost"));

    get("/api/v1/orgs/" + school.branchA + "/lost-contact", active.accessToken()).problem(403, "auth.forbidden");
    put("/api/v1/people/" + silent + "/contact-status", new JsonObject().put("lost", true),
        school.secretaryOf(school.branchB).accessToken()).problem(404, "not_found");
  }
}
