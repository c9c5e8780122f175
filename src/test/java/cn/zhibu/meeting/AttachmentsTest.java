package cn.zhibu.meeting;

import static cn.zhibu.support.Api.get;
import static cn.zhibu.support.Api.post;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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

  /** A meeting of branch A starting in ten minutes, created by its secretary. */
  private static String meeting(School school, Api.Session secretary) {
    Instant now = Instant.now();
    return post("/api/v1/events", new JsonObject().put("orgId", school.branchA).put("type", "party_lesson")
        .put("title", "党课").put("startsAt", now.plusSeconds(600).toString()).put("endsAt", now.plusSeconds(4200).toString()),
        secretary.accessToken()).expect(201).json().getString("id");
  }

  @Test
  @DisplayName("organisers attach photos and PDFs checked by their bytes; whoever sees the meeting sees them; the uploader removes them")
  void attachments() throws Exception {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    Api.Session committee = school.bound(school.branchA, "full", "committee");
    Api.Session member = school.memberOf(school.branchA);
    Api.Session outsider = school.memberOf(school.branchB);
    String event = meeting(school, secretary);

    byte[] photo = png();
    JsonObject stored = upload(event, "会场照片.png", photo, secretary).expect(201).json();
    assertEquals("image/png", stored.getString("contentType"));
    assertEquals(photo.length, stored.getInteger("size"));
    JsonObject minutes = upload(event, "minutes.pdf", cn.zhibu.platform.MetadataTest.pdfWithAuthor(), committee)
        .expect(201).json();
    byte[] served = get("/api/v1/attachments/" + minutes.getString("id"), member.accessToken()).expect(200).bytes();
    assertFalse(cn.zhibu.platform.MetadataTest.contains(served, "Zhang San"), "the PDF's author is not kept");
    upload(event, "纪要.pdf", "%PDF-1.4\n%not really\n".getBytes(StandardCharsets.US_ASCII), committee)
        .problem(422, "attachment.unsupported_type");
    JsonObject phonePhoto = upload(event, "现场.jpg", cn.zhibu.platform.MetadataTest.phoneJpeg(6), secretary).expect(201).json();
    byte[] servedPhoto = get("/api/v1/attachments/" + phonePhoto.getString("id"), member.accessToken()).expect(200).bytes();
    assertFalse(cn.zhibu.platform.MetadataTest.contains(servedPhoto, "Zhang San"), "no GPS, device or name in a meeting photo");
    assertEquals(6, cn.zhibu.platform.MetadataTest.orientation(servedPhoto));
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
    assertEquals(3, get("/api/v1/events/" + event + "/attachments", member.accessToken()).expect(200).json()
        .getJsonArray("items").size());

    Api.send("DELETE", "/api/v1/attachments/" + id, null, committee.accessToken(), Map.of())
        .problem(403, "auth.forbidden");
    Api.send("DELETE", "/api/v1/attachments/" + id, null, secretary.accessToken(), Map.of()).expect(204);
    get("/api/v1/attachments/" + id, member.accessToken()).problem(404, "not_found");
    assertEquals(1, TestServer.get().count("SELECT count(*) FROM audit_log WHERE action = 'attachment.delete' "
        + "AND target = 'event:" + event + "'"));

    for (int i = 2; i < Attachments.MAX_PER_EVENT; i++) { // the minutes and the phone photo are there
      upload(event, "照片" + i + ".png", photo, secretary).expect(201);
    }
    upload(event, "one too many.png", photo, secretary).problem(422, "attachment.too_many");
    assertEquals(Attachments.MAX_PER_EVENT - 1, get("/api/v1/me/data", secretary.accessToken()).expect(200).json()
        .getJsonArray("uploadedFiles").size(), "what a person uploaded is in their own data (PIPL)");
  }

  @Test
  @DisplayName("the 20-file cap holds when 30 uploads arrive at once, and a meeting is cancelled once when several cancel at once")
  void capAndCancelUnderConcurrency() throws Exception {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    String event = meeting(school, secretary);
    byte[] photo = png();
    java.util.List<java.util.concurrent.CompletableFuture<Integer>> uploads = new java.util.ArrayList<>();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(10);
    try {
      for (int i = 0; i < 30; i++) {
        int n = i;
        uploads.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> upload(event, "p" + n + ".png", photo, secretary)
            .status(), pool));
      }
      java.util.Map<Integer, Long> statuses = uploads.stream().map(java.util.concurrent.CompletableFuture::join)
          .collect(java.util.stream.Collectors.groupingBy(s -> s, java.util.stream.Collectors.counting()));
      assertEquals(Map.of(201, 20L, 422, 10L), statuses);
      assertEquals(20, TestServer.get().count("SELECT count(*) FROM event_attachments WHERE event_id = '" + event + "'"));

      java.util.List<java.util.concurrent.CompletableFuture<Integer>> cancels = new java.util.ArrayList<>();
      for (int i = 0; i < 8; i++) {
        cancels.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> post("/api/v1/events/" + event + "/cancel",
            new JsonObject().put("reason", "改期"), secretary.accessToken()).status(), pool));
      }
      java.util.Map<Integer, Long> cancelled = cancels.stream().map(java.util.concurrent.CompletableFuture::join)
          .collect(java.util.stream.Collectors.groupingBy(s -> s, java.util.stream.Collectors.counting()));
      assertEquals(Map.of(200, 1L, 409, 7L), cancelled);
      assertEquals(1, TestServer.get().count("SELECT count(*) FROM audit_log WHERE action = 'event.cancel' AND target = 'event:"
          + event + "'"), "one cancellation, audited once");
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("a file sent with its own type (a raw PNG as image/png, a PDF as application/pdf) is taken like octet-stream; the type is still read from the bytes")
  void ownContentTypes() throws Exception {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    String event = meeting(school, secretary);
    String path = "/api/v1/events/" + event + "/attachments?name=p.png";
    assertEquals("image/png", Api.postRaw(path, png(), "image/png", secretary.accessToken()).expect(201).json()
        .getString("contentType"));
    assertEquals("application/pdf", Api.postRaw(path, cn.zhibu.platform.MetadataTest.pdfWithAuthor(), "application/pdf",
        secretary.accessToken()).expect(201).json().getString("contentType"));
    Api.postRaw(path, png(), "application/pdf", secretary.accessToken()).expect(201); // the header is not believed
    Api.postRaw(path, "<html>".getBytes(StandardCharsets.UTF_8), "image/png", secretary.accessToken())
        .problem(422, "attachment.unsupported_type");
    Api.postRaw(path, png(), "text/plain", secretary.accessToken()).problem(400, "request.unsupported_media_type");
  }

  /** A multipart/form-data body as wx.uploadFile sends it: one file part named "file", and a form field. */
  static byte[] multipart(String boundary, String fileName, String type, byte[] content) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nphoto\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\n"
        + "Content-Type: " + type + "\r\n\r\n";
    out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
    out.writeBytes(content);
    out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }

  @Test
  @DisplayName("a meeting photo sent by wx.uploadFile (multipart/form-data) is kept under the file's own name, without its metadata")
  void multipartUpload() throws Exception {
    School school = School.create();
    Api.Session secretary = school.secretaryOf(school.branchA);
    String event = meeting(school, secretary);
    byte[] body = multipart("zhibuBoundary7MA4", "现场.jpg", "image/jpeg", cn.zhibu.platform.MetadataTest.phoneJpeg(6));
    JsonObject stored = Api.postRaw("/api/v1/events/" + event + "/attachments", body,
        "multipart/form-data; boundary=zhibuBoundary7MA4", secretary.accessToken()).expect(201).json();
    assertEquals("现场.jpg", stored.getString("name"));
    assertEquals("image/jpeg", stored.getString("contentType"));
    byte[] served = get("/api/v1/attachments/" + stored.getString("id"), secretary.accessToken()).expect(200).bytes();
    assertFalse(cn.zhibu.platform.MetadataTest.contains(served, "Zhang San"));
    JsonObject photo = Api.postRaw("/api/v1/photos", multipart("b0undary", "a.png", "image/png", png()),
        "multipart/form-data; boundary=b0undary", secretary.accessToken()).expect(201).json();
    assertEquals("image/png", photo.getString("contentType"));
  }
}

