package cn.zhibu.platform;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Timestamps on the wire: RFC 3339 with the school's offset (Asia/Shanghai), always with seconds. */
public final class Times {
  public static final ZoneId SCHOOL_ZONE = ZoneId.of("Asia/Shanghai");

  private Times() {
  }

  public static String format(Instant instant) {
    return instant == null ? null : instant.atZone(SCHOOL_ZONE).toOffsetDateTime()
        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  public static String format(OffsetDateTime time) {
    return time == null ? null : format(time.toInstant());
  }

  /** Parses a timestamp the contract has already checked as {@code date-time}. */
  public static Instant parse(String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest("request.invalid", "Not an RFC 3339 timestamp: " + value);
    }
  }

  /** The instant as a UTC OffsetDateTime, the form timestamptz parameters take; null stays null. */
  public static java.time.OffsetDateTime utc(java.time.Instant instant) {
    return instant == null ? null : instant.atOffset(java.time.ZoneOffset.UTC);
  }

  /**
   * The day {@code days} working days after {@code from}: Monday to Friday; public holidays are not known here, so a
   * 公示 over a holiday is the secretary's to extend.
   */
  public static java.time.LocalDate plusWorkingDays(java.time.LocalDate from, int days) {
    java.time.LocalDate date = from;
    int left = days;
    while (left > 0) {
      date = date.plusDays(1);
      if (date.getDayOfWeek() != java.time.DayOfWeek.SATURDAY && date.getDayOfWeek() != java.time.DayOfWeek.SUNDAY) {
        left--;
      }
    }
    return date;
  }
}
