package cn.zhibu.course;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class StudyCreditTest {

  @Test
  @DisplayName("credit is the smaller of wall-clock time and playback advance")
  void smaller() {
    assertEquals(30, StudyCredit.credit(30, 0, 30, 300, 0));
    assertEquals(30, StudyCredit.credit(30, 0, 600, 300, 0), "claiming 10 minutes after 30 s earns 30 s");
    assertEquals(10, StudyCredit.credit(30, 20, 30, 300, 0), "paused most of the time");
  }

  @Test
  @DisplayName("seeking back, a gap over a minute and a finished lesson earn nothing")
  void nothing() {
    assertEquals(0, StudyCredit.credit(30, 100, 50, 300, 0));
    assertEquals(0, StudyCredit.credit(3_600, 0, 300, 300, 0), "asleep for an hour");
    assertEquals(0, StudyCredit.credit(30, 0, 30, 300, 300));
    assertEquals(5, StudyCredit.credit(30, 0, 30, 300, 295), "never past the lesson's length");
  }

  @Test
  @DisplayName("complete at 90 %; 32 h for members, 56 h for leaders")
  void thresholds() {
    assertTrue(StudyCredit.complete(270, 300));
    assertFalse(StudyCredit.complete(269, 300));
    assertEquals(32, StudyCredit.requiredHours(false, true));
    assertEquals(56, StudyCredit.requiredHours(true, true));
    assertEquals(0, StudyCredit.requiredHours(false, false));
  }

  @Test
  @DisplayName("a leader meets the requirement with 56 h and a 集中培训; a member with 32 h, no training needed")
  void meets() {
    org.junit.jupiter.api.Assertions.assertFalse(StudyCredit.meets(60, true, true, false), "56 h without a training");
    org.junit.jupiter.api.Assertions.assertTrue(StudyCredit.meets(56, true, true, true));
    org.junit.jupiter.api.Assertions.assertFalse(StudyCredit.meets(55.75, true, true, true));
    org.junit.jupiter.api.Assertions.assertTrue(StudyCredit.meets(32, false, true, false));
  }
}
