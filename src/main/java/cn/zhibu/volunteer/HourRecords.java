package cn.zhibu.volunteer;

import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Times;
import java.util.List;
import java.util.UUID;

/** Volunteer hour records on the wire: what is sent in, and the contract's shapes that come back. */
final class HourRecords {
  private HourRecords() {
  }

  /** A self-report (the contract has checked its shape). */
  record SelfReport(UUID activityId, String startedAt, String endedAt, String description, List<String> evidenceUrls) {
  }

  /** A reviewer's decision, with an optional note to the person. */
  record Review(boolean approve, String note) {
  }

  /** {@code VolunteerReported}: the new record and its tier. */
  record Reported(UUID id, String status, double hours) {
  }

  /** {@code VolunteerReview}: the record as decided. */
  record Reviewed(UUID id, String status) {
  }

  /** One item of {@code VolunteerRecordPage}: a person's record, for those who review it. */
  record Listed(UUID id, UUID personId, String name, String source, String status, String startedAt, String endedAt,
      double hours, String description, List<String> evidenceUrls) {

    String cursor() {
      return Cursor.newest(Times.parse(startedAt), id);
    }
  }

  /** One of the caller's own records in {@code MyVolunteer}, with the reviewer's note (why it was sent back). */
  record Own(UUID id, UUID activityId, String activity, String source, String status, String startedAt,
      String endedAt, double hours, String description, String reviewNote) {
  }

  /** {@code MyVolunteer}: the caller's year. */
  record Year(int year, double approvedHours, double pendingHours, List<Own> records) {

    List<Own> approved() {
      return records.stream().filter(r -> "approved".equals(r.status())).toList();
    }
  }

  /** One row of {@code VolunteerReport}. */
  record MemberHours(UUID personId, String number, String name, double approvedHours, double pendingHours) {
  }

  /** {@code VolunteerReport}: everyone on a roster in the org's subtree. */
  record Report(UUID orgId, int year, List<MemberHours> members) {
  }

  static double hours(int minutes) {
    return Math.round(minutes * 100.0 / 60) / 100.0;
  }
}
