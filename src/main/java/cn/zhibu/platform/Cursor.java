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
