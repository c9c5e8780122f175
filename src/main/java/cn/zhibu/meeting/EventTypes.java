package cn.zhibu.meeting;

import java.util.Map;

/** Meeting types as the spreadsheets say them (the 台账, the dashboard sheet, the photo index). */
public final class EventTypes {
  private EventTypes() {
  }

  public static final Map<String, String> LABELS = Map.ofEntries(Map.entry("party_day", "主题党日"),
      Map.entry("branch_assembly", "支部党员大会"), Map.entry("committee_meeting", "支委会"),
      Map.entry("group_meeting", "党小组会"), Map.entry("party_lesson", "党课"), Map.entry("life_meeting", "组织生活会"),
      Map.entry("democratic_review", "民主评议党员"), Map.entry("study_session", "集中学习"),
      Map.entry("training", "集中培训"), Map.entry("other", "其他"));
}
