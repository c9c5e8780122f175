package cn.zhibu.meeting;

import cn.zhibu.onsite.CheckinCode;
import cn.zhibu.platform.Times;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.util.UUID;

/** A party day or meeting, as stored. {@code lat}, {@code lng} and {@code radiusM} are all set or all null. */
record Event(UUID id, UUID orgId, String type, String title, Instant startsAt, Instant endsAt, Double lat,
    Double lng, Integer radiusM, int codeStepSeconds, Instant checkinOpensAt, Instant checkinClosesAt,
    byte[] codeSecret, int expected, Record record) {

  /** What makes the meeting a record: its status, and what an inspector reads (组织生活台账). */
  record Record(String status, String agenda, String lecturer, String minutes, Double studyHours, boolean backfilled,
      String cancelReason, String backfillReason, UUID createdBy, Instant decidedAt, String decisionNote,
      Integer reviewsYear) {
    static Record scheduled(UUID createdBy) {
      return new Record("scheduled", null, null, null, null, false, null, null, createdBy, null, null, null);
    }

    static Record backfill(UUID createdBy, String reason) {
      return new Record("pending_approval", null, null, null, null, true, null, reason, createdBy, null, null, null);
    }
  }

  static final String COLUMNS = """
      e.id, e.org_id, e.type, e.title, e.starts_at, e.ends_at, e.lat, e.lng, e.radius_m, e.code_step_seconds,
      e.checkin_opens_at, e.checkin_closes_at, e.code_secret, e.expected, e.status, e.agenda, e.lecturer,
      e.minutes, e.study_hours, e.backfilled, e.cancel_reason, e.backfill_reason, e.created_by, e.decided_at,
      e.decision_note, e.reviews_year
      """;

  boolean cancelled() {
    return "cancelled".equals(record.status());
  }

  /** Cancelled and refused meetings are closed: nothing about them changes any more. */
  boolean closed() {
    return "cancelled".equals(record.status()) || "refused".equals(record.status());
  }

  /**
   * Until when its record (agenda, minutes, 补签) may be written: 30 days after it ends; for a 补录, while it
   * waits for approval and 30 days after it was approved.
   */
  Instant recordsUntil() {
    if (record.backfilled()) {
      return record.decidedAt() == null ? Instant.MAX : record.decidedAt().plus(EventRecords.RECORD_WINDOW);
    }
    return endsAt.plus(EventRecords.RECORD_WINDOW);
  }

  boolean hasPlace() {
    return lat != null;
  }

  CheckinCode code() {
    return new CheckinCode(codeSecret, id, codeStepSeconds);
  }

  static Event from(Row row) {
    return new Event(row.getUUID("id"), row.getUUID("org_id"), row.getString("type"), row.getString("title"),
        row.getOffsetDateTime("starts_at").toInstant(), row.getOffsetDateTime("ends_at").toInstant(),
        row.getDouble("lat"), row.getDouble("lng"), row.getInteger("radius_m"), row.getInteger("code_step_seconds"),
        row.getOffsetDateTime("checkin_opens_at").toInstant(), row.getOffsetDateTime("checkin_closes_at").toInstant(),
        row.getBuffer("code_secret").getBytes(), row.getInteger("expected"), new Record(row.getString("status"),
            row.getString("agenda"), row.getString("lecturer"), row.getString("minutes"),
            row.getValue("study_hours") == null ? null : row.getBigDecimal("study_hours").doubleValue(),
            row.getBoolean("backfilled"), row.getString("cancel_reason"), row.getString("backfill_reason"),
            row.getUUID("created_by"), row.getOffsetDateTime("decided_at") == null ? null
            : row.getOffsetDateTime("decided_at").toInstant(), row.getString("decision_note"),
            row.getInteger("reviews_year")));
  }

  /** Where an event is held: check-in must be within the radius. */
  record Location(double lat, double lng, int radiusM) {
  }

  /** {@code Event} on the wire: never the code secret; the location only when the event has a place. */
  record View(UUID id, UUID orgId, String type, String title, String startsAt, String endsAt, int codeStepSeconds,
      String checkinOpensAt, String checkinClosesAt, int expected, String status, String agenda, String lecturer,
      String minutes, Double studyHours, boolean backfilled, String cancelReason, String backfillReason,
      String decidedAt, String decisionNote, Integer reviewsYear,
      @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
      Location location) {
  }

  View view() {
    return new View(id, orgId, type, title, Times.format(startsAt), Times.format(endsAt), codeStepSeconds,
        Times.format(checkinOpensAt), Times.format(checkinClosesAt), expected, record.status(), record.agenda(),
        record.lecturer(), record.minutes(), record.studyHours(), record.backfilled(), record.cancelReason(),
        record.backfillReason(), Times.format(record.decidedAt()), record.decisionNote(), record.reviewsYear(),
        hasPlace() ? new Location(lat, lng, radiusM) : null);
  }
}
