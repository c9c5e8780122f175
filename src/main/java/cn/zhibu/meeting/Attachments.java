package cn.zhibu.meeting;

import cn.zhibu.auth.Caller;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Hashing;
import cn.zhibu.platform.Metadata;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.util.UUID;

/**
 * Photos and files of a meeting: uploaded by its organisers, seen by whoever may see the meeting, removed by
 * their uploader. The type is read from the bytes (JPEG, PNG, PDF), never from what the client says.
 */
final class Attachments {
  static final int MAX_BYTES = 10 * 1024 * 1024;
  static final int MAX_PER_EVENT = 20;
  private final io.vertx.core.Vertx vertx;
  private final Pool pool;
  private final AttachmentRepository files;
  private final EventService events;

  Attachments(io.vertx.core.Vertx vertx, Pool pool, AttachmentRepository files, EventService events) {
    this.vertx = vertx;
    this.pool = pool;
    this.files = files;
    this.events = events;
  }

  /** A file's content, and how to serve it. */
  record File(String name, String contentType, Buffer bytes) {
  }

  /** {@code AttachmentList}. */
  record Listed(List<AttachmentRepository.Attachment> items) {
  }

  Future<AttachmentRepository.Attachment> upload(Caller caller, Audit.Actor actor, UUID eventId, String name,
      Buffer bytes) {
    String type = cn.zhibu.platform.FileTypes.sniff(bytes);
    if (type == null) {
      return Future.failedFuture(ApiException.unprocessable("attachment.unsupported_type",
          "Upload a JPEG or PNG photo, or a PDF (the file's content is checked, not its name)"));
    }
    if (bytes.length() > MAX_BYTES) {
      return Future.failedFuture(ApiException.badRequest("attachment.too_large", "A file may be at most 10 MB"));
    }
    UUID id = UUID.randomUUID();
    return events.organised(caller, eventId).compose(event -> Metadata.stripped(vertx, type, bytes)
        .recover(unreadable -> Future.failedFuture(ApiException.unprocessable("attachment.unsupported_type",
            "The file could not be read as the JPEG, PNG or PDF it claims to be")))
        .compose(kept -> store(caller, actor, event, id, name, type, kept)));
  }

  /** The file, already without its metadata (place, device, author), counted against the meeting's limit. */
  private Future<AttachmentRepository.Attachment> store(Caller caller, Audit.Actor actor, Event event, UUID id,
      String name, String type, Buffer bytes) {
    UUID eventId = event.id();
    String clean = name == null || name.isBlank() ? "附件" : name.strip();
    return pool.withTransaction(tx -> files.countLocked(tx, eventId)
        .compose(count -> count >= MAX_PER_EVENT
            ? Future.failedFuture(ApiException.unprocessable("attachment.too_many",
                "A meeting keeps at most " + MAX_PER_EVENT + " files"))
            : files.insert(tx, id, eventId, clean, type, Hashing.sha256Hex(bytes.getBytes()), bytes, caller.personId()))
        .compose(stored -> Audit.record(tx, actor, event.orgId(), "attachment.upload", "event:" + eventId,
                new JsonObject().put("attachmentId", id.toString()).put("name", clean).put("type", type)
                    .put("size", bytes.length()))
            .map(stored)));
  }

  Future<Listed> list(Caller caller, UUID eventId) {
    return events.visible(caller, eventId).compose(event -> files.ofEvent(eventId)).map(Listed::new);
  }

  /** The file, if the caller may see its meeting; else 404. */
  Future<File> get(Caller caller, UUID id) {
    return find(id).compose(file -> events.visible(caller, file.eventId())
        .compose(event -> files.bytes(id))
        .compose(bytes -> bytes == null ? Future.failedFuture(ApiException.notFound("The file"))
            : Future.succeededFuture(new File(file.name(), file.contentType(), bytes))));
  }

  /** Removed by its uploader only (others in scope are refused; outside scope it is not found). */
  Future<Void> delete(Caller caller, Audit.Actor actor, UUID id) {
    return find(id).compose(file -> events.visible(caller, file.eventId()).compose(event -> {
      if (!caller.personId().equals(file.uploadedBy())) {
        return Future.failedFuture(ApiException.forbidden("Only the person who uploaded a file removes it"));
      }
      return pool.withTransaction(tx -> files.delete(tx, id)
          .compose(v -> Audit.record(tx, actor, event.orgId(), "attachment.delete", "event:" + event.id(),
              new JsonObject().put("attachmentId", id.toString()).put("name", file.name()))));
    }));
  }

  private Future<AttachmentRepository.Attachment> find(UUID id) {
    return files.find(id).compose(file -> file == null ? Future.failedFuture(ApiException.notFound("The file"))
        : Future.succeededFuture(file));
  }
}
