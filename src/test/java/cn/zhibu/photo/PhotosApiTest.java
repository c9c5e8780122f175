package cn.zhibu.photo;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static cn.zhibu.support.Api.postRaw;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Photos for requests and volunteer reports: kept, shown only where what shows them is seen. */
class PhotosApiTest {
  static School school;
  static Api.Session collegeAdmin;
  static Api.Session secretaryA;
  static Api.Session memberB;

  /**
   * A real JPEG of about {@code size} bytes (noise compresses badly), as a phone sends; above the 5 MB limit just
   * bytes that begin like one (the size refuses them before anything reads them).
   */
  static byte[] jpeg(int size) {
    if (size > 5 * 1024 * 1024) {
      byte[] bytes = new byte[size];
      Arrays.fill(bytes, (byte) 0x11);
      bytes[0] = (byte) 0xFF;
      bytes[1] = (byte) 0xD8;
      bytes[2] = (byte) 0xFF;
      return bytes;
    }
    int side = Math.max(8, (int) Math.sqrt(size / 2.0));
    java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(side, side, java.awt.image.BufferedImage.TYPE_INT_RGB);
    java.util.Random random = new java.util.Random(size);
    for (int x = 0; x < side; x++) {
      for (int y = 0; y < side; y++) {
        image.setRGB(x, y, random.nextInt());
      }
    }
    try {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      javax.imageio.ImageIO.write(image, "jpg", out);
      return out.toByteArray();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeAll
  static void setUp() {
    school = School.create();
    collegeAdmin = school.adminOf(school.collegeId);
    secretaryA = school.secretaryOf(school.branchA);
    memberB = school.memberOf(school.branchB);
  }

  static JsonObject upload(Api.Session who, byte[] bytes) {
    return postRaw("/api/v1/photos", bytes, "application/octet-stream", who.accessToken()).expect(201).json();
  }

  static String path(JsonObject photo) {
    return photo.getString("url").replaceFirst("^https?://[^/]+", "");
  }

  @Test
  @DisplayName("a photo is kept by its bytes' type and shown to its sender only, until something shows it")
  void keptAndPrivate() {
    Api.Session student = Api.newcomer();
    byte[] bytes = jpeg(2048);
    JsonObject photo = upload(student, bytes);
    assertEquals("image/jpeg", photo.getString("contentType"));
    assertEquals(bytes.length, photo.getInteger("size"), "a JPEG with nothing to take out is kept as sent");
    assertTrue(photo.getString("url").matches("http://127\\.0\\.0\\.1:\\d+/api/v1/photos/" + photo.getString("id")),
        photo.getString("url"));
    Api.Res mine = get(path(photo), student.accessToken()).expect(200);
    assertEquals("image/jpeg", mine.contentType());
    assertArrayEquals(bytes, mine.bytes());
    get(path(photo), memberB.accessToken()).problem(404, "not_found");
    get(path(photo), collegeAdmin.accessToken()).problem(404, "not_found");
    get(path(photo), null).expect(401);
    JsonArray kept = get("/api/v1/me/data", student.accessToken()).expect(200).json().getJsonArray("photos");
    assertEquals(photo.getString("id"), kept.getJsonObject(0).getString("id"), "PIPL: a person's data includes their photos");
  }

  @Test
  @DisplayName("anything but JPEG or PNG is refused whatever it is called, and nothing is kept")
  void onlyPhotos() {
    Api.Session student = Api.newcomer();
    postRaw("/api/v1/photos", "%PDF-1.7 not a photo".getBytes(), "application/octet-stream", student.accessToken())
        .problem(422, "photo.unsupported_type");
    postRaw("/api/v1/photos", new byte[] {1, 2, 3}, "application/octet-stream", student.accessToken())
        .problem(422, "photo.unsupported_type");
    postRaw("/api/v1/photos", jpeg(6 * 1024 * 1024), "application/octet-stream", student.accessToken())
        .problem(400, "request.too_large");
    assertEquals(0, cn.zhibu.support.TestServer.get().count(
        "SELECT count(*) FROM photos WHERE uploaded_by = '" + student.id() + "'"));
  }

  @Test
  @DisplayName("a request's photo is seen by its handlers, an anonymous one too, and by nobody outside")
  void requestPhotos() {
    Api.Session student = Api.newcomer();
    JsonObject photo = upload(student, jpeg(1000));
    JsonObject filed = post("/api/v1/requests", new JsonObject().put("category", "后勤").put("title", "路灯坏了")
        .put("content", "图书馆门口路灯不亮").put("anonymous", true).put("orgId", school.collegeId)
        .put("photoUrls", new JsonArray().add(photo.getString("url"))), student.accessToken()).expect(201).json();
    get(path(photo), collegeAdmin.accessToken()).expect(200);
    get(path(photo), memberB.accessToken()).problem(404, "not_found");
    JsonObject seen = get("/api/v1/requests/" + filed.getString("id"), collegeAdmin.accessToken()).expect(200).json();
    assertEquals(photo.getString("url"), seen.getJsonArray("photoUrls").getString(0));
    assertFalse(seen.containsKey("requester"), "anonymous stays anonymous beside its photo");
  }

  @Test
  @DisplayName("a volunteer report's evidence is seen by the member's secretary, not by another branch")
  void volunteerEvidence() {
    Api.Session member = school.memberOf(school.branchA);
    JsonObject photo = upload(member, jpeg(1500));
    Instant start = School.daysAgoAtTen(1);
    post("/api/v1/volunteer/records", new JsonObject().put("startedAt", start.toString())
        .put("endedAt", start.plus(2, ChronoUnit.HOURS).toString()).put("description", "社区敬老院陪护")
        .put("evidenceUrls", new JsonArray().add(photo.getString("url"))), member.accessToken()).expect(201);
    get(path(photo), secretaryA.accessToken()).expect(200);
    get(path(photo), school.secretaryOf(school.branchB).accessToken()).problem(404, "not_found");
  }

  @Test
  @DisplayName("a phone's photo is kept without its GPS position, device, author or comments — an anonymous requester's too — and stays upright")
  void metadataStripped() throws Exception {
    Api.Session student = Api.newcomer();
    byte[] sent = cn.zhibu.platform.MetadataTest.phoneJpeg(6);
    JsonObject photo = upload(student, sent);
    byte[] served = get(path(photo), student.accessToken()).expect(200).bytes();
    assertFalse(cn.zhibu.platform.MetadataTest.contains(served, "Zhang San"));
    assertFalse(cn.zhibu.platform.MetadataTest.contains(served, "GPS"));
    assertEquals(6, cn.zhibu.platform.MetadataTest.orientation(served));
    assertEquals(served.length, photo.getInteger("size"));
    JsonObject png = upload(student, cn.zhibu.platform.MetadataTest.pngWithText());
    assertFalse(cn.zhibu.platform.MetadataTest.contains(get(path(png), student.accessToken()).expect(200).bytes(), "Zhang San"));
    assertEquals(0, cn.zhibu.support.TestServer.get().count("SELECT count(*) FROM photos WHERE uploaded_by = '"
        + student.id() + "' AND position('Zhang San' in encode(data, 'escape')) > 0"), "nor in the database");
  }

  @Test
  @DisplayName("naming someone else's photo in one's own request or volunteer record shows it to nobody")
  void othersPhotosCannotBeClaimed() {
    Api.Session owner = Api.newcomer();
    JsonObject photo = upload(owner, jpeg(1200));
    Api.Session thief = school.memberOf(school.branchA);
    post("/api/v1/requests", new JsonObject().put("category", "生活").put("title", "宿舍热水").put("content", "热水不够用")
        .put("photoUrls", new JsonArray().add(photo.getString("url"))), thief.accessToken()).expect(201);
    Instant start = School.daysAgoAtTen(1);
    post("/api/v1/volunteer/records", new JsonObject().put("startedAt", start.toString())
        .put("endedAt", start.plus(1, ChronoUnit.HOURS).toString()).put("description", "社区服务")
        .put("evidenceUrls", new JsonArray().add(photo.getString("url"))), thief.accessToken()).expect(201);
    get(path(photo), thief.accessToken()).problem(404, "not_found");
    get(path(photo), secretaryA.accessToken()).problem(404, "not_found");
    get(path(photo), owner.accessToken()).expect(200);
  }

  @Test
  @DisplayName("a photo sent as image/jpeg or image/png, as phones send it, is kept")
  void ownContentTypes() throws Exception {
    Api.Session student = Api.newcomer();
    assertEquals(201, postRaw("/api/v1/photos", jpeg(1000), "image/jpeg", student.accessToken()).status());
    assertEquals(201, postRaw("/api/v1/photos", cn.zhibu.platform.MetadataTest.pngWithText(), "image/png",
        student.accessToken()).status());
  }

  private static String checkOf(JsonObject photo) {
    String id = photo.getString("url").replaceFirst(".*/photos/", "");
    return cn.zhibu.support.TestServer.get().text("SELECT coalesce(media_check, '') FROM photos WHERE id = '" + id + "'");
  }

  private static String waitForCheck(JsonObject photo) throws InterruptedException {
    for (int i = 0; i < 100; i++) {
      String check = checkOf(photo);
      if (!check.isEmpty() && !"pending".equals(check)) {
        return check;
      }
      Thread.sleep(50);
    }
    return checkOf(photo);
  }

  @Test
  @DisplayName("WeChat checks every kept photo: it fetches it through a signed link and pushes its verdict; a risky photo is then shown to nobody but its sender")
  void mediaCheck() throws Exception {
    cn.zhibu.wechat.FakeWeChat wechat = cn.zhibu.support.TestServer.get().wechat;
    Api.Session member = school.memberOf(school.branchA);
    JsonObject fine = upload(member, jpeg(1100));
    assertEquals("pass", waitForCheck(fine));
    wechat.nextMediaVerdict("risky");
    JsonObject risky = upload(member, jpeg(1300));
    assertEquals("risky", waitForCheck(risky));
    Instant start = School.daysAgoAtTen(1);
    post("/api/v1/volunteer/records", new JsonObject().put("startedAt", start.toString())
        .put("endedAt", start.plus(1, ChronoUnit.HOURS).toString()).put("description", "社区服务")
        .put("evidenceUrls", new JsonArray().add(fine.getString("url")).add(risky.getString("url"))), member.accessToken())
        .expect(201);
    get(path(fine), secretaryA.accessToken()).expect(200);
    get(path(risky), secretaryA.accessToken()).problem(404, "not_found");
    get(path(risky), member.accessToken()).expect(200); // its sender still sees what they sent
    assertTrue(wechat.calls().stream().anyMatch(c -> c.api().equals(cn.zhibu.wechat.FakeWeChat.MEDIA_CHECK)));
  }

  @Test
  @DisplayName("a push not signed with the message token is refused and changes nothing; the photo's check link needs its signature and expiry")
  void mediaCheckForgeries() throws Exception {
    Api.Session member = school.memberOf(school.branchA);
    JsonObject photo = upload(member, jpeg(1200));
    assertEquals("pass", waitForCheck(photo));
    String trace = cn.zhibu.support.TestServer.get().text("SELECT media_trace FROM photos WHERE id = '"
        + photo.getString("url").replaceFirst(".*/photos/", "") + "'");
    JsonObject forged = new JsonObject().put("Event", "wxa_media_check").put("trace_id", trace)
        .put("result", new JsonObject().put("suggest", "risky"));
    String ts = Long.toString(Instant.now().getEpochSecond());
    post("/api/v1/wechat/messages?signature=" + cn.zhibu.wechat.FakeWeChat.signature("guessed-token", ts, "n1")
        + "&timestamp=" + ts + "&nonce=n1", forged, null).problem(401, "wechat.bad_signature");
    assertEquals("pass", checkOf(photo));
    assertEquals("hello", get("/api/v1/wechat/messages?signature=" + cn.zhibu.wechat.FakeWeChat.signature(
        cn.zhibu.wechat.FakeWeChat.MESSAGE_TOKEN, ts, "n3") + "&timestamp=" + ts + "&nonce=n3&echostr=hello", null).expect(200).body());
    String id = photo.getString("url").replaceFirst(".*/photos/", "");
    get("/api/v1/photos/" + id + "/media?exp=" + (Instant.now().getEpochSecond() + 600) + "&sig=00", null)
        .problem(404, "not_found");
  }
}

