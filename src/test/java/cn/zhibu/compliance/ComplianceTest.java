package cn.zhibu.compliance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ComplianceTest {
  private final Compliance.Period november = new Compliance.Period(YearMonth.of(2026, 11));
  private static final UUID BRANCH = UUID.randomUUID();
  private static final Compliance.Group GROUP = new Compliance.Group(UUID.randomUUID(), "第一党小组");
  private static final Compliance.Group OTHER = new Compliance.Group(UUID.randomUUID(), "第二党小组");
  /** The defaults of the rules table (V16). */
  private static final List<Compliance.Rule> RULES = List.of(
      new Compliance.Rule("party_day", Compliance.Cadence.MONTHLY, false),
      new Compliance.Rule("committee_meeting", Compliance.Cadence.MONTHLY, false),
      new Compliance.Rule("group_meeting", Compliance.Cadence.MONTHLY, true),
      new Compliance.Rule("branch_assembly", Compliance.Cadence.QUARTERLY, false),
      new Compliance.Rule("party_lesson", Compliance.Cadence.QUARTERLY, false),
      new Compliance.Rule("life_meeting", Compliance.Cadence.YEARLY, false),
      new Compliance.Rule("democratic_review", Compliance.Cadence.YEARLY, false));

  @Test
  @DisplayName("periods are the school's (Asia/Shanghai) month, quarter and year")
  void periods() {
    assertEquals(Instant.parse("2026-10-31T16:00:00Z"), november.monthStart());
    assertEquals(Instant.parse("2026-09-30T16:00:00Z"), november.quarterStart());
    assertEquals(Instant.parse("2026-12-31T16:00:00Z"), november.quarterEnd());
    assertEquals("2026-Q4", november.quarter());
  }

  @Test
  @DisplayName("a quarterly meeting held in October counts for November; a monthly one does not")
  void windows() {
    Instant october = Instant.parse("2026-10-15T02:00:00Z");
    Reports.Judged branch = Compliance.branch(november, RULES, BRANCH, List.of(GROUP), List.of(
        new Compliance.Held(BRANCH, "branch_assembly", october, 10, 6, 0, true, false),
        new Compliance.Held(GROUP.id(), "group_meeting", october, 10, 10, 0, true, false)));
    assertTrue(branch.missing().contains("group_meeting"));
    assertFalse(branch.missing().contains("branch_assembly"));
    assertTrue(branch.missing().contains("party_lesson"));
  }

  @Test
  @DisplayName("held means at least half of those expected and not on approved leave checked in; an empty event never counts")
  void half() {
    Instant t = Instant.parse("2026-11-10T02:00:00Z");
    assertTrue(new Compliance.Held(BRANCH, "party_day", t, 10, 5, 0, true, false).counts());
    assertFalse(new Compliance.Held(BRANCH, "party_day", t, 10, 4, 0, true, false).counts());
    assertTrue(new Compliance.Held(BRANCH, "party_day", t, 10, 4, 3, true, false).counts(), "4 of the 7 not on leave");
    assertTrue(new Compliance.Held(BRANCH, "party_day", t, 10, 2, 6, true, false).counts(), "10 expected, 6 on leave, 2 of 4 present");
    assertFalse(new Compliance.Held(BRANCH, "party_day", t, 10, 1, 6, true, false).counts());
    assertFalse(new Compliance.Held(BRANCH, "party_day", t, 10, 0, 10, true, false).counts(), "everyone on leave: nothing was held");
    assertFalse(new Compliance.Held(BRANCH, "party_day", t, 0, 0, 0, true, false).counts());
    Reports.Judged branch = Compliance.branch(november, RULES, BRANCH, List.of(),
        List.of(new Compliance.Held(BRANCH, "party_day", t, 10, 4, 2, true, false)));
    assertEquals(0.5, branch.attendanceRate(), 1e-9, "4 of the 8 not on leave");
    Reports.Judged withLater = Compliance.branch(november, RULES, BRANCH, List.of(), List.of(
        new Compliance.Held(BRANCH, "party_day", t, 10, 4, 2, true, false),
        new Compliance.Held(BRANCH, "branch_assembly", t.plusSeconds(86_400 * 10), 10, 0, 0, false, false)));
    assertEquals(0.5, withLater.attendanceRate(), 1e-9, "a meeting not yet ended counts for nothing");
  }

  @Test
  @DisplayName("a 党小组会 is owed by each group: one group holding it is not enough; a branch without groups owes none")
  void perGroup() {
    Instant t = Instant.parse("2026-11-10T02:00:00Z");
    List<Compliance.Held> oneGroup = List.of(new Compliance.Held(GROUP.id(), "group_meeting", t, 5, 5, 0, true, false));
    Reports.Judged two = Compliance.branch(november, RULES, BRANCH, List.of(GROUP, OTHER), oneGroup);
    assertTrue(two.missing().contains("group_meeting"));
    Reports.Requirement requirement = two.requirements().get(2);
    assertEquals("group_meeting", requirement.type());
    assertEquals(1, requirement.count());
    assertTrue(requirement.groups().get(0).held());
    assertFalse(requirement.groups().get(1).held());
    assertFalse(Compliance.branch(november, RULES, BRANCH, List.of(GROUP), oneGroup).missing()
        .contains("group_meeting"));
    Reports.Judged none = Compliance.branch(november, RULES, BRANCH, List.of(), List.of());
    assertFalse(none.missing().contains("group_meeting"), "no groups, no 党小组会 owed");
    assertFalse(none.requirements().get(2).required());
  }

  @Test
  @DisplayName("a 组织生活会 held in January naming last year counts for last year's December, not for this year")
  void reviewsLastYear() {
    List<Compliance.Rule> rules = List.of(new Compliance.Rule("life_meeting", Compliance.Cadence.YEARLY, false));
    Instant january = Instant.parse("2027-01-12T02:00:00Z");
    List<Compliance.Held> held = List.of(new Compliance.Held(BRANCH, "life_meeting", january, 10, 8, 0, true, false, 2026));
    Compliance.Period december = new Compliance.Period(YearMonth.of(2026, 12));
    assertFalse(Compliance.branch(december, rules, BRANCH, List.of(), held).missing().contains("life_meeting"),
        "it reviewed 2026");
    Compliance.Period nextDecember = new Compliance.Period(YearMonth.of(2027, 12));
    assertTrue(Compliance.branch(nextDecember, rules, BRANCH, List.of(), held).missing().contains("life_meeting"),
        "2027 still owes its own");
    List<Compliance.Held> unnamed = List.of(new Compliance.Held(BRANCH, "life_meeting", january, 10, 8, 0, true, false));
    assertFalse(Compliance.branch(nextDecember, rules, BRANCH, List.of(), unnamed).missing().contains("life_meeting"),
        "not named: it counts for the year it was held in");
  }

  @Test
  @DisplayName("biennial: owed once in the two calendar years ending with this one, missing only in December")
  void biennial() {
    List<Compliance.Rule> rules = List.of(new Compliance.Rule("democratic_review", Compliance.Cadence.BIENNIAL, false));
    Compliance.Period december = new Compliance.Period(YearMonth.of(2026, 12));
    Instant lastYear = Instant.parse("2025-06-15T02:00:00Z");
    Instant twoYearsAgo = Instant.parse("2024-12-15T02:00:00Z");
    assertFalse(Compliance.branch(december, rules, BRANCH, List.of(), List.of(
        new Compliance.Held(BRANCH, "democratic_review", lastYear, 0, 0, 0, true, true))).missing()
        .contains("democratic_review"));
    assertTrue(Compliance.branch(december, rules, BRANCH, List.of(), List.of(
        new Compliance.Held(BRANCH, "democratic_review", twoYearsAgo, 0, 0, 0, true, true))).missing()
        .contains("democratic_review"));
    assertTrue(Compliance.branch(november, rules, BRANCH, List.of(), List.of()).missing().isEmpty(),
        "not owed before December");
  }
}
