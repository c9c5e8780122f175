package cn.zhibu.auth;

import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Hashing;
import cn.zhibu.platform.Redis;
import io.lettuce.core.KeyValue;
import io.lettuce.core.SetArgs;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Login sessions. PostgreSQL is the record (sessions, hashed refresh tokens); Redis holds the hot copy that
 * every request checks ({@code sess:<id>}) and each person's roles ({@code roles:<id>}). If Redis has lost
 * a key, or is down, the check falls back to PostgreSQL, so a Redis flush never logs anyone out and a
 * revoked session never comes back.
 */
public final class Sessions {
  private static final Duration ROLES_CACHE = Duration.ofMinutes(10);
  private final Pool pool;
  private final Redis redis;
  private final AccessTokens tokens;
  private final Duration refreshTtl;
  private final SecureRandom random = new SecureRandom();
  private final SessionCache cache;

  /** What a login, bind or refresh hands to the phone. */
  public record Issued(String accessToken, String refreshToken, long expiresIn) {
    public JsonObject toJson() {
      return new JsonObject().put("accessToken", accessToken).put("refreshToken", refreshToken)
          .put("expiresIn", expiresIn);
    }
  }

  Sessions(Pool pool, Redis redis, AccessTokens tokens, Duration refreshTtl, SessionCache cache) {
    this.cache = cache;
    this.pool = pool;
    this.redis = redis;
    this.tokens = tokens;
    this.refreshTtl = refreshTtl;
  }

  /** Opens a session for {@code personId}: a row, a first refresh token, and the Redis copy. */
  public Future<Issued> open(UUID personId, String client) {
    UUID sessionId = UUID.randomUUID();
    String refresh = newRefreshToken(sessionId);
    return pool.withTransaction(tx -> tx.preparedQuery("""
            INSERT INTO auth_sessions (id, person_id, client, expires_at) VALUES ($1, $2, $3, now() + $4 * interval '1 second')
            """).execute(Tuple.of(sessionId, personId, client, refreshTtl.toSeconds()))
            .compose(v -> insertRefresh(tx, refresh, sessionId)))
        .compose(v -> cacheSession(sessionId, personId))
        .map(v -> issued(personId, sessionId, refresh));
  }

  /** Checks a bearer token and its session; loads the caller's current roles. */
  public Future<Caller> authenticate(String bearer) {
    AccessTokens.Subject subject;
    try {
      subject = tokens.verify(bearer);
    } catch (ApiException e) {
      return Future.failedFuture(e);
    }
    List<RoleGrant> known = cache.roles(subject.sessionId(), subject.personId());
    if (known != null) {
      return Future.succeededFuture(new Caller(subject.personId(), subject.sessionId(), known));
    }
    String sessKey = redis.key("sess:" + subject.sessionId());
    String rolesKey = rolesKey(subject.personId());
    return redis.<List<KeyValue<String, String>>>call(c -> c.mget(sessKey, rolesKey))
        .map(values -> values.stream().map(kv -> kv.getValueOrElse(null)).toList())
        .recover(redisDown -> Future.succeededFuture(java.util.Arrays.asList(null, null)))
        .compose(values -> {
          Future<Void> session = subject.personId().toString().equals(values.get(0))
              ? Future.succeededFuture() : sessionFromDatabase(subject);
          Future<List<RoleGrant>> roles = values.get(1) != null
              ? Future.succeededFuture(parseRoles(values.get(1))) : loadRoles(subject.personId());
          return Future.all(session, roles).map(all -> {
            cache.remember(subject.sessionId(), subject.personId(), roles.result());
            return new Caller(subject.personId(), subject.sessionId(), roles.result());
          });
        });
  }

  private Future<Void> sessionFromDatabase(AccessTokens.Subject subject) {
    return pool.preparedQuery("""
            SELECT extract(epoch FROM expires_at - now())::bigint AS ttl FROM auth_sessions
            WHERE id = $1 AND person_id = $2 AND revoked_at IS NULL AND expires_at > now()
            """).execute(Tuple.of(subject.sessionId(), subject.personId()))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(ApiException.unauthorized("auth.session_revoked",
                "This session has ended; log in again"));
          }
          long ttl = Math.max(1, rows.iterator().next().getLong("ttl"));
          return redis.call(c -> c.set(redis.key("sess:" + subject.sessionId()), subject.personId().toString(),
                  SetArgs.Builder.ex(ttl)))
              .<Void>mapEmpty().recover(redisDown -> Future.succeededFuture());
        });
  }

  /** The person's roles from PostgreSQL, cached in Redis until they change. */
  public Future<List<RoleGrant>> loadRoles(UUID personId) {
    return pool.preparedQuery("SELECT role, org_id FROM org_roles WHERE person_id = $1 ORDER BY granted_at, role")
        .execute(Tuple.of(personId))
        .map(rows -> {
          List<RoleGrant> roles = new java.util.ArrayList<>();
          for (Row row : rows) {
            roles.add(new RoleGrant(Role.fromWire(row.getString("role")), row.getUUID("org_id")));
          }
          return roles;
        })
        .compose(roles -> redis.call(c -> c.set(rolesKey(personId),
                new JsonArray(roles.stream().map(RoleGrant::toJson).toList()).encode(),
                SetArgs.Builder.ex(ROLES_CACHE.toSeconds())))
            .map(roles).recover(redisDown -> Future.succeededFuture(roles)));
  }

  /** Drops the cached roles so the next request sees the change. */
  public Future<Void> rolesChanged(UUID personId) {
    return redis.call(c -> c.del(rolesKey(personId))).<Void>mapEmpty()
        .compose(v -> cache.rolesChanged(personId));
  }

  private String rolesKey(UUID personId) {
    return redis.key("roles:" + personId);
  }

  private static List<RoleGrant> parseRoles(String json) {
    return new JsonArray(json).stream().map(o -> RoleGrant.fromJson((JsonObject) o)).toList();
  }

  private enum RotateOutcome { ROTATED, UNKNOWN, REUSED, ENDED }

  private record Rotation(RotateOutcome outcome, UUID sessionId, UUID personId, String refresh) {
  }

  /**
   * Swaps a refresh token for a new pair. A token that was already used means it leaked (or a race
   * the phone lost): the whole session is revoked, and that revocation is committed before we answer.
   */
  public Future<Issued> rotate(String refreshToken) {
    String hash = Hashing.sha256(refreshToken);
    return pool.withTransaction(tx -> tx.preparedQuery("""
            SELECT t.session_id, t.used_at, s.person_id, (s.revoked_at IS NOT NULL OR s.expires_at <= now()) AS ended
            FROM refresh_tokens t JOIN auth_sessions s ON s.id = t.session_id
            WHERE t.hash = $1 FOR UPDATE OF t, s
            """).execute(Tuple.of(hash))
            .compose(rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture(new Rotation(RotateOutcome.UNKNOWN, null, null, null));
              }
              Row row = rows.iterator().next();
              UUID sessionId = row.getUUID("session_id");
              UUID personId = row.getUUID("person_id");
              if (row.getBoolean("ended")) {
                return Future.succeededFuture(new Rotation(RotateOutcome.ENDED, sessionId, personId, null));
              }
              if (row.getValue("used_at") != null) {
                return revokeIn(tx, sessionId, "refresh_token_reused")
                    .map(new Rotation(RotateOutcome.REUSED, sessionId, personId, null));
              }
              String next = newRefreshToken(sessionId);
              return tx.preparedQuery("UPDATE refresh_tokens SET used_at = now() WHERE hash = $1").execute(Tuple.of(hash))
                  .compose(v -> tx.preparedQuery("""
                      UPDATE auth_sessions SET expires_at = now() + $2 * interval '1 second' WHERE id = $1
                      """).execute(Tuple.of(sessionId, refreshTtl.toSeconds())))
                  .compose(v -> insertRefresh(tx, next, sessionId))
                  .map(new Rotation(RotateOutcome.ROTATED, sessionId, personId, next));
            }))
        .compose(rotation -> switch (rotation.outcome()) {
          case ROTATED -> cacheSession(rotation.sessionId(), rotation.personId())
              .map(issued(rotation.personId(), rotation.sessionId(), rotation.refresh()));
          case REUSED -> dropCachedSession(rotation.sessionId()).transform(ar -> Future.failedFuture(
              ApiException.unauthorized("auth.refresh_reused",
                  "This refresh token was already used; the session has been ended for safety")));
          case ENDED -> Future.failedFuture(ApiException.unauthorized("auth.session_revoked",
              "This session has ended; log in again"));
          case UNKNOWN -> Future.failedFuture(ApiException.unauthorized("auth.refresh_invalid",
              "The refresh token is not valid"));
        });
  }

  /** Ends a session: Redis first (so a failure changes nothing the client can see), then the record. */
  public Future<Void> revoke(UUID sessionId, String reason) {
    // Forgotten again once revoked: a request between the two steps may have cached it from the database.
    return dropCachedSession(sessionId)
        .compose(v -> pool.withTransaction(tx -> revokeIn(tx, sessionId, reason)))
        .compose(v -> cache.sessionEnded(sessionId));
  }

  /** Ends every session of a person (anonymisation). */
  public Future<Void> revokeAll(SqlClient tx, UUID personId) {
    return tx.preparedQuery("""
            UPDATE auth_sessions SET revoked_at = now(), revoked_reason = 'anonymised'
            WHERE person_id = $1 AND revoked_at IS NULL RETURNING id
            """).execute(Tuple.of(personId))
        .compose(rows -> {
          List<Future<Void>> drops = new java.util.ArrayList<>();
          for (Row row : rows) {
            drops.add(dropCachedSession(row.getUUID("id")));
          }
          return Future.all(drops).mapEmpty();
        });
  }

  private Future<Void> revokeIn(SqlClient tx, UUID sessionId, String reason) {
    return tx.preparedQuery("""
            UPDATE auth_sessions SET revoked_at = now(), revoked_reason = $2 WHERE id = $1 AND revoked_at IS NULL
            """).execute(Tuple.of(sessionId, reason)).mapEmpty();
  }

  private Future<Void> cacheSession(UUID sessionId, UUID personId) {
    return redis.call(c -> c.set(redis.key("sess:" + sessionId), personId.toString(),
        SetArgs.Builder.ex(refreshTtl.toSeconds()))).<Void>mapEmpty().recover(redisDown -> Future.succeededFuture());
  }

  private Future<Void> dropCachedSession(UUID sessionId) {
    return redis.call(c -> c.del(redis.key("sess:" + sessionId))).<Void>mapEmpty()
        .compose(v -> cache.sessionEnded(sessionId));
  }

  private Future<Void> insertRefresh(SqlClient tx, String token, UUID sessionId) {
    return tx.preparedQuery("INSERT INTO refresh_tokens (hash, session_id) VALUES ($1, $2)")
        .execute(Tuple.of(Hashing.sha256(token), sessionId)).mapEmpty();
  }

  private Issued issued(UUID personId, UUID sessionId, String refresh) {
    return new Issued(tokens.issue(personId, sessionId), refresh, tokens.ttl().toSeconds());
  }

  private String newRefreshToken(UUID sessionId) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return sessionId + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
