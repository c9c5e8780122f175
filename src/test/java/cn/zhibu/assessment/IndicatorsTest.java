package cn.zhibu.assessment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import cn.zhibu.compliance.Reports;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How a year's monthly compliance reports become the 三会一课 indicator, and how values earn points. */
class IndicatorsTest {
  private static final Map<String, String> WORDS = Map.of("branch_assembly", "支部党员大会", "committee_meeting", "支委会",
      "life_meeting", "组织生活会");

  /** A branch's month: the 支委会 held every month, the 党员大会 held in the quarters given, the 组织生活会 as given. */
  private static Indicators.Monthly month(int m, List<Integer> assemblyQuarters, boolean lifeMeeting) {
    boolean assembly = assemblyQuarters.contains((m + 2) / 3);
    return new Indicators.Monthly(String.format("2026-%02d", m), new Reports.Branch(UUID.randomUUID(), "第一党支部", List.of(
        new Reports.Requirement("committee_meeting", "monthly", false, true, true, 1, null),
        new Reports.Requirement("branch_assembly", "quarterly", false, true, assembly, assembly ? 1 : 0, null),
        new Reports.Requirement("life_meeting", "yearly", false, true, lifeMeeting, lifeMeeting ? 1 : 0, null)),
        List.of(), m <= 6 ? 0.5 : null));
  }

  @Test
  @DisplayName("two quarters without a 党员大会: 12 支委会 + 4 大会 + 1 组织生活会 owed, 15 held, the two missing named")
  void compliance() {
    List<Indicators.Monthly> year = new ArrayList<>();
    for (int m = 1; m <= 12; m++) {
      year.add(month(m, List.of(2, 4), true));
    }
    Indicators.Computed c = Indicators.compliance(year, WORDS);
    assertEquals(Math.round(15 * 1000.0 / 17) / 1000.0, c.value());
    assertEquals(List.of("2026 年第 1 季度 支部党员大会 未开", "2026 年第 3 季度 支部党员大会 未开"), c.evidence());
  }

  @Test
  @DisplayName("a year not over is judged on the months ended: a quarter still running owes nothing, the yearly meeting only in December")
  void partYear() {
    Indicators.Computed c = Indicators.compliance(List.of(month(1, List.of(), false), month(2, List.of(), false)), WORDS);
    assertEquals(1.0, c.value(), "two 支委会 owed and held; no quarter and no December yet");
    assertNull(Indicators.compliance(List.of(), WORDS).value(), "nothing to judge in January");
    Indicators.Computed attendance = Indicators.attendance(List.of(month(5, List.of(), false), month(8, List.of(), false)));
    assertEquals(0.5, attendance.value(), "months with no ended meeting have no rate and do not count");
  }

  @Test
  @DisplayName("points: weight times value over target, never above the weight; nothing without a value")
  void points() {
    assertEquals(20.0, Indicators.points(new Assessments.Indicator("dues", 40, null), 0.5));
    assertEquals(40.0, Indicators.points(new Assessments.Indicator("dues", 40, 0.8), 0.9));
    assertEquals(25.0, Indicators.points(new Assessments.Indicator("dues", 40, 0.8), 0.5));
    assertEquals(0.0, Indicators.points(new Assessments.Indicator("dues", 40, null), null));
  }
}
