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

  @Test
  @DisplayName("the actions offered are those the table allows the actor from the state, in the order of the desk")
  void allowed() {
    assertEquals(List.of("accept", "reject"), Workflow.allowed("submitted", Workflow.Actor.HANDLER));
    assertEquals(List.of("resolve", "return", "reject"), Workflow.allowed("in_progress", Workflow.Actor.HANDLER));
    assertEquals(List.of("confirm", "reopen"), Workflow.allowed("resolved", Workflow.Actor.REQUESTER));
    assertEquals(List.of(), Workflow.allowed("resolved", Workflow.Actor.HANDLER));
    for (String state : STATES) {
      for (Workflow.Actor actor : Workflow.Actor.values()) {
        Workflow.allowed(state, actor).forEach(a -> assertEquals(actor, Workflow.RULES.get(a).actor()));
        Workflow.allowed(state, actor).forEach(a -> org.junit.jupiter.api.Assertions.assertNotNull(Workflow.next(state, a)));
      }
    }
  }
}
