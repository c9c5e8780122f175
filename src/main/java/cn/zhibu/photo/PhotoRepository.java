package cn.zhibu.photo;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

/** The photos table, and who may see a photo, in SQL beside it. */
final class PhotoRepository {
  /**
   * A photo is seen by its sender; by the requester, the assignee and the handlers (admins, secretaries and
   * committee members of the handling org or above) of a request that shows it; and by the secretaries,
   * committee members and admins over the person of a volunteer record that shows it. Links are matched by the
   * photo's id at the end of the URL, so a change of host name does not hide old photos.
   */
  /**
   * Its sender sees a photo; others only through a request or volunteer record that its sender made and put it in
   * (naming someone else's photo in one's own request shows nothing: the outside test read any photo so).
   */
  private static final String VISIBLE = """
      SELECT content_type, data FROM photos ph WHERE ph.id = $1 AND (
        ph.uploaded_by = $2
        OR EXISTS (
          SELECT 1 FROM requests r JOIN orgs o ON o.id = r.org_id
          WHERE ph.uploaded_by = r.requester_id
            AND EXISTS (SELECT 1 FROM unnest(r.photo_urls) u WHERE u LIKE '%/photos/' || $1::text)
            AND (r.requester_id = $2 OR r.assignee_id = $2 OR EXISTS (
              SELECT 1 FROM org_roles g WHERE g.person_id = $2 AND g.org_id = ANY(o.ancestry)
                AND g.role IN ('admin', 'secretary', 'committee'))))
        OR EXISTS (
          SELECT 1 FROM volunteer_records v JOIN persons p ON p.id = v.person_id JOIN orgs o ON o.id = p.org_id
          WHERE ph.uploaded_by = v.person_id
            AND EXISTS (SELECT 1 FROM unnest(v.evidence_urls) u WHERE u LIKE '%/photos/' || $1::text)
            AND EXISTS (SELECT 1 FROM org_roles g WHERE g.person_id = $2 AND g.org_id = ANY(o.ancestry)
              AND g.role IN ('admin', 'secretary', 'committee'))))
      """;
  private final Pool pool;

  PhotoRepository(Pool pool) {
    this.pool = pool;
  }

  record Stored(String contentType, Buffer bytes) {
  }

  Future<Void> insert(UUID id, String contentType, Buffer bytes, UUID sender, Instant at) {
    return pool.preparedQuery("""
            INSERT INTO photos (id, content_type, size, data, uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6)
            """).execute(Tuple.tuple().addUUID(id).addString(contentType).addInteger(bytes.length()).addBuffer(bytes)
            .addUUID(sender).addOffsetDateTime(at.atOffset(ZoneOffset.UTC))).mapEmpty();
  }

  Future<Optional<Stored>> visible(UUID id, UUID viewer) {
    return pool.preparedQuery(VISIBLE).execute(Tuple.of(id, viewer)).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(new Stored(row.getString("content_type"), row.getBuffer("data")));
    });
  }
}
