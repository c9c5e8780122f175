package cn.zhibu.assessment;

import java.util.List;
import java.util.UUID;

/** The year's judgement on the wire, shaped like the contract's {@code Assessment}, {@code AssessedOrg} and 整改. */
final class Assessments {
  private Assessments() {
  }

  /** An indicator as the assessor weighs it; target 1.0 unless given (a share of 1.0 is full marks). */
  record Indicator(String key, double weight, Double target) {
    double targetOrOne() {
      return target == null || target <= 0 ? 1.0 : target;
    }
  }

  /** What an admin sends to open a round. */
  record Draft(int year, String level, String opensAt, String closesAt, List<Indicator> indicators) {
  }

  /** One indicator of one org: its value (a share, 0..1), the points it earns, and what it was computed from. */
  record Value(String key, String label, double weight, Double value, double points, List<String> evidence) {
  }

  /** {@code AssessedOrg}: an org's values, total and level (null until set), its 述职 report and, once closed, the ratings. */
  record Row(UUID orgId, String name, List<Value> values, double score, String level, String levelNote, Report report,
      Ratings ratings) {
  }

  /** The 述职 report as submitted. */
  record Report(String text, String submittedBy, String submittedAt) {
  }

  /** The ratings of a report, counts only, after closing. */
  record Ratings(int good, int fair, int poor, int raters) {
  }

  /** {@code Assessment}. */
  record View(UUID id, UUID orgId, int year, String level, String opensAt, String closesAt, String state,
      boolean frozen, List<Indicator> indicators, List<Row> orgs) {
  }

  /** A round in a list: its own org's (to run) or one above that assesses this org (to read its row). */
  record Listed(UUID id, UUID orgId, int year, String level, String opensAt, String closesAt, String state,
      boolean frozen, boolean mine) {
  }

  record Rounds(List<Listed> items) {
  }

  /** The assessor's score of an org for the {@code manual} indicator. */
  record ManualScore(double value, String note) {
  }

  /** What the admin sends after closing. */
  record Levels(List<Leveled> levels) {
  }

  record Leveled(UUID orgId, String level, String note) {
  }

  /** A 整改 item as sent. */
  record RectificationDraft(String title, String detail, UUID ownerId, String dueOn, UUID assessmentId) {
  }

  record Progress(String note, boolean done) {
  }

  record Verification(boolean accept, String note) {
  }

  /** A step of an item's history. */
  record Step(String kind, String note, String by, String at) {
  }

  /** {@code Rectification}. */
  record Rectification(UUID id, UUID orgId, String orgName, String title, String detail, UUID ownerId, String owner,
      String dueOn, UUID assessmentId, String state, boolean overdue, String verifiedAt, List<Step> steps) {
  }

  record Rectifications(List<Rectification> items) {
  }
}
