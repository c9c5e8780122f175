package cn.zhibu.org;

import static cn.zhibu.support.Api.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** 党员信息: kept by the branch, seen by the member, audited without values. */
class ProfileApiTest {

  static Api.Res patch(Api.Session who, String person, JsonObject body) {
    return Api.send("PATCH", "/api/v1/people/" + person + "/profile", body, who.accessToken(), Map.of());
  }

  @Test
  @DisplayName("the secretary records the fields 党内统计 needs; the member sees them and cannot edit them; others cannot see them")
  void profile() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session member = school.memberOf(school.branchA);
    JsonObject set = patch(secretary, member.id(), new JsonObject().put("gender", "female").put("birthDate", "2003-05-04")
        .put("ethnicity", "汉族").put("education", "bachelor").put("joinedAt", "2024-06-28").put("fullMemberAt", "2025-06-28"))
        .expect(200).json();
    assertEquals("汉族", set.getString("ethnicity"));
    JsonObject mine = get("/api/v1/me/profile", member.accessToken()).expect(200).json();
    assertEquals("2024-06-28", mine.getString("joinedAt"));
    assertEquals("female", mine.getString("gender"));
    assertEquals("2003-05-04", get("/api/v1/me/data", member.accessToken()).expect(200).json().getJsonObject("person")
        .getString("birthDate"));

    JsonObject cleared = patch(secretary, member.id(), new JsonObject().putNull("ethnicity")).expect(200).json();
    assertNull(cleared.getString("ethnicity"));
    assertEquals("bachelor", cleared.getString("education"), "fields not sent stay");
    patch(secretary, member.id(), new JsonObject().put("fullMemberAt", "2024-01-01").put("joinedAt", "2024-06-28"))
        .problem(422, "profile.dates_out_of_order");
    patch(secretary, member.id(), new JsonObject().put("birthDate", "2999-01-01")).problem(422, "profile.future_date");
    patch(secretary, member.id(), new JsonObject().put("joinedAt", "0000-01-01")).problem(422, "profile.implausible_date");
    // Judged against what is stored: 转正 on file before a 入党 sent alone is still out of order.
    patch(secretary, member.id(), new JsonObject().put("joinedAt", "2020-06-01")).expect(200);
    patch(secretary, member.id(), new JsonObject().put("fullMemberAt", "2019-01-01")).problem(422, "profile.dates_out_of_order");
    patch(secretary, secretary.id(), new JsonObject().put("ethnicity", "汉族")).problem(422, "profile.own_record");
    patch(member, member.id(), new JsonObject().put("ethnicity", "回族")).problem(403, "auth.forbidden");
    get("/api/v1/people/" + member.id() + "/profile", school.memberOf(school.branchB).accessToken()).problem(404, "not_found");
    get("/api/v1/people/" + member.id() + "/profile", school.memberOf(school.branchA).accessToken())
        .problem(403, "auth.forbidden");
    assertEquals(0, TestServer.get().count("SELECT count(*) FROM audit_log WHERE action = 'profile.update' AND detail::text LIKE '%汉族%'"),
        "the audit says which fields changed, not their values");
  }
}
