package cn.zhibu.development;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The procedure's timing, as the service asks it. */
class DevelopmentRulesTest {
  private final DevelopmentRules rules = new DevelopmentRules(Map.of(
      Milestone.FIRST_TALK, new DevelopmentRules.Rule(0, 0, 1),
      Milestone.CANDIDATE, new DevelopmentRules.Rule(12, 0, null),
      Milestone.BRANCH_VOTE, new DevelopmentRules.Rule(0, 5, null),
      Milestone.FULL_MEMBER, new DevelopmentRules.Rule(12, 0, 13)));
  private final LocalDate today = LocalDate.of(2026, 11, 25);

  private String refused(Milestone m, LocalDate date, Milestone last, LocalDate lastDate) {
    var e = rules.refusal(m, date, Optional.ofNullable(last), lastDate, today);
    return e == null ? null : e.code();
  }

  @Test
  @DisplayName("steps come in order: the first is the application, none is skipped, none is in the future")
  void order() {
    assertNull(refused(Milestone.APPLICATION, today, null, null));
    assertEquals("development.out_of_order", refused(Milestone.ACTIVIST, today, null, null));
    assertEquals("development.out_of_order", refused(Milestone.ACTIVIST, today, Milestone.APPLICATION, today));
    assertEquals("development.out_of_order", refused(Milestone.APPLICATION, today, Milestone.APPLICATION, today));
    assertNull(refused(Milestone.LEAGUE_RECOMMENDATION, today, Milestone.FIRST_TALK, today), "推优 may come");
    assertNull(refused(Milestone.ACTIVIST, today, Milestone.FIRST_TALK, today), "or be skipped");
    assertEquals(Milestone.ACTIVIST, Milestone.FIRST_TALK.next().orElseThrow(), "the next required step");
    assertEquals("development.future_date", refused(Milestone.APPLICATION, today.plusDays(1), null, null));
  }

  @Test
  @DisplayName("a year as activist before candidate; a year of probation before full membership")
  void years() {
    LocalDate activist = LocalDate.of(2024, 2, 1); // a leap year: a year is twelve months, not 365 days
    // after the training, counted from becoming an activist (the service passes that date: Milestone.measuredFrom)
    assertEquals("development.too_early", refused(Milestone.CANDIDATE, LocalDate.of(2025, 1, 31),
        Milestone.ACTIVIST_TRAINING, activist));
    assertNull(refused(Milestone.CANDIDATE, LocalDate.of(2025, 2, 1), Milestone.ACTIVIST_TRAINING, activist));
    assertEquals("development.out_of_order", refused(Milestone.CANDIDATE, LocalDate.of(2025, 2, 1), Milestone.ACTIVIST,
        activist), "not without the activist's training");
    LocalDate oath = LocalDate.of(2025, 11, 30);
    assertEquals("development.too_early", refused(Milestone.FULL_MEMBER, today, Milestone.OATH, oath),
        "measured from the step before (the oath), a day short of a year");
  }

  @Test
  @DisplayName("five working days of 公示: a notice on Monday allows the vote from the next Monday, not the weekend")
  void workingDays() {
    LocalDate monday = LocalDate.of(2026, 11, 16);
    assertEquals(LocalDate.of(2026, 11, 23), rules.earliest(Milestone.BRANCH_VOTE, monday));
    assertEquals("development.too_early",
        refused(Milestone.BRANCH_VOTE, LocalDate.of(2026, 11, 21), Milestone.PUBLIC_NOTICE, monday));
    assertNull(refused(Milestone.BRANCH_VOTE, LocalDate.of(2026, 11, 23), Milestone.PUBLIC_NOTICE, monday));
  }

  @Test
  @DisplayName("what is next: the first talk is due within a month of the application; nothing after full membership")
  void next() {
    LocalDate applied = LocalDate.of(2026, 11, 1);
    var next = rules.next(Optional.of(Milestone.APPLICATION), applied).orElseThrow();
    assertEquals(Milestone.FIRST_TALK, next.milestone());
    assertEquals(LocalDate.of(2026, 12, 1), next.dueBy());
    assertEquals(Milestone.APPLICATION, rules.next(Optional.empty(), null).orElseThrow().milestone());
    assertEquals(Optional.empty(), rules.next(Optional.of(Milestone.FULL_MEMBER), applied));
  }

  @Test
  @DisplayName("the 预备期 is counted from the 支部大会's vote (党章 第七条), every other wait from the step before it")
  void probationFromTheVote() {
    java.util.List<DevelopmentRepository.Step> steps = java.util.List.of(
        new DevelopmentRepository.Step(Milestone.BRANCH_VOTE, LocalDate.of(2025, 3, 10), null, null, null),
        new DevelopmentRepository.Step(Milestone.ADMITTED, LocalDate.of(2025, 3, 20), null, null, null),
        new DevelopmentRepository.Step(Milestone.OATH, LocalDate.of(2025, 4, 1), null, null, null));
    assertEquals(LocalDate.of(2025, 3, 10), DevelopmentRepository.Step.countedFrom(Milestone.FULL_MEMBER, steps));
    assertEquals(LocalDate.of(2025, 4, 1), DevelopmentRepository.Step.countedFrom(Milestone.OATH, steps));
  }

  @Test
  @DisplayName("the 支部大会's vote passes with more than half of those entitled present and for; only that step carries one")
  void votes() {
    assertEquals(null, DevelopmentRules.voteRefusal(Milestone.BRANCH_VOTE, new DevelopmentRules.Vote(20, 11, 11, 0, 0)));
    assertEquals("development.vote_failed",
        DevelopmentRules.voteRefusal(Milestone.BRANCH_VOTE, new DevelopmentRules.Vote(20, 10, 10, 0, 0)).code(), "half present is not more");
    assertEquals("development.vote_failed",
        DevelopmentRules.voteRefusal(Milestone.BRANCH_VOTE, new DevelopmentRules.Vote(20, 18, 10, 5, 3)).code(), "for must be over half of 20");
    assertEquals("development.vote_failed",
        DevelopmentRules.voteRefusal(Milestone.BRANCH_VOTE, new DevelopmentRules.Vote(20, 12, 11, 2, 0)).code(), "13 votes from 12 present");
    assertEquals("development.vote_missing", DevelopmentRules.voteRefusal(Milestone.BRANCH_VOTE, null).code());
    assertEquals("development.vote_missing",
        DevelopmentRules.voteRefusal(Milestone.OATH, new DevelopmentRules.Vote(20, 11, 11, 0, 0)).code());
  }
}
