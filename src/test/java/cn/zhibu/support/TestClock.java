package cn.zhibu.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** The server's clock in tests: real time plus an offset a test can move, and must put back. */
public final class TestClock extends Clock {
  private volatile Duration offset = Duration.ZERO;

  public void advance(Duration by) {
    offset = offset.plus(by);
  }

  public void reset() {
    offset = Duration.ZERO;
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /**
   * The same moving time seen in {@code zone}, as the system clock's {@code withZone} gives: the server asks for
   * Beijing dates this way, and answering in UTC made its "today" a day behind from 16:00 to 24:00 UTC.
   */
  @Override
  public Clock withZone(ZoneId zone) {
    TestClock moving = this;
    return new Clock() {
      @Override
      public Instant instant() {
        return moving.instant();
      }

      @Override
      public ZoneId getZone() {
        return zone;
      }

      @Override
      public Clock withZone(ZoneId other) {
        return moving.withZone(other);
      }
    };
  }
}
