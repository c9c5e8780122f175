package cn.zhibu.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WorkflowTest {
  private static final List<String> STATES = List.of("held", "submitted", "accepted", "assigned", "in_progress",
      "resolved", "closed", "rejected");

  @Test
  @DisplayName("each action leads where the table says, and nowhere from any other state")
  void table() {
    assertEquals("accepted", Workflow.next("submitted", "accept"));
    assertEquals("accepted", Workflow.next("held", "accept"));
    assertEquals("in_progress", Workflow.next("accepted", "start"));
    assertEquals("resolved", Workflow.next("in_progress", "resolve"));
    assertEquals("closed", Workflow.next("resolved", "confirm"));
    assertEquals("in_progress", Workflow.next("resolved", "reopen"));
    assertEquals("submitted", Workflow.next("assigned", "return"));
    int allowed = 0;
    for (String state : STATES) {
      for (String action : Workflow.RULES.keySet()) {
        if (Workflow.next(state, action) != null) {
          allowed++;
        }
      }
    }
    assertEquals(Workflow.RULES.values().stream().mapToInt(r -> r.from().size()).sum(), allowed);
    for (String action : Workflow.RULES.keySet()) {
      assertNull(Workflow.next("closed", action), "closed is final");
      assertNull(Workflow.next("rejected", action), "rejected is final");
    }
    assertNull(Workflow.next("submitted", "fly"));
  }
}
