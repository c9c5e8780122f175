package cn.zhibu.org;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One row of a roster, as read from JSON, CSV or XLSX, and the rules a row must meet before anything is
 * written. Chinese column values that secretaries' spreadsheets use (正式党员, 支部书记...) are accepted.
 */
record RosterEntry(int row, String number, String name, String phone, String stage, String role) {
  static final Set<String> PARTY_MEMBER_STAGES = Set.of("probationary", "full");
  private static final Pattern NUMBER = Pattern.compile("[A-Za-z0-9_-]{1,32}");
  private static final Pattern PHONE = Pattern.compile("\\+?[0-9]{5,20}");
  private static final Map<String, String> STAGES = Map.ofEntries(
      Map.entry("applicant", "applicant"), Map.entry("入党申请人", "applicant"),
      Map.entry("activist", "activist"), Map.entry("入党积极分子", "activist"), Map.entry("积极分子", "activist"),
      Map.entry("candidate", "candidate"), Map.entry("发展对象", "candidate"),
      Map.entry("probationary", "probationary"), Map.entry("预备党员", "probationary"),
      Map.entry("full", "full"), Map.entry("正式党员", "full"));
  private static final Map<String, String> ROLES = Map.ofEntries(
      Map.entry("member", "member"), Map.entry("党员", "member"), Map.entry("", "member"),
      Map.entry("committee", "committee"), Map.entry("支委", "committee"), Map.entry("支部委员", "committee"),
      Map.entry("secretary", "secretary"), Map.entry("书记", "secretary"), Map.entry("支部书记", "secretary"));

  /** Why this row cannot be written, or {@code null} if it can (values already normalised). */
  String problem() {
    for (String text : new String[] {number, name, phone}) {
      if (text != null && text.indexOf('\0') >= 0) {
        return "the row contains a NUL character";
      }
    }
    if (number == null || !NUMBER.matcher(number).matches()) {
      return "number must be 1-32 letters, digits, '-' or '_'";
    }
    if (name == null || name.isBlank() || name.length() > 50) {
      return "name is required (at most 50 characters)";
    }
    if (phone != null && !PHONE.matcher(phone).matches()) {
      return "phone must be digits (5-20), optionally starting with +";
    }
    if (stage == null) {
      return "stage must be one of applicant, activist, candidate, probationary, full";
    }
    if (role == null) {
      return "role must be one of member, committee, secretary";
    }
    return null;
  }

  boolean isPartyMember() {
    return PARTY_MEMBER_STAGES.contains(stage);
  }

  /** Builds an entry from raw cell text, mapping Chinese values and trimming spaces. */
  static RosterEntry of(int row, String number, String name, String phone, String stage, String role) {
    return new RosterEntry(row, clean(number), clean(name), blankToNull(clean(phone)),
        STAGES.get(lower(stage)), ROLES.get(lower(role)));
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
