package cn.zhibu.platform;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque list cursors: the last item's sort key, base64url-encoded. */
public final class Cursor {
  public static final int DEFAULT_LIMIT = 20;

  private Cursor() {
  }

  public static String encode(String key) {
    return key == null ? null : Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  /** A position in a newest-first list ordered by (time, id). The first page starts after the far future. */
  public record Newest(java.time.Instant time, java.util.UUID id) {
    public java.time.OffsetDateTime utc() {
      return time.atOffset(java.time.ZoneOffset.UTC);
    }
  }

  /** Reads a newest-first cursor (see {@link #newest(java.time.Instant, java.util.UUID)}); null means the first page. */
  public static Newest newest(String cursor) {
    String key = decode(cursor);
    if (key == null) {
      return new Newest(java.time.Instant.parse("9999-01-01T00:00:00Z"), new java.util.UUID(-1L, -1L));
    }
    try {
      String[] parts = key.split("\\|", 2);
      return new Newest(java.time.Instant.ofEpochSecond(0, Long.parseLong(parts[0])), java.util.UUID.fromString(parts[1]));
    } catch (RuntimeException e) {
      throw ApiException.badRequest("request.bad_cursor", "The cursor is not one this server gave out");
    }
  }

  /** The cursor for the page after the item at ({@code time}, {@code id}). */
  public static String newest(java.time.Instant time, java.util.UUID id) {
    return encode((time.getEpochSecond() * 1_000_000_000L + time.getNano()) + "|" + id);
  }

  /** The cursor for the page after a row of a newest-first list ordered by ({@code timeColumn}, id). */
  public static String newest(io.vertx.sqlclient.Row row, String timeColumn) {
    return newest(row.getOffsetDateTime(timeColumn).toInstant(), row.getUUID("id"));
  }

  /** The sort key, or {@code null} for the first page; a damaged cursor is a 400. */
  public static String decode(String cursor) {
    if (cursor == null || cursor.isEmpty()) {
      return null;
    }
    try {
      return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("request.bad_cursor", "The cursor is not one this server gave out");
    }
  }
}
