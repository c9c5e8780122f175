package cn.zhibu.points;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class PointRulesTest {

  @Test
  @DisplayName("an award is cut exactly at the daily cap, then at the yearly cap; deductions are never capped")
  void caps() {
    assertEquals(5, PointRules.ATTENDANCE.credit(5, 0, 0));
    assertEquals(5, PointRules.ATTENDANCE.credit(5, 15, 100));
    assertEquals(2, PointRules.ATTENDANCE.credit(5, 18, 100), "20 a day: 18 + 2");
    assertEquals(0, PointRules.ATTENDANCE.credit(5, 20, 100));
    assertEquals(3, PointRules.ATTENDANCE.credit(5, 0, 597), "600 a year: 597 + 3");
    assertEquals(0, PointRules.ATTENDANCE.credit(5, 0, 600));
    assertEquals(-10, PointRules.MANUAL.credit(-10, 50, 200));
  }

  @Test
  @DisplayName("weeks, months and years roll over at midnight Asia/Shanghai, not UTC")
  void rollover() {
    Instant sundayNight = Instant.parse("2026-11-29T15:59:59Z");
    Instant mondayMidnight = Instant.parse("2026-11-29T16:00:00Z");
    assertEquals("2026-W48", Periods.WEEK.key(sundayNight));
    assertEquals("2026-W49", Periods.WEEK.key(mondayMidnight));
    assertEquals(mondayMidnight, Periods.WEEK.start(mondayMidnight));
    assertEquals("2026-11", Periods.MONTH.key(Instant.parse("2026-11-30T15:59:59Z")));
    assertEquals("2026-12", Periods.MONTH.key(Instant.parse("2026-11-30T16:00:00Z")));
    assertEquals("2026", Periods.YEAR.key(Instant.parse("2026-12-31T15:59:59Z")));
    assertEquals("2027", Periods.YEAR.key(Instant.parse("2026-12-31T16:00:00Z")));
    assertEquals(Instant.parse("2026-11-23T16:00:00Z"), Periods.dayStart(Instant.parse("2026-11-24T03:00:00Z")));
  }

  @Test
  @DisplayName("scores rank higher values first and, for equal values, whoever reached them first")
  void scores() {
    Instant early = Instant.parse("2026-11-24T01:00:00Z");
    Instant late = Instant.parse("2026-11-24T02:00:00Z");
    assertTrue(Score.encode(10, early) > Score.encode(10, late));
    assertTrue(Score.encode(11, late) > Score.encode(10, early));
    assertEquals(10, Score.value(Score.encode(10, late)));
    assertEquals(-3, Score.value(Score.encode(-3, late)));
    assertEquals(0, Score.value(Score.encode(0, early)));
  }
}
