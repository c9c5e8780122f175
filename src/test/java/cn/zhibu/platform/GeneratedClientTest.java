package cn.zhibu.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.client.ApiClient;
import cn.zhibu.client.ApiException;
import cn.zhibu.client.api.AuthApi;
import cn.zhibu.client.api.CheckinApi;
import cn.zhibu.client.api.OrgApi;
import cn.zhibu.client.model.Attendance;
import cn.zhibu.client.model.AttendanceEntry;
import cn.zhibu.client.model.BindRequest;
import cn.zhibu.client.model.CheckInRequest;
import cn.zhibu.client.model.Checkin;
import cn.zhibu.client.model.CheckinCode;
import cn.zhibu.client.model.CreateEventRequest;
import cn.zhibu.client.model.CreateOrgRequest;
import cn.zhibu.client.model.Event;
import cn.zhibu.client.model.EventPage;
import cn.zhibu.client.model.EventType;
import cn.zhibu.client.model.ImportRosterRequest;
import cn.zhibu.client.model.LoginRequest;
import cn.zhibu.client.model.LoginResult;
import cn.zhibu.client.model.Me;
import cn.zhibu.client.model.Org;
import cn.zhibu.client.model.Role;
import cn.zhibu.client.model.RosterEntry;
import cn.zhibu.client.model.RosterResult;
import cn.zhibu.client.model.SetRolesRequest;
import cn.zhibu.support.TestServer;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The core flow through the Java client that openapi-generator makes from api-spec/openapi.yaml (library
 * "native", generated at build time, never edited): what an outside team would write against the contract
 * alone. Login, an org, a roster, a bind, a meeting, its rotating code, a check-in and the attendance.
 */
class GeneratedClientTest {

  private static ApiClient client(String accessToken) {
    ApiClient client = new ApiClient();
    client.updateBaseUri(TestServer.get().baseUrl + "/api/v1");
    if (accessToken != null) {
      client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + accessToken));
    }
    return client;
  }

  private static LoginResult login(String openid) throws ApiException {
    return new AuthApi(client(null)).login(new LoginRequest().code("fake:" + openid + "#" + UUID.randomUUID()));
  }

  @Test
  @DisplayName("the generated Java client runs the core flow: login, roster, bind, meeting, code, check-in, attendance")
  void coreFlow() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    LoginResult admin = login(TestServer.ROOT_ADMIN_OPENID);
    OrgApi adminOrgs = new OrgApi(client(admin.getAccessToken()));
    Org root = adminOrgs.getRootOrg();
    Org college = adminOrgs.createOrg(new CreateOrgRequest().parentId(root.getId()).name("学院-" + tag)
        .kind(CreateOrgRequest.KindEnum.COLLEGE));
    Org branch = adminOrgs.createOrg(new CreateOrgRequest().parentId(college.getId()).name("支部-" + tag)
        .kind(CreateOrgRequest.KindEnum.BRANCH));

    RosterResult roster = adminOrgs.importRoster(branch.getId(), new ImportRosterRequest().entries(List.of(
        new RosterEntry().number("S" + tag).name("书记" + tag).stage("full"),
        new RosterEntry().number("M" + tag).name("党员" + tag).stage("正式党员"))));
    assertEquals(2, roster.getCreated());
    assertEquals(2, roster.getActivationCodes().size());

    LoginResult secretaryLogin = login("client-secretary-" + tag);
    LoginResult memberLogin = login("client-member-" + tag);
    assertFalse(secretaryLogin.getUser().getBound());
    for (var code : roster.getActivationCodes()) {
      boolean secretary = code.getNumber().startsWith("S");
      LoginResult who = secretary ? secretaryLogin : memberLogin;
      new AuthApi(client(who.getAccessToken())).bind(new BindRequest().number(code.getNumber())
          .name((secretary ? "书记" : "党员") + tag).activationCode(code.getCode()));
    }
    adminOrgs.setRoles(branch.getId(), secretaryLogin.getUser().getId(),
        new SetRolesRequest().roles(Set.of(Role.MEMBER, Role.SECRETARY)));

    CheckinApi secretary = new CheckinApi(client(secretaryLogin.getAccessToken()));
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8));
    Event event = secretary.createEvent(new CreateEventRequest().orgId(branch.getId()).type(EventType.PARTY_DAY)
        .title("主题党日-" + tag).startsAt(now.minusMinutes(5)).endsAt(now.plusHours(1)));
    EventPage events = secretary.listEvents(branch.getId(), null, null, 10, null);
    assertTrue(events.getItems().stream().anyMatch(e -> e.getId().equals(event.getId())));
    assertNull(events.getNextCursor(), "a last page's null cursor stays null in generated code");

    CheckinCode code = secretary.getCheckinCode(event.getId());
    assertTrue(code.getExpiresAt().isAfter(now));
    CheckinApi member = new CheckinApi(client(memberLogin.getAccessToken()));
    Checkin checkin = member.checkIn(event.getId(), new CheckInRequest().code(code.getCode()));
    assertEquals(memberLogin.getUser().getId(), checkin.getPersonId());

    ApiException refused = assertThrows(ApiException.class,
        () -> secretary.checkIn(event.getId(), new CheckInRequest().code("000000")));
    assertEquals(422, refused.getCode());
    assertTrue(refused.getResponseBody().contains("\"code\""), refused.getResponseBody());

    Attendance attendance = secretary.getAttendance(event.getId(), null);
    assertEquals(2, attendance.getExpected());
    assertEquals(1, attendance.getCheckedIn(), "a wrong code is not a check-in");
    AttendanceEntry present = attendance.getMembers().stream()
        .filter(m -> m.getPersonId().equals(memberLogin.getUser().getId())).findFirst().orElseThrow();
    assertEquals("checked_in", present.getStatus().getValue());

    Me me = new AuthApi(client(memberLogin.getAccessToken())).getMe();
    assertTrue(me.getBound());
  }
}
