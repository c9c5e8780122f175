package cn.zhibu.compliance;

import cn.zhibu.meeting.AttendanceRate;
import cn.zhibu.platform.Times;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The "三会一课" cadence rules (domain.md): which meetings a branch must hold each month, quarter and year,
 * and whether it did. A meeting counts as held when at least half of its expected attendees who were not on
 * approved leave checked in: leave is a legitimate absence, not a failure of the branch (domain.md).
 */
final class Compliance {
  /**
   * How often a type is owed. BIENNIAL is "every two years" (seed 003 §8 for 民主评议): held in this calendar year
   * or the last one; like YEARLY it is missing only in December.
   */
  enum Cadence { MONTHLY, QUARTERLY, YEARLY, BIENNIAL }

  /** One required meeting type: how often, and whether each 党小组 of a branch owes it (not the branch). */
  record Rule(String type, Cadence cadence, boolean perGroup) {
  }

  /** A 党小组 of the branch. */
  record Group(UUID id, String name) {
  }

  /**
   * One event as the rules see it. A closed 民主评议党员 round ({@code round}) is the period's democratic_review
   * whether or not a meeting of that type was also recorded: it is dated by its close, counts as held, and, having
   * no attendance of a meeting, never enters the attendance rate.
   */
  record Held(UUID orgId, String type, Instant startsAt, int expected, int checkedIn, int onLeave, boolean ended,
      boolean round, Integer reviewsYear) {
    Held(UUID orgId, String type, Instant startsAt, int expected, int checkedIn, int onLeave, boolean ended,
        boolean round) {
      this(orgId, type, startsAt, expected, checkedIn, onLeave, ended, round, null);
    }

    /** The year a yearly requirement counts it for: the year it names, else the year it was held in. */
    int reviewedYear() {
      return reviewsYear != null ? reviewsYear : startsAt.atZone(cn.zhibu.platform.Times.SCHOOL_ZONE).getYear();
    }

    boolean counts() {
      int due = expected - onLeave;
      return round || (due > 0 && checkedIn * 2 >= due);
    }
  }

  /** The periods a month falls in, as instants in the school's time zone. */
  record Period(YearMonth month) {
    Instant monthStart() {
      return start(month.atDay(1));
    }

    Instant monthEnd() {
      return start(month.plusMonths(1).atDay(1));
    }

    Instant quarterStart() {
      return start(LocalDate.of(month.getYear(), (month.getMonthValue() - 1) / 3 * 3 + 1, 1));
    }

    Instant quarterEnd() {
      return start(LocalDate.of(month.getYear(), (month.getMonthValue() - 1) / 3 * 3 + 1, 1).plusMonths(3));
    }

    Instant yearStart() {
      return start(LocalDate.of(month.getYear(), 1, 1));
    }

    /** The start of the two calendar years ending with this one (BIENNIAL). */
    Instant twoYearsStart() {
      return start(LocalDate.of(month.getYear() - 1, 1, 1));
    }

    Instant yearEnd() {
      return start(LocalDate.of(month.getYear() + 1, 1, 1));
    }

    String quarter() {
      return month.getYear() + "-Q" + ((month.getMonthValue() - 1) / 3 + 1);
    }

    private static Instant start(LocalDate day) {
      return day.atStartOfDay(Times.SCHOOL_ZONE).toInstant();
    }
  }

  private Compliance() {
  }

  /**
   * One branch's figures for the month: each required type with whether it was held in its window (per group
   * where the rule says so: every group must have held one; a branch without groups owes none), the missing
   * ones (yearly ones count as missing only in December), and the month's attendance rate.
   */
  static Reports.Judged branch(Period period, List<Rule> rules, UUID branchId, List<Group> groups, List<Held> events) {
    List<Reports.Requirement> requirements = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (Rule rule : rules) {
      Instant from = switch (rule.cadence()) {
        case MONTHLY -> period.monthStart();
        case QUARTERLY -> period.quarterStart();
        case YEARLY -> period.yearStart();
        case BIENNIAL -> period.twoYearsStart();
      };
      Instant to = switch (rule.cadence()) {
        case MONTHLY -> period.monthEnd();
        case QUARTERLY -> period.quarterEnd();
        case YEARLY, BIENNIAL -> period.yearEnd();
      };
      boolean due = rule.cadence() == Cadence.MONTHLY || rule.cadence() == Cadence.QUARTERLY
          || period.month().getMonthValue() == 12;
      String cadence = rule.cadence().name().toLowerCase();
      if (rule.perGroup()) {
        List<Reports.GroupHeld> perGroup = new ArrayList<>();
        long held = 0;
        for (Group group : groups) {
          long count = held(events, rule, group.id(), from, to, period);
          held += count > 0 ? 1 : 0;
          perGroup.add(new Reports.GroupHeld(group.id(), group.name(), count > 0, count));
        }
        boolean all = held == groups.size();
        if (!groups.isEmpty() && !all && due) {
          missing.add(rule.type());
        }
        requirements.add(new Reports.Requirement(rule.type(), cadence, true, !groups.isEmpty(),
            !groups.isEmpty() && all, held, perGroup));
      } else {
        long count = held(events, rule, branchId, from, to, period);
        if (count == 0 && due) {
          missing.add(rule.type());
        }
        requirements.add(new Reports.Requirement(rule.type(), cadence, false, true, count > 0, count, null));
      }
    }
    int attended = 0;
    int counted = 0;
    for (Held e : events) {
      // Only meetings that have ended count: a 大会 later this month is not an absence of everyone yet.
      if (e.ended() && !e.round() && !e.startsAt().isBefore(period.monthStart())
          && e.startsAt().isBefore(period.monthEnd())) {
        attended += e.checkedIn();
        counted += e.expected() - e.onLeave();
      }
    }
    return new Reports.Judged(requirements, missing, AttendanceRate.of(attended, counted));
  }

  /**
   * Meetings of the rule's type at this org (the branch, or one group) that count as held for the period: in
   * [from, to) by when they were held; for a yearly (or biennial) rule by the year they review, so that a 组织生活会
   * held in January reviewing the year before counts for that year and not for its own (issue 30).
   */
  private static long held(List<Held> events, Rule rule, UUID orgId, Instant from, Instant to, Period period) {
    int year = period.month().getYear();
    return events.stream().filter(e -> e.type().equals(rule.type()) && e.orgId().equals(orgId) && e.counts())
        .filter(e -> switch (rule.cadence()) {
          case YEARLY -> e.reviewedYear() == year;
          case BIENNIAL -> e.reviewedYear() == year || e.reviewedYear() == year - 1;
          default -> !e.startsAt().isBefore(from) && e.startsAt().isBefore(to);
        }).count();
  }
}
