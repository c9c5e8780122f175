package cn.zhibu.volunteer;

import java.time.Duration;
import java.time.Instant;

/**
 * Volunteer hour rules. On-site hours are checkout − checkin, clipped to the activity's time. Self-reported
 * hours are tiered by the person's total for that day: up to 8 h an organiser's approval makes them count,
 * 8 to 12 h need an admin of the org above, over 12 h are refused.
 */
final class HourRules {
  static final int NORMAL_LIMIT_MINUTES = 8 * 60;
  static final int HIGHER_LIMIT_MINUTES = 12 * 60;

  enum Tier { NORMAL, HIGHER, REFUSED }

  private HourRules() {
  }

  /** Whole minutes of [from, to] that fall inside [start, end]. */
  static int clippedMinutes(Instant from, Instant to, Instant start, Instant end) {
    Instant a = from.isAfter(start) ? from : start;
    Instant b = to.isBefore(end) ? to : end;
    return b.isAfter(a) ? (int) Duration.between(a, b).toMinutes() : 0;
  }

  static Tier tier(int dayTotalMinutes) {
    if (dayTotalMinutes > HIGHER_LIMIT_MINUTES) {
      return Tier.REFUSED;
    }
    return dayTotalMinutes > NORMAL_LIMIT_MINUTES ? Tier.HIGHER : Tier.NORMAL;
  }

  /** How an on-site record closes: its status and the minutes that count. */
  record Closing(String status, int minutes) {
  }

  /**
   * On-site hours under the self-report rules: over 12 h in the day, only what fits under 12 h counts; over
   * 8 h, or the organiser's own hours, wait for review; otherwise they count at once.
   */
  static Closing closing(int dayMinutesBefore, int minutes, boolean ownActivity) {
    int counted = Math.max(0, Math.min(minutes, HIGHER_LIMIT_MINUTES - dayMinutesBefore));
    Tier tier = tier(dayMinutesBefore + counted);
    if (tier == Tier.HIGHER || counted < minutes) {
      return new Closing("pending_higher", counted);
    }
    return new Closing(ownActivity ? "pending" : "approved", counted);
  }

  /** Points for approved hours: 2 a whole hour (the volunteer category's default). */
  static int points(int minutes, int perHour) {
    return minutes / 60 * perHour;
  }
}
