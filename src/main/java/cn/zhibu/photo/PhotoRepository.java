package cn.zhibu.photo;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
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
        ph.uploaded_by = $2 OR ph.media_check IS DISTINCT FROM 'risky') AND (
        ph.uploaded_by = $2
        OR EXISTS (
          SELECT 1 FROM requests r JOIN orgs o ON o.id = r.org_id
          WHERE ph.uploaded_by = r.requester_id
            AND EXISTS (SELECT 1 FROM unnest(r.photo_urls) u WHERE u LIKE '%/photos/' || $1::text)
            AND (r.requester_id = $2 OR r.assignee_id = $2 OR EXISTS (
              SELECT 1 FROM org_roles g WHERE g.person_id = $2 AND g.org_id = ANY(o.ancestry)
                AND (g.role = 'admin' OR leader_role(g.role)))))
        OR EXISTS (
          SELECT 1 FROM volunteer_records v JOIN persons p ON p.id = v.person_id JOIN orgs o ON o.id = p.org_id
          WHERE ph.uploaded_by = v.person_id
            AND EXISTS (SELECT 1 FROM unnest(v.evidence_urls) u WHERE u LIKE '%/photos/' || $1::text)
            AND EXISTS (SELECT 1 FROM org_roles g WHERE g.person_id = $2 AND g.org_id = ANY(o.ancestry)
              AND (g.role = 'admin' OR leader_role(g.role)))))
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

  /** The bytes for WeChat's media check (reached by a signed link, not by a person). */
  Future<Stored> forCheck(UUID id) {
    return pool.preparedQuery("SELECT content_type, data FROM photos WHERE id = $1").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? null
            : new Stored(rows.iterator().next().getString("content_type"), rows.iterator().next().getBuffer("data")));
  }

  /** The sender's openid, to whom WeChat attributes the media check. */
  Future<String> openidOf(UUID person) {
    return pool.preparedQuery("SELECT openid FROM persons WHERE id = $1").execute(Tuple.of(person))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("openid"));
  }

  /**
   * The trace id WeChat gave for the photo, and its verdict if it came already. This and {@link #checked} take the
   * trace's lock first: one statement each was not enough, as a verdict whose statements overlapped this one read
   * neither side's write (seen in CI); with the lock, whichever comes second sees what the first committed.
   */
  Future<Void> checkAsked(UUID id, String trace) {
    return pool.withTransaction(tx -> lockTrace(tx, trace).compose(locked -> tx.preparedQuery("""
            UPDATE photos SET media_trace = $2,
                   media_check = coalesce((SELECT suggest FROM media_check_results WHERE trace_id = $2), 'pending')
            WHERE id = $1
            """).execute(Tuple.of(id, trace)))).mapEmpty();
  }

  /** WeChat's verdict: kept by trace id, and put on the photo that carries the trace, if any yet. */
  Future<Boolean> checked(String trace, String suggest) {
    return pool.withTransaction(tx -> lockTrace(tx, trace).compose(locked -> tx.preparedQuery("""
            INSERT INTO media_check_results (trace_id, suggest) VALUES ($1, $2)
            ON CONFLICT (trace_id) DO UPDATE SET suggest = excluded.suggest, received_at = now()
            """).execute(Tuple.of(trace, suggest)))
        .compose(kept -> tx.preparedQuery("UPDATE photos SET media_check = $2 WHERE media_trace = $1")
            .execute(Tuple.of(trace, suggest)))
        .map(rows -> rows.rowCount() > 0));
  }

  private static Future<?> lockTrace(SqlClient tx, String trace) {
    return tx.preparedQuery("SELECT pg_advisory_xact_lock(hashtextextended($1, 31))").execute(Tuple.of(trace));
  }
}
