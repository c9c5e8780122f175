package cn.zhibu.transfer;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Graduates: the year's class not yet transferred, and their transfers asked in one step, all or nothing. */
class GraduatesApiTest {

  private static void graduates(Api.Session who, String on) {
    TestServer.get().execute("UPDATE persons SET graduates_on = '" + on + "' WHERE id = '" + who.id() + "'");
  }

  private static JsonObject batch(JsonArray people) {
    return new JsonObject().put("personIds", people).put("toExternal", new JsonObject().put("organisation", "某市人才中心党委")
        .put("address", "某市人民路 1 号")).put("reason", "2026 届毕业生转出");
  }

  @Test
  @DisplayName("the class of the year is listed until transferred; one step asks for all, or for none when one is waiting")
  void batchOfGraduates() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session a = school.memberOf(school.branchA);
    Api.Session b = school.bound(school.branchA, "probationary", "member");
    Api.Session c = school.memberOf(school.branchA);
    Api.Session staying = school.memberOf(school.branchA);
    Api.Session other = school.memberOf(school.branchB);
    graduates(a, "2026-06-30");
    graduates(b, "2026-06-30");
    graduates(c, "2026-07-01");
    graduates(staying, "2027-06-30");
    graduates(other, "2026-06-30");

    JsonObject list = get("/api/v1/orgs/" + school.branchA + "/graduates?year=2026", secretary.accessToken()).expect(200).json();
    assertEquals(3, list.getInteger("notTransferred"));
    assertEquals(0, list.getInteger("pending"));
    get("/api/v1/orgs/" + school.branchA + "/graduates?year=2026", a.accessToken()).problem(403, "auth.forbidden");

    post("/api/v1/transfers", new JsonObject().put("personId", c.id()).put("toExternal", new JsonObject()
        .put("organisation", "某大学研究生院党委")).put("reason", "升学"), secretary.accessToken()).expect(201);
    post("/api/v1/transfers/batch", batch(new JsonArray().add(a.id()).add(b.id()).add(c.id())), secretary.accessToken())
        .problem(409, "transfer.pending");
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM transfers WHERE person_id IN ('" + a.id() + "', '" + b.id()
        + "', '" + c.id() + "')"), "all or nothing: nobody was asked for");
    post("/api/v1/transfers/batch", batch(new JsonArray().add(a.id()).add(other.id())), secretary.accessToken())
        .problem(404, "not_found");
    post("/api/v1/transfers/batch", batch(new JsonArray().add(a.id())), a.accessToken()).problem(403, "auth.forbidden");

    JsonObject asked = post("/api/v1/transfers/batch", batch(new JsonArray().add(a.id()).add(b.id())), secretary.accessToken())
        .expect(201).json();
    assertEquals(2, asked.getJsonArray("items").size());
    assertTrue(asked.getJsonArray("items").stream().map(JsonObject.class::cast)
        .allMatch(t -> "pending".equals(t.getString("status")) && "某市人才中心党委".equals(t.getJsonObject("toExternal")
            .getString("organisation"))));
    JsonObject waiting = get("/api/v1/orgs/" + school.branchA + "/graduates?year=2026", secretary.accessToken())
        .expect(200).json();
    assertEquals(3, waiting.getInteger("pending"));

    // each is decided on its own by the org above (a move out of the school)
    String first = asked.getJsonArray("items").getJsonObject(0).getString("id");
    String moved = asked.getJsonArray("items").getJsonObject(0).getString("personId");
    post("/api/v1/transfers/" + first + "/decision", new JsonObject().put("approve", true), secretary.accessToken())
        .problem(422, "transfer.own_decision");
    post("/api/v1/transfers/" + first + "/decision", new JsonObject().put("approve", true),
        school.adminOf(school.collegeId).accessToken()).expect(200);
    JsonObject after = get("/api/v1/orgs/" + school.branchA + "/graduates?year=2026", secretary.accessToken())
        .expect(200).json();
    assertEquals(2, after.getInteger("notTransferred"), "the one moved out is no longer on the roster");
    assertTrue(after.getJsonArray("items").stream().map(JsonObject.class::cast)
        .noneMatch(g -> moved.equals(g.getString("personId"))));
    assertNull(TestServer.get().text("SELECT org_id::text FROM persons WHERE id = '" + moved + "'"));
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM audit_log WHERE action = 'transfer.batch'"));
  }
}
