package cn.zhibu.term;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cn.zhibu.platform.ApiException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The count of an election at the 党员大会, as a pure rule. */
class ElectionCountTest {
  private static final UUID A = UUID.randomUUID();
  private static final UUID B = UUID.randomUUID();
  private static final UUID C = UUID.randomUUID();
  private static final UUID D = UUID.randomUUID();

  private static String code(Runnable judged) {
    return assertThrows(ApiException.class, judged::run).code();
  }

  @Test
  @DisplayName("more than half present, more candidates than seats, elected with more than half of those present")
  void counts() {
    var votes = List.of(new ElectionCount.Vote(A, 8), new ElectionCount.Vote(B, 7), new ElectionCount.Vote(C, 4),
        new ElectionCount.Vote(D, 3));
    ElectionCount.Outcome outcome = ElectionCount.judge(10, 8, 3, votes);
    assertEquals(List.of(A, B), outcome.elected(), "4 of 8 is not more than half");
    assertEquals(1, outcome.vacancies());
    assertEquals(List.of(A, B, C), ElectionCount.judge(10, 7, 3, List.of(new ElectionCount.Vote(A, 7),
        new ElectionCount.Vote(B, 6), new ElectionCount.Vote(C, 4), new ElectionCount.Vote(D, 3))).elected(), "4 of 7 is");
    assertEquals("election.no_quorum", code(() -> ElectionCount.judge(10, 5, 3, votes)), "5 of 10 is not more than half");
    assertEquals("election.no_competition", code(() -> ElectionCount.judge(10, 8, 4, votes)));
    assertEquals("election.invalid_candidates", code(() -> ElectionCount.judge(10, 6, 3, votes)), "8 votes from 6 present");
    assertEquals("election.invalid_candidates", code(() -> ElectionCount.judge(10, 8, 1,
        List.of(new ElectionCount.Vote(A, 5), new ElectionCount.Vote(A, 5)))));
  }

  @Test
  @DisplayName("a tie for the last seat is held again; a tie inside the seats is not a tie")
  void ties() {
    assertEquals("election.tie", code(() -> ElectionCount.judge(10, 8, 2, List.of(new ElectionCount.Vote(A, 8),
        new ElectionCount.Vote(B, 6), new ElectionCount.Vote(C, 6)))));
    assertEquals(java.util.Set.of(A, B), java.util.Set.copyOf(ElectionCount.judge(10, 8, 2, List.of(
        new ElectionCount.Vote(A, 6), new ElectionCount.Vote(B, 6), new ElectionCount.Vote(C, 5))).elected()));
  }

  @Test
  @DisplayName("a term is reminded 90 and 30 days ahead and once over, the most urgent mark only")
  void marks() {
    java.time.LocalDate end = java.time.LocalDate.of(2027, 6, 30);
    assertEquals(java.util.Optional.empty(), TermMarks.due(end, end.minusDays(91)));
    assertEquals(java.util.Optional.of("90"), TermMarks.due(end, end.minusDays(90)));
    assertEquals(java.util.Optional.of("90"), TermMarks.due(end, end.minusDays(31)));
    assertEquals(java.util.Optional.of("30"), TermMarks.due(end, end.minusDays(30)));
    assertEquals(java.util.Optional.of("30"), TermMarks.due(end, end), "the last day of the term");
    assertEquals(java.util.Optional.of("overdue"), TermMarks.due(end, end.plusDays(1)));
  }
}
