package cn.zhibu.checkin;

import cn.zhibu.auth.Caller;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Hashing;
import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * Photos and files of a meeting: uploaded by its organisers, seen by whoever may see the meeting, removed by
 * their uploader. The type is read from the bytes (JPEG, PNG, PDF), never from what the client says.
 */
final class Attachments {
  static final int MAX_BYTES = 10 * 1024 * 1024;
  static final int MAX_PER_EVENT = 20;
  private static final String COLUMNS = "id, event_id, name, content_type, size, sha256, uploaded_by, uploaded_at";
  private final Pool pool;
  private final EventService events;

  Attachments(Pool pool, EventService events) {
    this.pool = pool;
    this.events = events;
  }

  /** A file's content, and how to serve it. */
  record File(String name, String contentType, Buffer bytes) {
  }

  Future<JsonObject> upload(Caller caller, Audit.Actor actor, UUID eventId, String name, Buffer bytes) {
    String type = cn.zhibu.platform.FileTypes.sniff(bytes);
    if (type == null) {
      return Future.failedFuture(ApiException.unprocessable("attachment.unsupported_type",
          "Upload a JPEG or PNG photo, or a PDF (the file's content is checked, not its name)"));
    }
    if (bytes.length() > MAX_BYTES) {
      return Future.failedFuture(ApiException.badRequest("attachment.too_large", "A file may be at most 10 MB"));
    }
    UUID id = UUID.randomUUID();
    String clean = name == null || name.isBlank() ? "附件" : name.strip();
    return events.organised(caller, eventId).compose(event -> pool.withTransaction(tx -> tx.preparedQuery(
                "SELECT count(*) FROM event_attachments WHERE event_id = (SELECT id FROM events WHERE id = $1 FOR UPDATE)")
            .execute(Tuple.of(eventId))
            .compose(rows -> rows.iterator().next().getLong(0) >= MAX_PER_EVENT
                ? Future.failedFuture(ApiException.unprocessable("attachment.too_many",
                    "A meeting keeps at most " + MAX_PER_EVENT + " files"))
                : tx.preparedQuery("""
                    INSERT INTO event_attachments (id, event_id, name, content_type, size, sha256, data, uploaded_by)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING\s""" + COLUMNS)
                    .execute(Tuple.tuple().addUUID(id).addUUID(eventId).addString(clean).addString(type)
                        .addInteger(bytes.length()).addString(Hashing.sha256Hex(bytes.getBytes())).addBuffer(bytes)
                        .addUUID(caller.personId())))
            .compose(rows -> Audit.record(tx, actor, event.orgId(), "attachment.upload", "event:" + eventId,
                    new JsonObject().put("attachmentId", id.toString()).put("name", clean).put("type", type)
                        .put("size", bytes.length()))
                .map(json(rows.iterator().next())))));
  }

  Future<JsonObject> list(Caller caller, UUID eventId) {
    return events.visible(caller, eventId).compose(event -> pool.preparedQuery("SELECT " + COLUMNS
            + " FROM event_attachments WHERE event_id = $1 ORDER BY uploaded_at, id").execute(Tuple.of(eventId)))
        .map(rows -> {
          JsonArray items = new JsonArray();
          rows.forEach(row -> items.add(json(row)));
          return new JsonObject().put("items", items);
        });
  }

  /** The file, if the caller may see its meeting; else 404. */
  Future<File> get(Caller caller, UUID id) {
    return find(id, true).compose(row -> events.visible(caller, row.getUUID("event_id"))
        .map(event -> new File(row.getString("name"), row.getString("content_type"), row.getBuffer("data"))));
  }

  /** Removed by its uploader only (others in scope are refused; outside scope it is not found). */
  Future<Void> delete(Caller caller, Audit.Actor actor, UUID id) {
    return find(id, false).compose(row -> events.visible(caller, row.getUUID("event_id")).compose(event -> {
      if (!caller.personId().equals(row.getUUID("uploaded_by"))) {
        return Future.failedFuture(ApiException.forbidden("Only the person who uploaded a file removes it"));
      }
      return pool.withTransaction(tx -> tx.preparedQuery("DELETE FROM event_attachments WHERE id = $1")
          .execute(Tuple.of(id))
          .compose(v -> Audit.record(tx, actor, event.orgId(), "attachment.delete", "event:" + event.id(),
              new JsonObject().put("attachmentId", id.toString()).put("name", row.getString("name")))));
    }));
  }

  /** The file's row; its bytes only when they are to be served (a file is up to 10 MB). */
  private Future<Row> find(UUID id, boolean withData) {
    return pool.preparedQuery("SELECT " + COLUMNS + (withData ? ", data" : "") + " FROM event_attachments WHERE id = $1")
        .execute(Tuple.of(id))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiException.notFound("The file"))
            : Future.succeededFuture(rows.iterator().next()));
  }

  private static JsonObject json(Row row) {
    return new JsonObject().put("id", row.getUUID("id").toString()).put("eventId", row.getUUID("event_id").toString())
        .put("name", row.getString("name")).put("contentType", row.getString("content_type"))
        .put("size", row.getInteger("size")).put("sha256", row.getString("sha256"))
        .put("uploadedBy", row.getUUID("uploaded_by").toString())
        .put("uploadedAt", Times.format(row.getOffsetDateTime("uploaded_at")));
  }
}
