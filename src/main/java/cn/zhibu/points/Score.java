package cn.zhibu.points;

import java.time.Instant;

/**
 * A leaderboard score: the value (points, or minutes for the hours boards) and, below it, when the value was
 * reached, so equal values rank by who got there first. {@code value * 1e9 + (1e9 - 1 - seconds since 2020)}
 * stays exact in a double for values up to ±4.5 million.
 */
public final class Score {
  static final long SCALE = 1_000_000_000L;
  static final long EPOCH = Instant.parse("2020-01-01T00:00:00Z").getEpochSecond();

  private Score() {
  }

  public static double encode(long value, Instant reachedAt) {
    return (double) (value * SCALE + offset(reachedAt));
  }

  /** The part of a score below the value: later times are smaller, so the earlier of two equal values wins. */
  static long offset(Instant reachedAt) {
    return SCALE - 1 - Math.max(0, Math.min(SCALE - 1, reachedAt.getEpochSecond() - EPOCH));
  }

  public static long value(double score) {
    return Math.floorDiv((long) score, SCALE);
  }
}
