package cn.zhibu.meeting;

/** The attendance rate: attended over counted, to four decimals; none when nobody was counted. */
public final class AttendanceRate {
  private AttendanceRate() {
  }

  public static Double of(int attended, int counted) {
    return counted <= 0 ? null : Math.round(attended * 10_000.0 / counted) / 10_000.0;
  }
}
