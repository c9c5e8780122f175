package cn.zhibu.points;

/**
 * The one table of point rules: what each category awards by default, and its caps per day and per year
 * (Asia/Shanghai days and years). An award over a cap is cut exactly at the cap; the ledger keeps both
 * the requested and the credited amount. The README repeats this table.
 */
public enum PointRules {
  //                 default, per day, per year
  ATTENDANCE(5, 20, 600),
  STUDY(2, 20, 400),
  VOLUNTEER(2, 24, 600),
  NOTICE_READ(1, 5, 300),
  REQUEST_RESOLVED(5, 20, 300),
  MANUAL(0, 50, 200);

  public final int defaultAmount;
  public final int perDay;
  public final int perYear;

  PointRules(int defaultAmount, int perDay, int perYear) {
    this.defaultAmount = defaultAmount;
    this.perDay = perDay;
    this.perYear = perYear;
  }

  public String wire() {
    return name().toLowerCase();
  }

  public static PointRules fromWire(String value) {
    return valueOf(value.toUpperCase());
  }

  /**
   * What may be credited of {@code requested} given what the person already has today and this year.
   * Deductions (negative manual awards) are never capped.
   */
  public int credit(int requested, int today, int thisYear) {
    if (requested <= 0) {
      return requested;
    }
    return Math.max(0, Math.min(requested, Math.min(perDay - today, perYear - thisYear)));
  }
}
