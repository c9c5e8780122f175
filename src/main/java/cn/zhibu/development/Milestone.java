package cn.zhibu.development;

import java.util.Arrays;
import java.util.Optional;

/**
 * The steps of 发展党员, in the order of the national 发展党员工作细则 (api-outline "A member's life"), and the stage
 * a person is at once a step is recorded. The seeds ask for the procedure without setting it out: 001 三.6 (公示制、
 * 票决制), 002 §15 (政治审查), 003 §11 (培养考察); the intervals between steps are the national rules' too
 * (docs/rules.md). V20's header cites the seeds for these defaults; a landed migration is not edited, so this says it.
 */
public enum Milestone {
  APPLICATION("application", "递交入党申请书", "applicant"),
  FIRST_TALK("first_talk", "党组织派人谈话", null),
  /** 团组织推优 (seed 002 §15: 将团组织推优作为确定学生入党积极分子的重要渠道): a channel, not a required step. */
  LEAGUE_RECOMMENDATION("league_recommendation", "团组织推优", null, true),
  ACTIVIST("activist", "确定为入党积极分子", "activist"),
  /** 积极分子培训结业: the activist's training completed, before becoming a 发展对象 (api-outline round 3). */
  ACTIVIST_TRAINING("activist_training", "入党积极分子培训结业", null),
  CANDIDATE("candidate", "确定为发展对象", "candidate"),
  POLITICAL_REVIEW("political_review", "政治审查", null),
  PUBLIC_NOTICE("public_notice", "公示", null),
  BRANCH_VOTE("branch_vote", "支部大会讨论", null),
  ADMITTED("admitted", "上级党委批准（预备党员）", "probationary"),
  OATH("oath", "入党宣誓", null),
  FULL_MEMBER("full_member", "预备期满转正", "full");

  private final String key;
  private final String label;
  private final String stage;
  private final boolean optional;

  Milestone(String key, String label, String stage) {
    this(key, label, stage, false);
  }

  Milestone(String key, String label, String stage, boolean optional) {
    this.key = key;
    this.label = label;
    this.stage = stage;
    this.optional = optional;
  }

  /** A step that may be recorded in its place or skipped (团组织推优: not every applicant is a 共青团员). */
  public boolean optional() {
    return optional;
  }

  /**
   * The steps that may be recorded after {@code last} (none yet: the application): every optional step up to and
   * including the next required one.
   */
  public static java.util.List<Milestone> allowedAfter(Optional<Milestone> last) {
    java.util.List<Milestone> allowed = new java.util.ArrayList<>();
    for (int i = last.map(m -> m.ordinal() + 1).orElse(0); i < values().length; i++) {
      allowed.add(values()[i]);
      if (!values()[i].optional) {
        break;
      }
    }
    return allowed;
  }

  public String key() {
    return key;
  }

  public String label() {
    return label;
  }

  /**
   * The step this one's waiting time is counted from, when it is not the step just before it: the 预备期 runs from
   * the 支部大会 that passed the person as a probationary member (党章 第七条: 预备期从支部大会通过他为预备党员之日
   * 算起), not from the oath or the approval above that follow it.
   */
  public Optional<Milestone> measuredFrom() {
    return switch (this) {
      case FULL_MEMBER -> Optional.of(BRANCH_VOTE);
      // The year of 培养教育和考察 runs from becoming an activist, whenever the training ended within it.
      case CANDIDATE -> Optional.of(ACTIVIST);
      default -> Optional.empty();
    };
  }

  /** The stage this step puts the person at, or empty when the stage does not change. */
  public Optional<String> stage() {
    return Optional.ofNullable(stage);
  }

  /** The next required step (an optional one in between may be recorded or skipped). */
  public Optional<Milestone> next() {
    return allowedAfter(Optional.of(this)).stream().filter(m -> !m.optional).findFirst();
  }

  public static Optional<Milestone> of(String key) {
    return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst();
  }
}
