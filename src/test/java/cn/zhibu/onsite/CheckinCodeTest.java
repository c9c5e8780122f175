package cn.zhibu.onsite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CheckinCodeTest {
  private final UUID eventId = UUID.randomUUID();
  private final CheckinCode code = new CheckinCode("a secret of thirty-two bytes!!!!".getBytes(), eventId, 30);
  private final Instant t = Instant.parse("2026-11-24T02:00:05Z");

  @Test
  @DisplayName("a code fits a mini-program scene and names its event")
  void shape() {
    String shown = code.at(t);
    assertTrue(shown.length() <= 32, shown);
    assertEquals(eventId, CheckinCode.eventOf(shown.substring(0, shown.indexOf('.'))));
    assertEquals(Instant.parse("2026-11-24T02:00:30Z"), code.expiresAt(t));
  }

  @Test
  @DisplayName("the current and the previous step are accepted; two steps back is expired")
  void steps() {
    String shown = code.at(t);
    assertEquals(CheckinCode.Verdict.VALID, code.verify(shown, t));
    assertEquals(CheckinCode.Verdict.VALID, code.verify(shown, t.plusSeconds(30)));
    assertEquals(CheckinCode.Verdict.EXPIRED, code.verify(shown, t.plusSeconds(60)));
    assertEquals(CheckinCode.Verdict.EXPIRED, code.verify(shown, t.plusSeconds(3_600)));
    assertNotEquals(shown, code.at(t.plusSeconds(30)), "the code rotates every step");
  }

  @Test
  @DisplayName("another event's code, a forged mac and garbage are invalid")
  void invalid() {
    CheckinCode other = new CheckinCode("a secret of thirty-two bytes!!!!".getBytes(), UUID.randomUUID(), 30);
    assertEquals(CheckinCode.Verdict.INVALID, code.verify(other.at(t), t));
    String shown = code.at(t);
    String forged = shown.substring(0, shown.length() - 1) + (shown.endsWith("a") ? "b" : "a");
    assertEquals(CheckinCode.Verdict.INVALID, code.verify(forged, t));
    assertEquals(CheckinCode.Verdict.INVALID, code.verify("garbage", t));
    CheckinCode otherSecret = new CheckinCode("another secret, thirty-two bytes".getBytes(), eventId, 30);
    assertEquals(CheckinCode.Verdict.INVALID, otherSecret.verify(shown, t), "the same event id with a guessed key");
  }

  @Test
  @DisplayName("haversine: Tiananmen to the Forbidden City's north gate is about 1.2 km")
  void distance() {
    double metres = Geo.distanceMetres(39.9087, 116.3975, 39.9200, 116.3970);
    assertTrue(metres > 1_200 && metres < 1_300, "got " + metres);
    assertEquals(0.0, Geo.distanceMetres(30, 120, 30, 120), 1e-9);
  }
}
