package cn.zhibu.auth;

import cn.zhibu.platform.ApiException;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Keys;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.UUID;
import javax.crypto.SecretKey;

/**
 * Short-lived JWTs (HS256, jjwt). They carry only the person and session ids: roles are read per request,
 * and the session is checked in Redis, so logout and role changes apply at once.
 */
final class AccessTokens {
  private static final String ISSUER = "zhibu";
  private final SecretKey key;
  private final Duration ttl;
  private final Clock clock;

  record Subject(UUID personId, UUID sessionId) {
  }

  AccessTokens(byte[] secret, Duration ttl, Clock clock) {
    this.key = Keys.hmacShaKeyFor(secret);
    this.ttl = ttl;
    this.clock = clock;
  }

  Duration ttl() {
    return ttl;
  }

  String issue(UUID personId, UUID sessionId) {
    Date now = Date.from(clock.instant());
    return Jwts.builder()
        .issuer(ISSUER)
        .subject(personId.toString())
        .claim("sid", sessionId.toString())
        .issuedAt(now)
        .expiration(Date.from(clock.instant().plus(ttl)))
        .signWith(key, Jwts.SIG.HS256)
        .compact();
  }

  /**
   * Tokens already verified, keyed by the whole token text (so a changed token never matches), kept until
   * they expire. Parsing a JWT costs more than the rest of a typical request.
   */
  private final java.util.concurrent.ConcurrentHashMap<String, Verified> verified = new java.util.concurrent.ConcurrentHashMap<>();
  private static final int MAX_CACHED = 100_000;

  private record Verified(Subject subject, java.time.Instant expires) {
  }

  /** Verifies signature (unsigned and {@code alg:none} tokens are refused), issuer and expiry. */
  Subject verify(String token) {
    Verified known = verified.get(token);
    if (known != null) {
      if (clock.instant().isBefore(known.expires())) {
        return known.subject();
      }
      verified.remove(token);
    }
    return parse(token);
  }

  private Subject parse(String token) {
    try {
      Claims claims = Jwts.parser().verifyWith(key).requireIssuer(ISSUER).clock(() -> Date.from(clock.instant()))
          .build().parseSignedClaims(token).getPayload();
      Subject subject = new Subject(UUID.fromString(claims.getSubject()), UUID.fromString(claims.get("sid", String.class)));
      if (verified.size() >= MAX_CACHED) {
        verified.clear();
      }
      verified.put(token, new Verified(subject, claims.getExpiration().toInstant()));
      return subject;
    } catch (JwtException | IllegalArgumentException | NullPointerException e) {
      throw ApiException.unauthorized("auth.token_invalid", "The access token is invalid or expired");
    }
  }
}
