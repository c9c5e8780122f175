package cn.zhibu.meeting;

import java.util.Map;

/** Meeting types as the spreadsheets say them (the 台账, the dashboard sheet, the photo index). */
public final class EventTypes {
  private EventTypes() {
  }

  /** From the one file of labels the front ends read too ({@code api-spec/labels.json}). */
  public static final Map<String, String> LABELS = cn.zhibu.platform.Labels.of("eventTypes");
}
