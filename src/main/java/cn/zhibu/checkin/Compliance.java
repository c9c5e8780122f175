package cn.zhibu.checkin;

import cn.zhibu.platform.Times;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The "三会一课" cadence rules (domain.md): which meetings a branch must hold each month, quarter and year,
 * and whether it did. A meeting counts as held when at least half of its expected attendees who were not on
 * approved leave checked in: leave is a legitimate absence, not a failure of the branch (domain.md).
 */
final class Compliance {
  enum Cadence { MONTHLY, QUARTERLY, YEARLY }

  static final Map<String, Cadence> REQUIRED = new LinkedHashMap<>();

  static {
    REQUIRED.put("committee_meeting", Cadence.MONTHLY);
    REQUIRED.put("group_meeting", Cadence.MONTHLY);
    REQUIRED.put("party_day", Cadence.MONTHLY);
    REQUIRED.put("branch_assembly", Cadence.QUARTERLY);
    REQUIRED.put("party_lesson", Cadence.QUARTERLY);
    REQUIRED.put("life_meeting", Cadence.YEARLY);
    REQUIRED.put("democratic_review", Cadence.YEARLY);
  }

  /** One event as the rules see it. */
  record Held(String type, Instant startsAt, int expected, int checkedIn, int onLeave) {
    boolean counts() {
      int due = expected - onLeave;
      return due > 0 && checkedIn * 2 >= due;
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
   * One branch's figures for the month: each required type with whether it was held in its window, the
   * missing ones (yearly ones count as missing only in December), and the month's attendance rate.
   */
  static JsonObject branch(Period period, List<Held> events) {
    JsonArray requirements = new JsonArray();
    List<String> missing = new ArrayList<>();
    for (Map.Entry<String, Cadence> rule : REQUIRED.entrySet()) {
      Instant from = switch (rule.getValue()) {
        case MONTHLY -> period.monthStart();
        case QUARTERLY -> period.quarterStart();
        case YEARLY -> period.yearStart();
      };
      Instant to = switch (rule.getValue()) {
        case MONTHLY -> period.monthEnd();
        case QUARTERLY -> period.quarterEnd();
        case YEARLY -> period.yearEnd();
      };
      long held = events.stream().filter(e -> e.type().equals(rule.getKey()) && e.counts()
          && !e.startsAt().isBefore(from) && e.startsAt().isBefore(to)).count();
      boolean due = rule.getValue() != Cadence.YEARLY || period.month().getMonthValue() == 12;
      if (held == 0 && due) {
        missing.add(rule.getKey());
      }
      requirements.add(new JsonObject().put("type", rule.getKey()).put("cadence", rule.getValue().name().toLowerCase())
          .put("held", held > 0).put("count", held));
    }
    int attended = 0;
    int counted = 0;
    for (Held e : events) {
      if (!e.startsAt().isBefore(period.monthStart()) && e.startsAt().isBefore(period.monthEnd())) {
        attended += e.checkedIn();
        counted += e.expected() - e.onLeave();
      }
    }
    return new JsonObject().put("requirements", requirements).put("missing", new JsonArray(missing))
        .put("attendanceRate", AttendanceService.rate(attended, counted));
  }
}
