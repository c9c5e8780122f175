package cn.zhibu.org;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RosterEntryTest {

  @Test
  @DisplayName("Chinese stage and role values map to the API's words")
  void chineseValues() {
    RosterEntry entry = RosterEntry.of(2, " 2021001 ", "王芳", "", "正式党员", "支部书记");
    assertEquals("2021001", entry.number());
    assertEquals("full", entry.stage());
    assertEquals("secretary", entry.role());
    assertNull(entry.phone());
    assertNull(entry.problem());
    assertEquals("member", RosterEntry.of(3, "x1", "李", null, "预备党员", null).role());
  }

  @Test
  @DisplayName("each broken rule is named: number, name, phone, stage, role, and leaders who are not members")
  void problems() {
    assertNotNull(RosterEntry.of(1, "has space", "a", null, "full", "member").problem());
    assertNotNull(RosterEntry.of(1, "n1", " ", null, "full", "member").problem());
    assertNotNull(RosterEntry.of(1, "n1", "a", "12ab", "full", "member").problem());
    assertNotNull(RosterEntry.of(1, "n1", "a", null, "party member", "member").problem());
    assertNotNull(RosterEntry.of(1, "n1", "a", null, "full", "boss").problem());
    // A role above member is not a problem of the row: the import takes the person and warns (finding 2).
    assertNull(RosterEntry.of(1, "n1", "a", null, "activist", "committee").problem());
    assertNull(RosterEntry.of(1, "n1", "a", "+8613800001234", "candidate", "member").problem());
  }

}
