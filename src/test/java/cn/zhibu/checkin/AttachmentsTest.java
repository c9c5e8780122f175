package cn.zhibu.checkin;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import cn.zhibu.support.TestServer;
import io.vertx.core.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Photos and files of a meeting (issue 19). */
class AttachmentsTest {

  private static byte[] png() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", out);
    return out.toByteArray();
  }

  private static Api.Res upload(String eventId, String name, byte[] bytes, Api.Session who) {
    return Api.postRaw("/api/v1/events/" + eventId + "/attachments?name=" + java.net.URLEncoder.encode(name,
        StandardCharsets.UTF_8), bytes, "application/octet-stream", who.accessToken());
  }

  @Test
  @DisplayName("organisers attach photos and PDFs checked by their bytes; whoever sees the meeting sees them; the uploader removes them")
  void attachments() throws Exception {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session committee = school.bound(school.branchA, "full", "committee");
    Api.Session member = school.memberOf(school.branchA);
    Api.Session outsider = school.memberOf(school.branchB);
    Instant now = Instant.now();
    String event = post("/api/v1/events", new JsonObject().put("orgId", school.branchA).put("type", "party_lesson")
        .put("title", "党课").put("startsAt", now.plusSeconds(600).toString()).put("endsAt", now.plusSeconds(4200).toString()),
        secretary.accessToken()).expect(201).json().getString("id");

    byte[] photo = png();
    JsonObject stored = upload(event, "会场照片.png", photo, secretary).expect(201).json();
    assertEquals("image/png", stored.getString("contentType"));
    assertEquals(photo.length, stored.getInteger("size"));
    upload(event, "minutes.pdf", "%PDF-1.4\n%minutes\n".getBytes(StandardCharsets.US_ASCII), committee).expect(201);
    upload(event, "伪装.jpg", "<html>not a photo</html>".getBytes(StandardCharsets.UTF_8), secretary)
        .problem(422, "attachment.unsupported_type");
    byte[] huge = new byte[11 * 1024 * 1024];
    huge[0] = (byte) 0xFF;
    huge[1] = (byte) 0xD8;
    huge[2] = (byte) 0xFF;
    upload(event, "big.jpg", huge, secretary).expect(400);
    upload(event, "x.png", photo, member).problem(403, "auth.forbidden");

    String id = stored.getString("id");
    Api.Res file = get("/api/v1/attachments/" + id, member.accessToken()).expect(200);
    assertEquals("image/png", file.contentType());
    assertArrayEquals(photo, file.bytes());
    get("/api/v1/attachments/" + id, outsider.accessToken()).problem(404, "not_found");
    assertEquals(2, get("/api/v1/events/" + event + "/attachments", member.accessToken()).expect(200).json()
        .getJsonArray("items").size());

    Api.send("DELETE", "/api/v1/attachments/" + id, null, committee.accessToken(), Map.of())
        .problem(403, "auth.forbidden");
    Api.send("DELETE", "/api/v1/attachments/" + id, null, secretary.accessToken(), Map.of()).expect(204);
    get("/api/v1/attachments/" + id, member.accessToken()).problem(404, "not_found");
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM audit_log WHERE action = 'attachment.delete' "
        + "AND target = 'event:" + event + "'"));

    for (int i = 1; i < Attachments.MAX_PER_EVENT; i++) {
      upload(event, "照片" + i + ".png", photo, secretary).expect(201);
    }
    upload(event, "one too many.png", photo, secretary).problem(422, "attachment.too_many");
    assertEquals(Attachments.MAX_PER_EVENT - 1, get("/api/v1/me/data", secretary.accessToken()).expect(200).json()
        .getJsonArray("uploadedFiles").size(), "what a person uploaded is in their own data (PIPL)");
  }
}
