package cn.zhibu.checkin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ComplianceTest {
  private final Compliance.Period november = new Compliance.Period(YearMonth.of(2026, 11));

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
    JsonObject branch = Compliance.branch(november, List.of(
        new Compliance.Held("branch_assembly", october, 10, 6, 0),
        new Compliance.Held("group_meeting", october, 10, 10, 0)));
    assertTrue(branch.getJsonArray("missing").contains("group_meeting"));
    assertFalse(branch.getJsonArray("missing").contains("branch_assembly"));
    assertTrue(branch.getJsonArray("missing").contains("party_lesson"));
  }

  @Test
  @DisplayName("held means at least half of those expected and not on approved leave checked in; an empty event never counts")
  void half() {
    Instant t = Instant.parse("2026-11-10T02:00:00Z");
    assertTrue(new Compliance.Held("party_day", t, 10, 5, 0).counts());
    assertFalse(new Compliance.Held("party_day", t, 10, 4, 0).counts());
    assertTrue(new Compliance.Held("party_day", t, 10, 4, 3).counts(), "4 of the 7 not on leave");
    assertTrue(new Compliance.Held("party_day", t, 10, 2, 6).counts(), "10 expected, 6 on leave, 2 of 4 present");
    assertFalse(new Compliance.Held("party_day", t, 10, 1, 6).counts());
    assertFalse(new Compliance.Held("party_day", t, 10, 0, 10).counts(), "everyone on leave: nothing was held");
    assertFalse(new Compliance.Held("party_day", t, 0, 0, 0).counts());
    JsonObject branch = Compliance.branch(november, List.of(new Compliance.Held("party_day", t, 10, 4, 2)));
    assertEquals(0.5, branch.getDouble("attendanceRate"), 1e-9, "4 of the 8 not on leave");
  }
}
