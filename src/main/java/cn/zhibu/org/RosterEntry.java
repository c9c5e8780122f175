package cn.zhibu.org;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One row of a roster, as read from JSON, CSV or XLSX, and the rules a row must meet before anything is
 * written. Chinese column values that secretaries' spreadsheets use (正式党员, 中共党员, 预备党员, 支部书记...)
 * are accepted. A row's problem is told in Chinese, the language of the person fixing the spreadsheet.
 */
record RosterEntry(int row, String number, String name, String phone, String stage, String role, String category) {
  /** A category cell that is none of the known values. */
  private static final String BAD_CATEGORY = "?";
  static final Set<String> PARTY_MEMBER_STAGES = Set.of("probationary", "full");
  private static final Pattern NUMBER = Pattern.compile("[A-Za-z0-9_-]{1,32}");
  private static final Pattern PHONE = Pattern.compile("\\+?[0-9]{5,20}");
  private static final Map<String, String> STAGES = Map.ofEntries(
      Map.entry("applicant", "applicant"), Map.entry("入党申请人", "applicant"),
      Map.entry("activist", "activist"), Map.entry("入党积极分子", "activist"), Map.entry("积极分子", "activist"),
      Map.entry("candidate", "candidate"), Map.entry("发展对象", "candidate"),
      Map.entry("probationary", "probationary"), Map.entry("预备党员", "probationary"),
      Map.entry("中共预备党员", "probationary"), Map.entry("中国共产党预备党员", "probationary"),
      Map.entry("full", "full"), Map.entry("正式党员", "full"), Map.entry("中共党员", "full"),
      Map.entry("中国共产党党员", "full"), Map.entry("党员", "full"));
  private static final Map<String, String> ROLES = Map.ofEntries(
      Map.entry("member", "member"), Map.entry("党员", "member"), Map.entry("", "member"),
      Map.entry("committee", "committee"), Map.entry("支委", "committee"), Map.entry("支部委员", "committee"),
      Map.entry("委员", "committee"), Map.entry("deputy_secretary", "deputy_secretary"), Map.entry("副书记", "deputy_secretary"),
      Map.entry("secretary", "secretary"), Map.entry("书记", "secretary"), Map.entry("支部书记", "secretary"));

  /** 人员类别 (党内统计); a blank cell keeps what is recorded. */
  private static final Map<String, String> CATEGORIES = Map.ofEntries(
      Map.entry("student", "student"), Map.entry("学生", "student"), Map.entry("teacher", "teacher"),
      Map.entry("教师", "teacher"), Map.entry("专任教师", "teacher"), Map.entry("staff", "staff"), Map.entry("职工", "staff"),
      Map.entry("管理人员", "staff"), Map.entry("教辅人员", "staff"), Map.entry("retired", "retired"),
      Map.entry("离退休", "retired"), Map.entry("退休", "retired"), Map.entry("离退休人员", "retired"),
      Map.entry("other", "other"), Map.entry("其他", "other"));

  /** Why this row cannot be written, or {@code null} if it can (values already normalised). */
  String problem() {
    for (String text : new String[] {number, name, phone}) {
      if (text != null && text.indexOf('\0') >= 0) {
        return "该行含有无法识别的字符（NUL），请检查后重新保存";
      }
    }
    if (number == null || !NUMBER.matcher(number).matches()) {
      return "学号/工号应为 1–32 位字母、数字、“-”或“_”";
    }
    if (name == null || name.isBlank() || name.length() > 50) {
      return "请填写姓名（不超过 50 个字）";
    }
    if (phone != null && !PHONE.matcher(phone).matches()) {
      return "手机号应为 5–20 位数字（可以 + 开头）";
    }
    if (stage == null) {
      return "政治面貌应为：入党申请人、入党积极分子、发展对象、预备党员、正式党员（或中共党员）之一";
    }
    if (role == null) {
      return "职务应为：党员、支委（委员）、副书记、支部书记之一（留空即为党员）";
    }
    if (BAD_CATEGORY.equals(category)) {
      return "人员类别应为：学生、教师、职工、离退休、其他之一（可留空）";
    }
    return null;
  }

  boolean isPartyMember() {
    return PARTY_MEMBER_STAGES.contains(stage);
  }

  /** Builds an entry from raw cell text, mapping Chinese values and trimming spaces. */
  static RosterEntry of(int row, String number, String name, String phone, String stage, String role) {
    return of(row, number, name, phone, stage, role, null);
  }

  static RosterEntry of(int row, String number, String name, String phone, String stage, String role,
      String category) {
    String kind = lower(category);
    return new RosterEntry(row, clean(number), clean(name), blankToNull(clean(phone)),
        STAGES.get(lower(stage)), ROLES.get(lower(role)), kind.isEmpty() ? null : CATEGORIES.getOrDefault(kind, BAD_CATEGORY));
  }

  private static String clean(String value) {
    return value == null ? null : value.strip();
  }

  private static String lower(String value) {
    return value == null ? "" : value.strip().toLowerCase();
  }

  private static String blankToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
