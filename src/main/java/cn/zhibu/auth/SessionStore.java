package cn.zhibu.auth;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The record of login sessions in PostgreSQL: sessions, their refresh tokens (hashes only), and the roles a
 * session carries. {@link Sessions} keeps the rules (rotation, reuse, the Redis copies); this keeps the SQL.
 */
final class SessionStore {
  /** A refresh token as found, locked with its session. */
  record Refresh(UUID sessionId, boolean used, UUID personId, boolean ended) {
  }

  private final Pool pool;

  SessionStore(Pool pool) {
    this.pool = pool;
  }

  Future<Void> open(SqlClient tx, UUID sessionId, UUID personId, String client, long ttlSeconds) {
    return tx.preparedQuery("""
            INSERT INTO auth_sessions (id, person_id, client, expires_at) VALUES ($1, $2, $3, now() + $4 * interval '1 second')
            """).execute(Tuple.of(sessionId, personId, client, ttlSeconds)).mapEmpty();
  }

  Future<Void> addRefresh(SqlClient tx, String hash, UUID sessionId) {
    return tx.preparedQuery("INSERT INTO refresh_tokens (hash, session_id) VALUES ($1, $2)")
        .execute(Tuple.of(hash, sessionId)).mapEmpty();
  }

  /** Seconds the session has left, or null when it has ended (revoked, expired, or not this person's). */
  Future<Long> secondsLeft(UUID sessionId, UUID personId) {
    return pool.preparedQuery("""
            SELECT extract(epoch FROM expires_at - now())::bigint AS ttl FROM auth_sessions
            WHERE id = $1 AND person_id = $2 AND revoked_at IS NULL AND expires_at > now()
            """).execute(Tuple.of(sessionId, personId))
        .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong("ttl"));
  }

  /** The person's roles, oldest grant first. */
  Future<List<RoleGrant>> roles(UUID personId) {
    return pool.preparedQuery("SELECT role, org_id FROM org_roles WHERE person_id = $1 ORDER BY granted_at, role")
        .execute(Tuple.of(personId))
        .map(rows -> {
          List<RoleGrant> roles = new ArrayList<>();
          for (Row row : rows) {
            roles.add(new RoleGrant(Role.fromWire(row.getString("role")), row.getUUID("org_id")));
          }
          return roles;
        });
  }

  /** The refresh token and its session, both locked for the rotation; null when the token is unknown. */
  Future<Refresh> lockRefresh(SqlClient tx, String hash) {
    return tx.preparedQuery("""
            SELECT t.session_id, t.used_at IS NOT NULL AS used, s.person_id,
                   (s.revoked_at IS NOT NULL OR s.expires_at <= now()) AS ended
            FROM refresh_tokens t JOIN auth_sessions s ON s.id = t.session_id
            WHERE t.hash = $1 FOR UPDATE OF t, s
            """).execute(Tuple.of(hash))
        .map(rows -> {
          if (rows.size() == 0) {
            return null;
          }
          Row r = rows.iterator().next();
          return new Refresh(r.getUUID("session_id"), r.getBoolean("used"), r.getUUID("person_id"), r.getBoolean("ended"));
        });
  }

  /** The token spent and the session extended by {@code ttlSeconds} from now. */
  Future<Void> spendAndExtend(SqlClient tx, String hash, UUID sessionId, long ttlSeconds) {
    return tx.preparedQuery("UPDATE refresh_tokens SET used_at = now() WHERE hash = $1").execute(Tuple.of(hash))
        .compose(v -> tx.preparedQuery("""
            UPDATE auth_sessions SET expires_at = now() + $2 * interval '1 second' WHERE id = $1
            """).execute(Tuple.of(sessionId, ttlSeconds)))
        .mapEmpty();
  }

  Future<Void> revoke(SqlClient tx, UUID sessionId, String reason) {
    return tx.preparedQuery("""
            UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL
            """).execute(Tuple.of(sessionId, reason)).mapEmpty();
  }

  /** Ends every live session of the person; answers their ids. */
  Future<List<UUID>> revokeAll(SqlClient tx, UUID personId, String reason) {
    return tx.preparedQuery("""
            UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2
            WHERE person_id = $1 AND revoked_at IS NULL RETURNING id
            """).execute(Tuple.of(personId, reason))
        .map(rows -> {
          List<UUID> ids = new ArrayList<>();
          rows.forEach(row -> ids.add(row.getUUID("id")));
          return ids;
        });
  }
}
