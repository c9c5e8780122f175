package cn.zhibu.org;

import java.time.LocalDate;

/**
 * An org's term of office (按期换届). Unless the org has its own, a branch's committee serves 3 years (中国共产党支部工作条例
 * （试行）) and a 院级党委 or the school's committee 5 (中国共产党普通高等学校基层组织工作条例) — national rules, not the seeds,
 * which only ask that terms end on time (seed 002 §12, seed 003 §8). A 党小组 has no term of its own.
 */
public record Term(LocalDate startedOn, int years, boolean defaultYears) {

  /** The years of a term when the org has set none. */
  public static int defaultYears(String kind) {
    return "branch".equals(kind) ? 3 : 5;
  }

  public static Term of(String kind, LocalDate startedOn, Integer storedYears) {
    return new Term(startedOn, storedYears == null ? defaultYears(kind) : storedYears, storedYears == null);
  }

  /** The day the term ends (the anniversary of its start, {@code years} on), or null while its start is unknown. */
  public LocalDate endsOn() {
    return startedOn == null ? null : startedOn.plusYears(years);
  }
}
