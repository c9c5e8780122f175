package cn.zhibu.term;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * When a term's end is worth a reminder (outline, "Terms and elections"): 90 days before, 30 days before, and once it
 * has passed. Only the most urgent mark of the day is sent: a term recorded 20 days before its end is told "30",
 * not "90" as well.
 */
final class TermMarks {
  private TermMarks() {
  }

  static Optional<String> due(LocalDate endsOn, LocalDate today) {
    long left = ChronoUnit.DAYS.between(today, endsOn);
    if (left < 0) {
      return Optional.of("overdue");
    }
    if (left <= 30) {
      return Optional.of("30");
    }
    return left <= 90 ? Optional.of("90") : Optional.empty();
  }

  /** The reminder's sentence, short enough for a subscribe message's note. */
  static String sentence(String orgName, LocalDate endsOn, LocalDate today) {
    long left = ChronoUnit.DAYS.between(today, endsOn);
    return left < 0 ? orgName + "任期已于" + endsOn + "届满，请及时换届"
        : orgName + "任期将于" + endsOn + "届满（还有" + left + "天），请做好换届准备";
  }
}
