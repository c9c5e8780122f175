package cn.zhibu.compliance;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;

/** The 三会一课 answers on the wire: {@code ComplianceReport} and {@code ComplianceRules}. */
public final class Reports {
  private Reports() {
  }

  /** One 党小组's part of a per-group requirement. */
  public record GroupHeld(UUID orgId, String name, boolean held, long count) {
  }

  /**
   * A meeting type owed in the period: whether it is owed at all (a per-group one with no groups is not), held,
   * how many counted; per group when owed per group.
   */
  public record Requirement(String type, String cadence, boolean perGroup, boolean required, boolean held, long count,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<GroupHeld> groups) {
  }

  /** A branch judged for a period ({@link Compliance#branch}): each requirement, the types missing, attendance. */
  public record Judged(List<Requirement> requirements, List<String> missing, Double attendanceRate) {
  }

  /** A branch's line of a report. */
  public record Branch(UUID orgId, String name, List<Requirement> requirements, List<String> missing,
      Double attendanceRate) {
    static Branch of(UUID orgId, String name, Judged j) {
      return new Branch(orgId, name, j.requirements(), j.missing(), j.attendanceRate());
    }
  }

  /** {@code ComplianceReport}: every branch of a subtree for a month. */
  public record Report(UUID orgId, String period, String quarter, List<Branch> branches) {
  }

  public record RuleView(String type, String cadence, boolean perGroup) {
  }

  /** Whether online micro-course credit counts toward the year's 学时, and up to how many hours (null: no cap). */
  public record OnlineStudy(boolean counts, Double capHours) {
  }

  /** {@code ComplianceRules}: the meetings owed, and the school's rule on online study credit. */
  public record Rules(List<RuleView> rules, OnlineStudy onlineStudy) {
  }
}
