package cn.zhibu.points;

import cn.zhibu.platform.Times;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;

/** Leaderboard periods as the school lives them: weeks (Monday first), months and years in Asia/Shanghai. */
public enum Periods {
  WEEK, MONTH, YEAR;

  /** The key of the period containing {@code at}: 2026-W48, 2026-11, 2026. */
  public String key(Instant at) {
    Day day = today;
    if (day == null || at.getEpochSecond() < day.from() || at.getEpochSecond() >= day.until()) {
      day = Day.of(at);
      today = day;
    }
    return day.keys()[ordinal()];
  }

  /**
   * The period keys of one school day, remembered: every award refreshes 27 boards, and formatting the keys
   * each time was a tenth of a check-in's CPU. Replaced (racily, harmlessly: any thread computes the same
   * value) when a day ends.
   */
  private record Day(long from, long until, String[] keys) {
    static Day of(Instant at) {
      ZonedDateTime t = at.atZone(Times.SCHOOL_ZONE);
      ZonedDateTime start = t.toLocalDate().atStartOfDay(Times.SCHOOL_ZONE);
      String[] keys = new String[values().length];
      keys[WEEK.ordinal()] = String.format("%d-W%02d", t.get(IsoFields.WEEK_BASED_YEAR), t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
      keys[MONTH.ordinal()] = String.format("%d-%02d", t.getYear(), t.getMonthValue());
      keys[YEAR.ordinal()] = String.valueOf(t.getYear());
      return new Day(start.toEpochSecond(), start.plusDays(1).toEpochSecond(), keys);
    }
  }

  private static volatile Day today;

  public Instant start(Instant at) {
    LocalDate day = at.atZone(Times.SCHOOL_ZONE).toLocalDate();
    LocalDate first = switch (this) {
      case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTH -> day.withDayOfMonth(1);
      case YEAR -> day.withDayOfYear(1);
    };
    return first.atStartOfDay(Times.SCHOOL_ZONE).toInstant();
  }

  public Instant end(Instant at) {
    LocalDate first = start(at).atZone(Times.SCHOOL_ZONE).toLocalDate();
    LocalDate next = switch (this) {
      case WEEK -> first.plusWeeks(1);
      case MONTH -> first.plusMonths(1);
      case YEAR -> first.plusYears(1);
    };
    return next.atStartOfDay(Times.SCHOOL_ZONE).toInstant();
  }

  /** How long a board of this period is kept in Redis after it ends. */
  public long ttlSeconds() {
    return switch (this) {
      case WEEK -> 35L * 86_400;
      case MONTH -> 400L * 86_400;
      case YEAR -> 800L * 86_400;
    };
  }

  public static Instant dayStart(Instant at) {
    return at.atZone(Times.SCHOOL_ZONE).toLocalDate().atStartOfDay(Times.SCHOOL_ZONE).toInstant();
  }

  public String wire() {
    return name().toLowerCase();
  }

  public static Periods fromWire(String value) {
    return valueOf(value.toUpperCase());
  }
}
