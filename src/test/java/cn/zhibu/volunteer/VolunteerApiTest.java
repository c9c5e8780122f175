package cn.zhibu.volunteer;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.NodeList;

class VolunteerApiTest {
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

  static String activity(Instant starts, Instant ends, Integer capacity) {
    JsonObject body = new JsonObject().put("orgId", school.branchA).put("title", "社区义务清扫")
        .put("startsAt", starts.toString()).put("endsAt", ends.toString());
    if (capacity != null) {
      body.put("capacity", capacity);
    }
    return post("/api/v1/volunteer/activities", body, secretary.accessToken()).expect(201).json().getString("id");
  }

  static String code(String id) {
    return get("/api/v1/volunteer/activities/" + id + "/checkin-code", secretary.accessToken()).expect(200).json()
        .getString("code");
  }

  static Api.Res onsite(String id, String action, Api.Session who) {
    return post("/api/v1/volunteer/activities/" + id + "/" + action, new JsonObject().put("code", code(id)),
        who.accessToken());
  }

  static Api.Res report(Api.Session who, Instant from, Instant to) {
    return post("/api/v1/volunteer/records", new JsonObject().put("startedAt", from.toString()).put("endedAt", to.toString())
        .put("description", "敬老院服务"), who.accessToken());
  }

  @Test
  @DisplayName("members see the activities open to them, soonest first, and whether they signed up; other branches do not")
  void listsWhatIsOpen() {
    Instant now = Instant.now();
    String later = activity(now.plus(3, ChronoUnit.DAYS), now.plus(3, ChronoUnit.DAYS).plus(2, ChronoUnit.HOURS), null);
    String sooner = activity(now.plus(1, ChronoUnit.DAYS), now.plus(1, ChronoUnit.DAYS).plus(2, ChronoUnit.HOURS), 5);
    Api.Session member = school.memberOf(school.branchA);
    post("/api/v1/volunteer/activities/" + later + "/signups", null, member.accessToken()).expect(201);
    io.vertx.core.json.JsonArray items = get("/api/v1/volunteer/activities", member.accessToken()).expect(200).json()
        .getJsonArray("items");
    java.util.List<String> ids = items.stream().map(o -> ((io.vertx.core.json.JsonObject) o).getString("id")).toList();
    assertTrue(ids.indexOf(sooner) >= 0 && ids.indexOf(sooner) < ids.indexOf(later), ids::toString);
    io.vertx.core.json.JsonObject mine = items.getJsonObject(ids.indexOf(later));
    assertTrue(mine.getBoolean("mine"));
    assertEquals(false, items.getJsonObject(ids.indexOf(sooner)).getBoolean("mine"));
    Api.Session other = school.memberOf(school.branchB);
    java.util.List<String> theirs = get("/api/v1/volunteer/activities", other.accessToken()).expect(200).json()
        .getJsonArray("items").stream().map(o -> ((io.vertx.core.json.JsonObject) o).getString("id")).toList();
    assertTrue(!theirs.contains(later) && !theirs.contains(sooner), theirs::toString);
    get("/api/v1/volunteer/activities", null).expect(401);
  }

  @Test
  @DisplayName("30 concurrent sign-ups for 10 places give exactly 10")
  void capacity() throws Exception {
    Instant now = Instant.now();
    String id = activity(now.plusSeconds(3_600), now.plusSeconds(7_200), 10);
    List<Api.Session> members = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      members.add(school.memberOf(school.branchA));
    }
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Callable<Api.Res>> calls = new ArrayList<>();
      members.forEach(m -> calls.add(() -> post("/api/v1/volunteer/activities/" + id + "/signups", null, m.accessToken())));
      int ok = 0;
      int full = 0;
      for (var f : pool.invokeAll(calls)) {
        Api.Res r = f.get();
        ok += r.status() == 201 ? 1 : 0;
        full += r.status() == 409 ? 1 : 0;
      }
      assertEquals(10, ok);
      assertEquals(20, full);
    } finally {
      pool.shutdown();
    }
    assertEquals(10, TestServer.get().count("SELECT count(*) FROM volunteer_signups WHERE activity_id = '" + id + "'"));
    assertEquals(10, TestServer.get().count("SELECT signed_up FROM volunteer_activities WHERE id = '" + id + "'"));
  }

  @Test
  @DisplayName("on-site hours are checkout − checkin clipped to the activity; the organiser closes forgotten ones at the end")
  void onsiteHours() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String id = activity(now.plus(Duration.ofMinutes(20)), now.plus(Duration.ofMinutes(80)), null);
    Api.Session early = school.memberOf(school.branchA);
    Api.Session forgetful = school.memberOf(school.branchA);
    for (Api.Session m : List.of(early, forgetful)) {
      post("/api/v1/volunteer/activities/" + id + "/signups", null, m.accessToken()).expect(201);
      onsite(id, "checkin", m).expect(200);
    }
    onsite(id, "checkin", early).expect(200);
    TestServer.get().clock.advance(Duration.ofMinutes(50));
    JsonObject out = onsite(id, "checkout", early).expect(200).json();
    assertEquals("approved", out.getString("status"));
    assertEquals(0.5, out.getDouble("hours"), 0.02, "30 of the 50 minutes fall inside the activity");
    TestServer.get().clock.advance(Duration.ofHours(2));
    JsonObject closed = post("/api/v1/volunteer/activities/" + id + "/close", null, secretary.accessToken()).expect(200).json();
    assertEquals(1, closed.getInteger("closed"));
    JsonObject mine = get("/api/v1/me/volunteer", forgetful.accessToken()).expect(200).json();
    assertEquals(1.0, mine.getDouble("approvedHours"), 0.02, "closed at the activity's end, never beyond");
    assertEquals(1.0, get("/api/v1/me", forgetful.accessToken()).json().getDouble("volunteerHoursThisYear"), 0.02);
    Api.Session stranger = school.memberOf(school.branchA);
    onsite(id, "checkin", stranger).problem(422, "volunteer.not_signed_up");
  }

  @Test
  @DisplayName("self-reports: no self-approval, no overlaps, 8 h and 12 h tiers")
  void selfReports() {
    Api.Session member = school.memberOf(school.branchA);
    LocalDate yesterday = LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(1);
    Instant nine = yesterday.atTime(9, 0).atZone(ZoneId.of("Asia/Shanghai")).toInstant();
    String normal = report(member, nine, nine.plus(Duration.ofHours(3))).expect(201).json().getString("id");
    report(member, nine.plus(Duration.ofHours(2)), nine.plus(Duration.ofHours(4))).problem(409, "volunteer.overlap");
    JsonObject higher = report(member, nine.plus(Duration.ofHours(4)), nine.plus(Duration.ofHours(10))).expect(201).json();
    assertEquals("pending_higher", higher.getString("status"), "3 h + 6 h = 9 h in a day");
    report(member, nine.plus(Duration.ofHours(10)), nine.plus(Duration.ofHours(14))).problem(422, "volunteer.too_many_hours");

    post("/api/v1/volunteer/records/" + normal + "/review", new JsonObject().put("approve", true), member.accessToken())
        .problem(404, "not_found");
    post("/api/v1/volunteer/records/" + normal + "/review", new JsonObject().put("approve", true), secretary.accessToken())
        .expect(200);
    post("/api/v1/volunteer/records/" + normal + "/review", new JsonObject().put("approve", true), secretary.accessToken())
        .problem(409, "volunteer.already_reviewed");
    post("/api/v1/volunteer/records/" + higher.getString("id") + "/review", new JsonObject().put("approve", true),
        secretary.accessToken()).problem(403, "auth.forbidden");
    post("/api/v1/volunteer/records/" + higher.getString("id") + "/review", new JsonObject().put("approve", true),
        school.adminOf(school.collegeId).accessToken()).expect(200);

    Instant mine = nine.minus(Duration.ofDays(1));
    String own = report(secretary, mine, mine.plus(Duration.ofHours(1))).expect(201).json().getString("id");
    post("/api/v1/volunteer/records/" + own + "/review", new JsonObject().put("approve", true), secretary.accessToken())
        .problem(422, "volunteer.own_record");
    JsonObject hours = get("/api/v1/me/volunteer?year=" + yesterday.getYear(), member.accessToken()).expect(200).json();
    assertEquals(9.0, hours.getDouble("approvedHours"), 1e-9);

    // Sent back with a reason, which the member reads beside the record.
    Instant earlier = nine.minus(Duration.ofDays(3));
    String vague = report(member, earlier, earlier.plus(Duration.ofHours(1))).expect(201).json().getString("id");
    post("/api/v1/volunteer/records/" + vague + "/review", new JsonObject().put("approve", false)
        .put("note", "证明照片看不清，请补充"), secretary.accessToken()).expect(200);
    JsonObject back = get("/api/v1/me/volunteer?year=" + earlier.atZone(ZoneId.of("Asia/Shanghai")).getYear(),
        member.accessToken()).expect(200).json();
    JsonObject refused = back.getJsonArray("records").stream().map(JsonObject.class::cast)
        .filter(r -> vague.equals(r.getString("id"))).findFirst().orElseThrow();
    assertEquals("refused", refused.getString("status"));
    assertEquals("证明照片看不清，请补充", refused.getString("reviewNote"));
  }

  @Test
  @DisplayName("a member of another branch cannot sign up or review records outside their scope")
  void scope() {
    Instant now = Instant.now();
    String id = activity(now.plusSeconds(3_600), now.plusSeconds(7_200), null);
    Api.Session outsider = school.memberOf(school.branchB);
    post("/api/v1/volunteer/activities/" + id + "/signups", null, outsider.accessToken()).problem(404, "not_found");
    Api.Session member = school.memberOf(school.branchA);
    Instant t = School.daysAgoAtTen(3);
    String record = report(member, t, t.plus(Duration.ofHours(1))).expect(201).json().getString("id");
    post("/api/v1/volunteer/records/" + record + "/review", new JsonObject().put("approve", true),
        school.secretaryOf(school.branchB).accessToken()).problem(404, "not_found");
    get("/api/v1/orgs/" + school.branchA + "/volunteer-report", outsider.accessToken()).problem(403, "auth.forbidden");
    get("/api/v1/orgs/" + school.branchA + "/volunteer-records?status=pending", outsider.accessToken())
        .problem(403, "auth.forbidden");
    assertTrue(get("/api/v1/orgs/" + school.branchA + "/volunteer-records?status=pending&limit=100", secretary.accessToken())
        .expect(200).body().contains(record), "the secretary's review list has it");
    // A committee member (支委) follows the list a page at a time, but reviewing stays with the secretary.
    Api.Session committee = school.bound(school.branchA, "full", "committee");
    java.util.List<String> ids = Api.everyPage("/api/v1/orgs/" + school.branchA + "/volunteer-records", 2,
        committee.accessToken()).stream().map(r -> r.getString("id")).toList();
    assertTrue(ids.contains(record), "walking every page reaches it");
    assertEquals(ids.size(), new java.util.HashSet<>(ids).size(), "no record on two pages");
    post("/api/v1/volunteer/records/" + record + "/review", new JsonObject().put("approve", true),
        committee.accessToken()).problem(404, "not_found");
  }

  @Test
  @DisplayName("the certificate is a PNG whose total is the approved hours of the year")
  void certificate() throws Exception {
    Api.Session member = school.memberOf(school.branchA);
    LocalDate day = LocalDate.now(ZoneId.of("Asia/Shanghai")).minusDays(2);
    Instant eight = day.atTime(8, 0).atZone(ZoneId.of("Asia/Shanghai")).toInstant();
    String a = report(member, eight, eight.plus(Duration.ofMinutes(90))).expect(201).json().getString("id");
    report(member, eight.plus(Duration.ofHours(3)), eight.plus(Duration.ofHours(4))).expect(201);
    post("/api/v1/volunteer/records/" + a + "/review", new JsonObject().put("approve", true), secretary.accessToken())
        .expect(200);
    Api.Res png = get("/api/v1/me/volunteer/certificate.png?year=" + day.getYear(), member.accessToken()).expect(200);
    assertEquals("image/png", png.contentType());
    ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
    reader.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(png.bytes())));
    assertTrue(reader.read(0).getWidth() > 500);
    IIOMetadataNode root = (IIOMetadataNode) reader.getImageMetadata(0).getAsTree("javax_imageio_png_1.0");
    NodeList entries = root.getElementsByTagName("tEXtEntry");
    String total = null;
    for (int i = 0; i < entries.getLength(); i++) {
      IIOMetadataNode entry = (IIOMetadataNode) entries.item(i);
      if ("TotalHours".equals(entry.getAttribute("keyword"))) {
        total = entry.getAttribute("value");
      }
    }
    assertEquals("1.5", total, "only the approved 90 minutes count");
  }

  @Test
  @DisplayName("finding 4: nobody is checked in at two activities at once; a self-report cannot overlap an open check-in")
  void onsiteOverlap() {
    // at 10:00 Beijing time on the server's clock: run near midnight, the reports below would span two days
    TestServer.get().clock.advance(Duration.between(Instant.now(), School.daysAgoAtTen(0)));
    Instant now = TestServer.get().clock.instant().truncatedTo(ChronoUnit.SECONDS);
    String first = activity(now.plus(Duration.ofMinutes(10)), now.plus(Duration.ofMinutes(70)), null);
    String second = activity(now.plus(Duration.ofMinutes(10)), now.plus(Duration.ofMinutes(70)), null);
    Api.Session member = school.memberOf(school.branchA);
    for (String id : List.of(first, second)) {
      post("/api/v1/volunteer/activities/" + id + "/signups", null, member.accessToken()).expect(201);
    }
    onsite(first, "checkin", member).expect(200);
    onsite(second, "checkin", member).problem(409, "volunteer.overlap");
    report(member, now.minus(Duration.ofMinutes(5)), now).expect(201);
    TestServer.get().clock.advance(Duration.ofMinutes(30));
    report(member, now.plus(Duration.ofMinutes(15)), now.plus(Duration.ofMinutes(25))).problem(409, "volunteer.overlap");
    onsite(first, "checkout", member).expect(200);
    TestServer.get().clock.advance(Duration.ofMinutes(1));
    onsite(second, "checkin", member).expect(200);
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM volunteer_records WHERE person_id = '" + member.id()
        + "' AND activity_id = '" + second + "'"), "after checking out of the first, the second is fine");
  }

  @Test
  @DisplayName("finding 4: an organiser's own on-site hours wait for someone else; they never close or approve them")
  void organiserOwnHours() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    String id = activity(now.plus(Duration.ofMinutes(10)), now.plus(Duration.ofMinutes(70)), null);
    Api.Session member = school.memberOf(school.branchA);
    for (Api.Session who : List.of(secretary, member)) {
      post("/api/v1/volunteer/activities/" + id + "/signups", null, who.accessToken()).expect(201);
      onsite(id, "checkin", who).expect(200);
    }
    TestServer.get().clock.advance(Duration.ofHours(2));
    JsonObject closed = post("/api/v1/volunteer/activities/" + id + "/close", null, secretary.accessToken())
        .expect(200).json();
    assertEquals(1, closed.getInteger("closed"), "the organiser closes the member's check-out, not their own");
    assertEquals("open", TestServer.get().text("SELECT status FROM volunteer_records WHERE person_id = '"
        + secretary.id() + "' AND activity_id = '" + id + "'"));

    JsonObject own = onsite(id, "checkout", secretary).expect(200).json();
    assertEquals("pending", own.getString("status"), "the organiser's own hours need another reviewer");
    assertEquals(0.0, get("/api/v1/me", secretary.accessToken()).json().getDouble("volunteerHoursThisYear"), 1e-9);
    String record = own.getString("recordId");
    post("/api/v1/volunteer/records/" + record + "/review", new JsonObject().put("approve", true), secretary.accessToken())
        .problem(422, "volunteer.own_record");
    assertTrue(get("/api/v1/orgs/" + school.branchA + "/volunteer-records?status=pending&limit=100",
        school.adminOf(school.collegeId).accessToken()).expect(200).body().contains(record), "it is in the review list");
    post("/api/v1/volunteer/records/" + record + "/review", new JsonObject().put("approve", true),
        school.adminOf(school.collegeId).accessToken()).expect(200);
    assertEquals(1.0, get("/api/v1/me", secretary.accessToken()).json().getDouble("volunteerHoursThisYear"), 0.02);
  }
}
