package cn.zhibu.platform;

import static cn.zhibu.support.Api.get;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** One file of words for the contract's codes, served as it is and used by the server's own spreadsheets. */
class LabelsApiTest {

  @Test
  @DisplayName("GET /labels serves api-spec/labels.json to anyone, cacheable; the server's meeting types are the same words")
  void served() throws Exception {
    var res = get("/api/v1/labels", null).expect(200);
    JsonObject served = res.json();
    JsonObject file = new JsonObject(Files.readString(Path.of("api-spec/labels.json")));
    assertEquals(file, served);
    assertEquals("public, max-age=3600", res.headers().firstValue("Cache-Control").orElse(""));
    assertEquals("民主评议党员", cn.zhibu.meeting.EventTypes.LABELS.get("democratic_review"));
    assertEquals(file.getJsonObject("eventTypes").getMap().keySet(), cn.zhibu.meeting.EventTypes.LABELS.keySet());
  }
}
