package cn.zhibu.onsite;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The rotating check-in code, shared by party days and volunteer activities (one mechanism): {@code <event ref>.<mac>}, 31 characters, so it fits a mini-program code scene
 * (32 at most). The event ref is the event id in base64url; the mac is an HMAC-SHA256 of the event id and
 * the time step under the event's own secret, so nothing is stored per code and a photo of the code is
 * useless one step later. The current and the previous step are accepted (clock skew, a slow scan); a code
 * of an older step (up to {@link #LOOKBACK_STEPS} back) is "expired"; anything else is "invalid".
 */
public final class CheckinCode {
  static final int LOOKBACK_STEPS = 240;
  private static final int MAC_CHARS = 8;
  private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

  public enum Verdict { VALID, EXPIRED, INVALID }

  private final byte[] secret;
  private final UUID eventId;
  private final int stepSeconds;

  public CheckinCode(byte[] secret, UUID eventId, int stepSeconds) {
    this.secret = secret;
    this.eventId = eventId;
    this.stepSeconds = stepSeconds;
  }

  public String at(Instant now) {
    return ref(eventId) + "." + mac(step(now));
  }

  /** When the code shown at {@code now} stops being the current one. */
  public Instant expiresAt(Instant now) {
    return Instant.ofEpochSecond((step(now) + 1) * stepSeconds);
  }

  public Verdict verify(String code, Instant now) {
    int dot = code.indexOf('.');
    if (dot < 0 || !code.substring(0, dot).equals(ref(eventId))) {
      return Verdict.INVALID;
    }
    byte[] given = code.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    long current = step(now);
    for (long step = current; step > current - LOOKBACK_STEPS; step--) {
      if (MessageDigest.isEqual(given, mac(step).getBytes(StandardCharsets.US_ASCII))) {
        return step >= current - 1 ? Verdict.VALID : Verdict.EXPIRED;
      }
    }
    return Verdict.INVALID;
  }

  private long step(Instant now) {
    return Math.floorDiv(now.getEpochSecond(), stepSeconds);
  }

  /** The event id as 22 base64url characters. */
  public static String ref(UUID id) {
    ByteBuffer bytes = ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
  }

  /** The event id a code or scene names, or {@code null} if it names none. */
  static UUID eventOf(String ref) {
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(ref);
      if (bytes.length != 16) {
        return null;
      }
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      return new UUID(buffer.getLong(), buffer.getLong());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private String mac(long step) {
    try {
      Mac hmac = Mac.getInstance("HmacSHA256");
      hmac.init(new SecretKeySpec(secret, "HmacSHA256"));
      hmac.update(eventId.toString().getBytes(StandardCharsets.US_ASCII));
      byte[] digest = hmac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
      StringBuilder out = new StringBuilder(MAC_CHARS);
      for (int i = 0; i < MAC_CHARS; i++) {
        out.append(BASE32.charAt(digest[i] & 31));
      }
      return out.toString();
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }
}
