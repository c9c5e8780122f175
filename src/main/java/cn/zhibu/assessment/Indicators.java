package cn.zhibu.assessment;

import cn.zhibu.platform.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The indicators a year's assessment computes from the records (seed 004 五.3 asks for 述职评议考核 against an
 * indicator system; seed 001 四.2 for 分类定级), and how a value earns points. Each value is a share from 0 to 1 with
 * the evidence it came from, so a secretary can see why.
 */
final class Indicators {
  /** The outline's indicator keys with their words; all but {@code manual} are computed from the records. */
  static final Map<String, String> LABELS = new LinkedHashMap<>();

  static {
    LABELS.put("compliance", "三会一课落实");
    LABELS.put("attendance", "组织生活出勤");
    LABELS.put("study", "党员学时达标");
    LABELS.put("dues", "党费按月交纳");
    LABELS.put("requests", "办实事办结");
    LABELS.put("review", "民主评议党员");
    LABELS.put("talks", "谈心谈话覆盖");
    LABELS.put("development", "发展党员按期");
    LABELS.put("rectification", "整改按期完成");
    LABELS.put("manual", "考核组评分");
  }

  /** The keys computed from the records (and frozen at closing); {@code manual} is scored by the assessor. */
  static final List<String> COMPUTED = LABELS.keySet().stream().filter(k -> !"manual".equals(k)).toList();

  private Indicators() {
  }

  /** A value and what it was computed from. */
  record Computed(Double value, List<String> evidence) {
  }

  /** The weights are positive and the keys known and distinct; 422 otherwise. */
  static void check(List<Assessments.Indicator> indicators) {
    if (indicators.stream().map(Assessments.Indicator::key).distinct().count() != indicators.size()
        || indicators.stream().anyMatch(i -> !LABELS.containsKey(i.key()) || i.weight() <= 0)) {
      throw ApiException.unprocessable("assessment.invalid_indicators",
          "Indicators are known keys, each once, with a positive weight");
    }
  }

  /** Points: the weight times the value against its target, never more than the weight; none without a value. */
  static double points(Assessments.Indicator indicator, Double value) {
    if (value == null) {
      return 0;
    }
    return Math.round(indicator.weight() * Math.min(1.0, value / indicator.targetOrOne()) * 100) / 100.0;
  }

  /** A branch's line of one month's compliance report, with the month (YYYY-MM). */
  record Monthly(String period, cn.zhibu.compliance.Reports.Branch branch) {
  }

  /**
   * 三会一课 from a branch's monthly compliance reports ({@code period} YYYY-MM with its {@code requirements}): a
   * monthly meeting is owed each month, a quarterly one at each quarter's end, a yearly (or biennial) one in
   * December; the share of those owed that were held. Only months given are judged (a year not over is judged so far).
   */
  static Computed compliance(List<Monthly> months, Map<String, String> typeLabels) {
    int owed = 0;
    int held = 0;
    List<String> missed = new ArrayList<>();
    for (Monthly month : months) {
      String period = month.period();
      int m = Integer.parseInt(period.substring(5));
      for (cn.zhibu.compliance.Reports.Requirement r : month.branch().requirements()) {
        String cadence = r.cadence();
        boolean judged = switch (cadence) {
          case "monthly" -> true;
          case "quarterly" -> m % 3 == 0;
          default -> m == 12;
        };
        if (!judged || !r.required()) {
          continue;
        }
        owed++;
        if (r.held()) {
          held++;
        } else {
          String when = switch (cadence) {
            case "monthly" -> period;
            case "quarterly" -> period.substring(0, 4) + " 年第 " + (m / 3) + " 季度";
            default -> period.substring(0, 4) + " 年";
          };
          missed.add(when + " " + typeLabels.getOrDefault(r.type(), r.type()) + " 未开");
        }
      }
    }
    return new Computed(owed == 0 ? null : Math.round(held * 1000.0 / owed) / 1000.0, missed);
  }

  /** Attendance: the mean of the months' rates that have one (months with no ended meeting have none). */
  static Computed attendance(List<Monthly> months) {
    double sum = 0;
    int n = 0;
    List<String> evidence = new ArrayList<>();
    for (Monthly month : months) {
      Double rate = month.branch().attendanceRate();
      if (rate != null) {
        sum += rate;
        n++;
        evidence.add(month.period() + " 出勤率 " + Math.round(rate * 1000) / 10.0 + "%");
      }
    }
    return new Computed(n == 0 ? null : Math.round(sum / n * 1000) / 1000.0, evidence);
  }

  /** A share of a count, or null when there is nothing to count. */
  static Double share(long part, long whole) {
    return whole == 0 ? null : Math.round(part * 1000.0 / whole) / 1000.0;
  }
}
