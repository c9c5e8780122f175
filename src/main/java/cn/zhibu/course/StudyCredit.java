package cn.zhibu.course;

/**
 * How much a heartbeat earns. Credit is the smaller of the wall-clock time since the last accepted
 * heartbeat and how far the playback position advanced; a gap longer than {@link #MAX_GAP_SECONDS} (a phone
 * asleep) earns nothing, and a lesson never credits more than its length.
 */
final class StudyCredit {
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

  /** 32 hours a year for members, 56 for secretaries and committee members (seed 002 §6). */
  static int requiredHours(boolean leader, boolean member) {
    return leader ? 56 : member ? 32 : 0;
  }
}
