package cn.zhibu.development;

import cn.zhibu.platform.ApiException;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * The timing rules of 发展党员, as data a school can change (the development_rules table): for a step, how long
 * after its predecessor it may be recorded at the earliest (calendar or working days) and by when it is due.
 * Defaults (V20, from the national 发展党员工作细则 and 党章): the first talk within one month of the application; a
 * year as activist before becoming a candidate; five working days of 公示 before the branch votes; a year of
 * probation, from the branch's vote, before becoming a full member ({@link Milestone#measuredFrom}).
 * Pure: the service reads the table and the person's steps and asks here.
 */
public final class DevelopmentRules {
  /** One step's timing, measured from the step before it. */
  public record Rule(int minMonths, int minWorkingDays, Integer dueWithinMonths) {
  }

  /** What comes next for a person: the step, the earliest date it may be recorded, and when it is due (or null). */
  public record Next(Milestone milestone, LocalDate earliest, LocalDate dueBy) {
  }

  private final Map<Milestone, Rule> rules;

  public DevelopmentRules(Map<Milestone, Rule> rules) {
    this.rules = rules;
  }

  private Rule rule(Milestone m) {
    return rules.getOrDefault(m, new Rule(0, 0, null));
  }

  /** The counts of the 支部大会's vote on an admission. */
  public record Vote(int eligible, int present, @com.fasterxml.jackson.annotation.JsonProperty("for") int votesFor,
      int against, int abstain) {
  }

  /**
   * Why the vote cannot be recorded with {@code m}, or null: only 支部大会讨论 carries one, and it must; it passes
   * when more than half of those entitled are present and more than half of those entitled vote for (national
   * 发展党员工作细则), with counts that add up. Also the check of {@code development_milestones_vote} (V38).
   */
  public static ApiException voteRefusal(Milestone m, Vote vote) {
    if ((m == Milestone.BRANCH_VOTE) != (vote != null)) {
      return ApiException.unprocessable("development.vote_missing",
          "支部大会讨论 is recorded with its vote (eligible, present, for, against, abstain), and only it");
    }
    if (vote == null) {
      return null;
    }
    boolean adds = vote.eligible() > 0 && vote.present() <= vote.eligible() && vote.votesFor() >= 0 && vote.against() >= 0
        && vote.abstain() >= 0 && vote.votesFor() + vote.against() + vote.abstain() <= vote.present();
    if (!adds || vote.present() * 2 <= vote.eligible() || vote.votesFor() * 2 <= vote.eligible()) {
      return ApiException.unprocessable("development.vote_failed", "The vote did not pass: more than half of those "
          + "entitled must be present and vote for, with for, against and abstentions no more than those present");
    }
    return null;
  }

  /** The earliest date {@code m} may have, given the date of the step before it. */
  public LocalDate earliest(Milestone m, LocalDate previous) {
    Rule rule = rule(m);
    LocalDate byDays = previous.plusMonths(rule.minMonths());
    LocalDate byWorkingDays = plusWorkingDays(previous, rule.minWorkingDays());
    return byWorkingDays.isAfter(byDays) ? byWorkingDays : byDays;
  }

  /**
   * Why {@code m} on {@code date} cannot be recorded after the steps recorded so far, or null. {@code last} is the
   * latest recorded step (empty for none) and {@code lastDate} its date.
   */
  public ApiException refusal(Milestone m, LocalDate date, Optional<Milestone> last, LocalDate lastDate, LocalDate today) {
    if (date.isAfter(today)) {
      return ApiException.unprocessable("development.future_date", "A step is recorded once it has happened");
    }
    java.util.List<Milestone> allowed = Milestone.allowedAfter(last);
    if (!allowed.contains(m)) {
      return ApiException.unprocessable("development.out_of_order", allowed.isEmpty() ? "The procedure is complete"
          : "The next step is " + String.join(" or ", allowed.stream().map(e -> e.key() + " (" + e.label() + ")").toList()));
    }
    if (last.isPresent()) {
      LocalDate earliest = earliest(m, lastDate);
      if (date.isBefore(earliest)) {
        return ApiException.unprocessable("development.too_early", m.key() + " (" + m.label() + ") can be recorded from "
            + earliest + " at the earliest");
      }
    }
    return null;
  }

  /** The step after {@code last}, with its earliest date and due date; empty when the procedure is complete. */
  public Optional<Next> next(Optional<Milestone> last, LocalDate lastDate) {
    Optional<Milestone> step = last.map(Milestone::next).orElse(Optional.of(Milestone.APPLICATION));
    if (step.isEmpty()) {
      return Optional.empty();
    }
    Milestone m = step.get();
    if (last.isEmpty()) {
      return Optional.of(new Next(m, null, null));
    }
    Integer due = rule(m).dueWithinMonths();
    return Optional.of(new Next(m, earliest(m, lastDate), due == null ? null : lastDate.plusMonths(due)));
  }

  /** Monday to Friday ({@link cn.zhibu.platform.Times#plusWorkingDays}). */
  static LocalDate plusWorkingDays(LocalDate from, int days) {
    return cn.zhibu.platform.Times.plusWorkingDays(from, days);
  }
}
