package cn.zhibu.auth;

import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Hashing;
import cn.zhibu.platform.LuaScript;
import cn.zhibu.platform.Redis;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
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
 *
 * <p>Copies are filled from reads that may be older than a change made meanwhile; such a fill must never be
 * written back over the change (the outside test saw a logged-out token live 15 minutes and a demoted secretary
 * keep the role 10 minutes). So an ended session leaves a tombstone ({@code sess:<id> = ended}) and every
 * fill is {@code SET NX}; a role change bumps {@code rolesv:<id>}, and a roles fill is written only if that
 * version is still the one seen before reading PostgreSQL.
 */
public final class Sessions {
  private static final Duration ROLES_CACHE = Duration.ofMinutes(10);
  /** Longer than any read can take, so a fill never sees a version that expired after it was read. */
  private static final Duration ROLES_VERSION_KEPT = Duration.ofDays(1);
  static final String ENDED = "ended";
  /** KEYS roles, version; ARGV roles json, seconds, version seen before the read ("" when there was none). */
  private static final LuaScript FILL_ROLES = new LuaScript("""
      local v = redis.call('GET', KEYS[2]) or ''
      if v == ARGV[3] then redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[2])) return 1 end
      return 0
      """);
  /** KEYS roles, version; ARGV seconds the version is kept. */
  private static final LuaScript ROLES_CHANGED = new LuaScript("""
      redis.call('INCR', KEYS[2])
      redis.call('EXPIRE', KEYS[2], tonumber(ARGV[1]))
      redis.call('DEL', KEYS[1])
      return 1
      """);
  private final Pool pool;
  private final Redis redis;
  private final AccessTokens tokens;
  private final Duration refreshTtl;
  private final SecureRandom random = new SecureRandom();
  private final SessionCache cache;
  private final SessionStore store;

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
    this.store = new SessionStore(pool);
    this.redis = redis;
    this.tokens = tokens;
    this.refreshTtl = refreshTtl;
  }

  /** Opens a session for {@code personId}: a row, a first refresh token, and the Redis copy. */
  public Future<Issued> open(UUID personId, String client) {
    UUID sessionId = UUID.randomUUID();
    String refresh = newRefreshToken(sessionId);
    return pool.withTransaction(tx -> store.open(tx, sessionId, personId, client, refreshTtl.toSeconds())
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
    long readAt = cache.generation();
    List<RoleGrant> known = cache.roles(subject.sessionId(), subject.personId());
    if (known != null) {
      return Future.succeededFuture(new Caller(subject.personId(), subject.sessionId(), known));
    }
    String sessKey = redis.key("sess:" + subject.sessionId());
    UUID person = subject.personId();
    return redis.<List<KeyValue<String, String>>>call(c -> c.mget(sessKey, rolesKey(person), rolesVersionKey(person)))
        .map(values -> values.stream().map(kv -> kv.getValueOrElse(null)).toList())
        .recover(redisDown -> Future.succeededFuture(java.util.Arrays.asList(null, null, null)))
        .compose(values -> {
          if (ENDED.equals(values.get(0))) {
            return Future.failedFuture(ended());
          }
          Future<Void> session = person.toString().equals(values.get(0))
              ? Future.succeededFuture() : sessionFromDatabase(subject);
          Future<List<RoleGrant>> roles = values.get(1) != null
              ? Future.succeededFuture(parseRoles(values.get(1))) : loadRoles(person, values.get(2));
          return Future.all(session, roles).map(all -> {
            cache.remember(subject.sessionId(), person, roles.result(), readAt);
            return new Caller(person, subject.sessionId(), roles.result());
          });
        });
  }

  private static ApiException ended() {
    return ApiException.unauthorized("auth.session_revoked", "This session has ended; log in again");
  }

  private Future<Void> sessionFromDatabase(AccessTokens.Subject subject) {
    return store.secondsLeft(subject.sessionId(), subject.personId())
        .compose(left -> {
          if (left == null) {
            return Future.failedFuture(ended());
          }
          long ttl = Math.max(1, left);
          // NX: a logout that committed after this read has left its tombstone, which this fill must not replace.
          return redis.call(c -> c.set(redis.key("sess:" + subject.sessionId()), subject.personId().toString(),
                  SetArgs.Builder.ex(ttl).nx()))
              .<Void>mapEmpty().recover(redisDown -> Future.succeededFuture());
        });
  }

  /** The person's roles from PostgreSQL, cached in Redis until they change. */
  public Future<List<RoleGrant>> loadRoles(UUID personId) {
    return redis.<String>call(c -> c.get(rolesVersionKey(personId))).recover(redisDown -> Future.succeededFuture(null))
        .compose(version -> loadRoles(personId, version));
  }

  /** The roles read now, written to Redis only if no change bumped the version since {@code versionSeen}. */
  private Future<List<RoleGrant>> loadRoles(UUID personId, String versionSeen) {
    return store.roles(personId)
        .compose(roles -> FILL_ROLES.<Long>run(redis, ScriptOutputType.INTEGER,
                new String[] {rolesKey(personId), rolesVersionKey(personId)},
                new JsonArray(roles.stream().map(RoleGrant::toJson).toList()).encode(),
                Long.toString(ROLES_CACHE.toSeconds()), versionSeen == null ? "" : versionSeen)
            .map(roles).recover(redisDown -> Future.succeededFuture(roles)));
  }

  /** The roles changed (call after the change committed): no older read may be cached from now on. */
  public Future<Void> rolesChanged(UUID personId) {
    return ROLES_CHANGED.<Long>run(redis, ScriptOutputType.INTEGER,
            new String[] {rolesKey(personId), rolesVersionKey(personId)}, Long.toString(ROLES_VERSION_KEPT.toSeconds()))
        .<Void>mapEmpty()
        .compose(v -> cache.rolesChanged(personId));
  }

  private String rolesKey(UUID personId) {
    return redis.key("roles:" + personId);
  }

  private String rolesVersionKey(UUID personId) {
    return redis.key("rolesv:" + personId);
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
    return pool.withTransaction(tx -> store.lockRefresh(tx, hash)
            .compose(found -> {
              if (found == null) {
                return Future.succeededFuture(new Rotation(RotateOutcome.UNKNOWN, null, null, null));
              }
              UUID sessionId = found.sessionId();
              UUID personId = found.personId();
              if (found.ended()) {
                return Future.succeededFuture(new Rotation(RotateOutcome.ENDED, sessionId, personId, null));
              }
              if (found.used()) {
                return revokeIn(tx, sessionId, "refresh_token_reused")
                    .map(new Rotation(RotateOutcome.REUSED, sessionId, personId, null));
              }
              String next = newRefreshToken(sessionId);
              return store.spendAndExtend(tx, hash, sessionId, refreshTtl.toSeconds())
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

  /**
   * Ends a session: the record first, then the tombstone in Redis (which no fill from an older read can replace)
   * and the news to every process. A Redis failure fails the logout, which the phone repeats; the record is
   * already ended, so a Redis-less check refuses the session either way.
   */
  public Future<Void> revoke(UUID sessionId, String reason) {
    return pool.withTransaction(tx -> revokeIn(tx, sessionId, reason))
        .compose(v -> forgetEnded(List.of(sessionId)));
  }

  /** Ends every session of a person in the caller's transaction; pass the answer to {@link #forgetEnded} after commit. */
  public Future<List<UUID>> revokeAll(SqlClient tx, UUID personId) {
    return store.revokeAll(tx, personId, "anonymised");
  }

  /** Tombstones sessions whose ending has committed, and tells every process. */
  public Future<Void> forgetEnded(List<UUID> sessionIds) {
    return Future.all(sessionIds.stream().map(this::dropCachedSession).toList()).mapEmpty();
  }

  private Future<Void> revokeIn(SqlClient tx, UUID sessionId, String reason) {
    return store.revoke(tx, sessionId, reason);
  }

  /** NX: a rotation racing a logout must not write its session back over the logout's tombstone. */
  private Future<Void> cacheSession(UUID sessionId, UUID personId) {
    return redis.call(c -> c.set(redis.key("sess:" + sessionId), personId.toString(),
        SetArgs.Builder.ex(refreshTtl.toSeconds()).nx())).<Void>mapEmpty().recover(redisDown -> Future.succeededFuture());
  }

  /** The tombstone outlives every access token of the session (after that the token is refused by its age). */
  private Future<Void> dropCachedSession(UUID sessionId) {
    return redis.call(c -> c.set(redis.key("sess:" + sessionId), ENDED, SetArgs.Builder.ex(tokens.ttl().toSeconds() + 60)))
        .<Void>mapEmpty()
        .compose(v -> cache.sessionEnded(sessionId));
  }

  private Future<Void> insertRefresh(SqlClient tx, String token, UUID sessionId) {
    return store.addRefresh(tx, Hashing.sha256(token), sessionId);
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
