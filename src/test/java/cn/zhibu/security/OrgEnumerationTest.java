package cn.zhibu.security;

import static cn.zhibu.support.Api.get;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Nobody outside an org learns from the answers whether an org id exists. */
class OrgEnumerationTest {

  private static List<Object> answer(String path, Api.Session who) {
    Api.Res res = get(path, who.accessToken());
    JsonObject body = res.json();
    return List.of(res.status(), body.getString("code"), body.getString("detail"));
  }

  @Test
  @DisplayName("an org outside one's reach and an org that does not exist get the same answer; the whole school's admin is told 404")
  void sameAnswer() {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session member = school.memberOf(school.branchA);
    String madeUp = UUID.randomUUID().toString();
    for (String suffix : List.of("", "/children", "/members?limit=1", "/dues", "/compliance?period=2026-01",
        "/study-report", "/audit-log")) {
      for (Api.Session who : List.of(secretary, member)) {
        List<Object> real = answer("/api/v1/orgs/" + school.branchB + suffix, who);
        List<Object> fake = answer("/api/v1/orgs/" + madeUp + suffix, who);
        assertEquals(real, fake, suffix);
        assertEquals(403, real.get(0), suffix);
      }
    }
    get("/api/v1/orgs/" + madeUp, school.rootAdmin.accessToken()).problem(404, "not_found");
  }
}
