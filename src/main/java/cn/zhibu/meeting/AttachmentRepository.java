package cn.zhibu.meeting;

import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Every query of a meeting's photos and files (kept in PostgreSQL with the meeting, so in the same backups). */
final class AttachmentRepository {
  private static final String COLUMNS = "id, event_id, name, content_type, size, sha256, uploaded_by, uploaded_at";

  /** The contract's {@code Attachment}: what a file is, never its bytes. */
  record Attachment(UUID id, UUID eventId, String name, String contentType, int size, String sha256, UUID uploadedBy,
      String uploadedAt) {

    static Attachment from(Row row) {
      return new Attachment(row.getUUID("id"), row.getUUID("event_id"), row.getString("name"),
          row.getString("content_type"), row.getInteger("size"), row.getString("sha256"), row.getUUID("uploaded_by"),
          Times.format(row.getOffsetDateTime("uploaded_at")));
    }
  }

  private final Pool pool;

  AttachmentRepository(Pool pool) {
    this.pool = pool;
  }

  /** How many files the meeting keeps, with the meeting locked so two uploads cannot both pass the limit. */
  /**
   * The meeting's files, counted after its row is locked. Two statements: a count in the locking statement would
   * read with the snapshot taken before the wait, and miss the files committed by whoever held the lock (30
   * parallel uploads were all stored so).
   */
  Future<Long> countLocked(SqlClient tx, UUID eventId) {
    return tx.preparedQuery("SELECT 1 FROM events WHERE id = $1 FOR UPDATE").execute(Tuple.of(eventId))
        .compose(locked -> tx.preparedQuery("SELECT count(*) FROM event_attachments WHERE event_id = $1")
            .execute(Tuple.of(eventId)))
        .map(rows -> rows.iterator().next().getLong(0));
  }

  Future<Attachment> insert(SqlClient tx, UUID id, UUID eventId, String name, String type, String sha256, Buffer bytes,
      UUID by) {
    return tx.preparedQuery("""
            INSERT INTO event_attachments (id, event_id, name, content_type, size, sha256, data, uploaded_by)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING\s""" + COLUMNS)
        .execute(Tuple.tuple().addUUID(id).addUUID(eventId).addString(name).addString(type).addInteger(bytes.length())
            .addString(sha256).addBuffer(bytes).addUUID(by))
        .map(rows -> Attachment.from(rows.iterator().next()));
  }

  /** The meeting's files, oldest first. */
  Future<List<Attachment>> ofEvent(UUID eventId) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM event_attachments WHERE event_id = $1 ORDER BY uploaded_at, id")
        .execute(Tuple.of(eventId))
        .map(rows -> {
          List<Attachment> all = new ArrayList<>(rows.size());
          rows.forEach(row -> all.add(Attachment.from(row)));
          return all;
        });
  }

  /** One line of the 台账's photo index: a file and the meeting it belongs to. */
  record Indexed(UUID id, String name, String contentType, int size, java.time.OffsetDateTime uploadedAt,
      java.time.OffsetDateTime startsAt, String org, String type, String title) {
  }

  /** The files of the subtree's meetings that started in [from, to), by meeting time (no bytes read). */
  Future<List<Indexed>> ofSubtree(UUID orgId, java.time.OffsetDateTime from, java.time.OffsetDateTime to) {
    return pool.preparedQuery("""
            SELECT a.id, a.name, a.content_type, a.size, a.uploaded_at, e.starts_at, o.name AS org, e.type, e.title
            FROM event_attachments a JOIN events e ON e.id = a.event_id JOIN orgs o ON o.id = e.org_id
            WHERE $1 = ANY(o.ancestry) AND e.starts_at >= $2 AND e.starts_at < $3
            ORDER BY e.starts_at, e.id, a.uploaded_at, a.id""")
        .execute(Tuple.of(orgId, from, to))
        .map(rows -> {
          List<Indexed> all = new ArrayList<>(rows.size());
          rows.forEach(r -> all.add(new Indexed(r.getUUID("id"), r.getString("name"), r.getString("content_type"),
              r.getInteger("size"), r.getOffsetDateTime("uploaded_at"), r.getOffsetDateTime("starts_at"),
              r.getString("org"), r.getString("type"), r.getString("title"))));
          return all;
        });
  }

  /** The file, or null. */
  Future<Attachment> find(UUID id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM event_attachments WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : Attachment.from(rows.iterator().next()));
  }

  /** The file's bytes (up to 10 MB: read only when served), or null. */
  Future<Buffer> bytes(UUID id) {
    return pool.preparedQuery("SELECT data FROM event_attachments WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getBuffer("data"));
  }

  Future<Void> delete(SqlClient tx, UUID id) {
    return tx.preparedQuery("DELETE FROM event_attachments WHERE id = $1").execute(Tuple.of(id)).mapEmpty();
  }
}
