package cn.zhibu.platform;

import java.util.Map;

/**
 * What a unique constraint the database refused says to the person who met it. The code stays
 * {@code conflict.duplicate} (the contract's); the detail names the thing that already exists, instead of
 * 「该记录已存在」, which told a secretary nothing. Constraints not listed here keep the generic words.
 */
public final class Duplicates {
  private Duplicates() {
  }

  /** English and Chinese detail of one constraint. */
  record Words(String english, String chinese) {
  }

  private static final Map<String, Words> BY_CONSTRAINT = Map.ofEntries(
      Map.entry("reviews_org_id_year_key", new Words("This org already has a review round for that year",
          "本组织该年度的民主评议已经开启过，每个年度只开一次；可在列表中查看它的结果")),
      Map.entry("orgs_parent_id_name_key", new Words("An org of that name already exists under the same parent",
          "同一上级组织下已有同名的组织")),
      Map.entry("persons_number_key", new Words("Someone with that number already exists",
          "已有人使用这个学号/工号")),
      Map.entry("transfers_one_pending", new Words("This person already has a transfer waiting for a decision",
          "此人已有一份待审批的组织关系转接，请等它审批后再提交")),
      Map.entry("development_milestones_pkey", new Words("That step is already recorded for this person",
          "此人的这一环节已经记录过")),
      Map.entry("dues_paid_months_pkey", new Words("A month in this payment is already paid",
          "所选月份中有已缴纳的月份，同一月份不能重复缴纳")),
      Map.entry("leaves_event_id_person_id_key", new Words("A leave for this meeting has already been asked",
          "已为这次会议请过假")),
      Map.entry("checkins_event_id_person_id_key", new Words("Already checked in to this meeting", "已经签到过")),
      Map.entry("lessons_course_id_position_key", new Words("The course already has a lesson at that position",
          "课程中这个位置已有一课")),
      Map.entry("contest_entries_contest_id_course_id_key", new Words("That course is already in the contest",
          "这门课程已参加本次评比")));

  private static final Words ANY = new Words("That already exists", "该记录已存在");

  /** The 409 for a refused unique constraint (its name as PostgreSQL reports it; null when unknown). */
  public static ApiException of(String constraint) {
    Words words = constraint == null ? ANY : BY_CONSTRAINT.getOrDefault(constraint, ANY);
    return new Refused(words);
  }

  /** A duplicate that carries its own Chinese detail. */
  static final class Refused extends ApiException {
    private final String chinese;

    Refused(Words words) {
      super(409, "conflict.duplicate", "Conflict", words.english());
      this.chinese = words.chinese();
    }

    String chinese() {
      return chinese;
    }
  }
}
