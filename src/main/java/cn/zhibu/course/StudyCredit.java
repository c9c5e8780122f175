package cn.zhibu.course;

/**
 * How much a heartbeat earns. Credit is the smaller of the wall-clock time since the last accepted
 * heartbeat and how far the playback position advanced; a gap longer than {@link #MAX_GAP_SECONDS} (a phone
 * asleep) earns nothing, and a lesson never credits more than its length.
 */
public final class StudyCredit {
  static final int MAX_GAP_SECONDS = 60;
  /** A lesson is complete once this share of it is credited. */
  static final double COMPLETE_AT = 0.9;

  private StudyCredit() {
  }

  static int credit(long wallSeconds, int lastPosition, int position, int lessonSeconds, int alreadyCredited) {
    if (wallSeconds <= 0 || wallSeconds > MAX_GAP_SECONDS) {
      return 0;
    }
    int advance = position - lastPosition;
    if (advance <= 0) {
      return 0;
    }
    long earned = Math.min(wallSeconds, advance);
    return (int) Math.max(0, Math.min(earned, lessonSeconds - alreadyCredited));
  }

  static boolean complete(int credited, int lessonSeconds) {
    return credited >= Math.ceil(lessonSeconds * COMPLETE_AT);
  }

  /** One 学时 is a 45-minute class period: a course's credit can never exceed the time its lessons take. */
  static final int SECONDS_PER_CREDIT_HOUR = 45 * 60;

  /** The most credit hours lessons of this total length can carry, to two decimals, rounded down. */
  static java.math.BigDecimal maxCreditHours(long lessonSeconds) {
    return java.math.BigDecimal.valueOf(lessonSeconds * 100 / SECONDS_PER_CREDIT_HOUR, 2);
  }

  /** 32 hours a year for members, 56 for secretaries and committee members (seed 002 §6). */
  public static int requiredHours(boolean leader, boolean member) {
    return leader ? 56 : member ? 32 : 0;
  }

  /** The share of {@code year} gone by {@code today}: 1 for a past year, 0 for a future one. */
  static double elapsedShare(int year, java.time.LocalDate today) {
    return year < today.getYear() ? 1.0 : year > today.getYear() ? 0.0
        : (double) today.getDayOfYear() / java.time.Year.of(year).length();
  }

  /**
   * Whether a year's study meets the requirement: the hours, and for a leader (书记 or 班子成员) at least one
   * 集中培训 attended (seed 002 §6: 至少参加1次集中培训、学习时间不少于56学时).
   */
  public static boolean meets(double hours, boolean leader, boolean member, boolean trained) {
    return hours >= requiredHours(leader, member) && (!leader || trained);
  }
}
