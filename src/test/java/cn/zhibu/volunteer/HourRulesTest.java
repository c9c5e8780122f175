package cn.zhibu.volunteer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HourRulesTest {
  private final Instant start = Instant.parse("2026-11-20T01:00:00Z");
  private final Instant end = Instant.parse("2026-11-20T03:00:00Z");

  @Test
  @DisplayName("on-site minutes are clipped to the activity's time")
  void clipping() {
    assertEquals(120, HourRules.clippedMinutes(start.minusSeconds(1_800), end.plusSeconds(3_600), start, end));
    assertEquals(30, HourRules.clippedMinutes(start.plusSeconds(5_400), end.plusSeconds(600), start, end));
    assertEquals(0, HourRules.clippedMinutes(end.plusSeconds(60), end.plusSeconds(600), start, end));
  }

  @Test
  @DisplayName("tiers: up to 8 h normal, over 8 h up to 12 h higher approval, over 12 h refused")
  void tiers() {
    assertEquals(HourRules.Tier.NORMAL, HourRules.tier(480));
    assertEquals(HourRules.Tier.HIGHER, HourRules.tier(481));
    assertEquals(HourRules.Tier.HIGHER, HourRules.tier(720));
    assertEquals(HourRules.Tier.REFUSED, HourRules.tier(721));
    assertEquals(6, HourRules.points(200, 2), "2 points a whole hour");
  }

  @Test
  @DisplayName("finding 4: on-site closings follow the day's tiers: over 8 h waits for the org above, over 12 h is cut")
  void onsiteClosing() {
    assertEquals(new HourRules.Closing("approved", 120), HourRules.closing(60, 120, false));
    assertEquals(new HourRules.Closing("pending", 120), HourRules.closing(60, 120, true));
    assertEquals(new HourRules.Closing("pending_higher", 180), HourRules.closing(7 * 60, 180, false));
    assertEquals(new HourRules.Closing("pending_higher", 60), HourRules.closing(11 * 60, 180, false));
    assertEquals(new HourRules.Closing("pending_higher", 0), HourRules.closing(12 * 60, 30, false));
  }
}
