package cn.zhibu.meeting;

import cn.zhibu.platform.Times;
import io.vertx.sqlclient.Row;
import java.util.UUID;

/** The one shape of a check-in on the wire (the contract's {@code Checkin}), whoever answers it. */
record Checkin(UUID id, UUID eventId, UUID personId, String checkedInAt, boolean offline) {

  /** From a row of {@code id, event_id, person_id, checked_in_at, offline}. */
  static Checkin from(Row row) {
    return new Checkin(row.getUUID("id"), row.getUUID("event_id"), row.getUUID("person_id"),
        Times.format(row.getOffsetDateTime("checked_in_at")), row.getBoolean("offline"));
  }

  /** What a phone sends: the code it scanned, where it was, and (offline) when it scanned it. */
  record Attempt(String code, Double lat, Double lng, String scannedAt) {
  }
}
