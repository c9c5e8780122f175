package cn.zhibu.platform;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses the NUL character anywhere in a JSON body or the URL, before anything reads them: PostgreSQL
 * cannot store it in text, and no person types it. (Binary uploads are left alone; their readers check.)
 */
public final class TextGuard implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext ctx) {
    String uri = ctx.request().uri();
    if (uri.contains("%00") || uri.indexOf('\0') >= 0) {
      ctx.fail(invalid());
      return;
    }
    String type = ctx.request().getHeader("Content-Type");
    Buffer body = ctx.body() == null ? null : ctx.body().buffer();
    if (body != null && type != null && type.toLowerCase().contains("json") && hasNul(body)) {
      ctx.fail(invalid());
      return;
    }
    ctx.next();
  }

  /** A raw 0 byte, or a JSON escape {@code \u0000} that is not itself an escaped backslash followed by text. */
  static boolean hasNul(Buffer body) {
    int length = body.length();
    for (int i = 0; i < length; i++) {
      byte b = body.getByte(i);
      if (b == 0) {
        return true;
      }
      if (b == '\\' && i + 5 < length && body.getByte(i + 1) == 'u' && body.getByte(i + 2) == '0'
          && body.getByte(i + 3) == '0' && body.getByte(i + 4) == '0' && body.getByte(i + 5) == '0') {
        int backslashes = 1;
        for (int j = i - 1; j >= 0 && body.getByte(j) == '\\'; j--) {
          backslashes++;
        }
        if (backslashes % 2 == 1) {
          return true;
        }
      }
    }
    return false;
  }

  static ApiException invalid() {
    return ApiException.badRequest("request.invalid_character",
        "The request contains a NUL character (\\u0000), which no text may hold");
  }
}
