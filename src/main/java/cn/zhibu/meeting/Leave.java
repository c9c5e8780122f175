package cn.zhibu.meeting;

import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Times;
import io.vertx.sqlclient.Row;
import java.util.UUID;

/** A leave request (请假) on the wire: the contract's {@code Leave}, with who asked and for which meeting. */
record Leave(UUID id, UUID eventId, UUID personId, String reason, String status, String name, String eventTitle,
    String startsAt, String requestedAt) {

  /** The columns {@link #from} reads, over {@code leaves l JOIN events e JOIN persons p}. */
  static final String COLUMNS =
      "l.id, l.event_id, l.person_id, l.reason, l.status, l.requested_at, p.name, e.title, e.starts_at";

  static Leave from(Row row) {
    return new Leave(row.getUUID("id"), row.getUUID("event_id"), row.getUUID("person_id"), row.getString("reason"),
        row.getString("status"), row.getString("name"), row.getString("title"),
        Times.format(row.getOffsetDateTime("starts_at")), Times.format(row.getOffsetDateTime("requested_at")));
  }

  /** Where the page after this one starts, in the newest-first order of requests. */
  String cursor() {
    return Cursor.newest(Times.parse(requestedAt), id);
  }
}
