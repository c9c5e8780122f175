package cn.zhibu.platform;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;

/**
 * Files sent the way phones and browsers send them, with their own type as the Content-Type (a raw PNG as
 * {@code image/png}, as the contract lists), are read as bytes like {@code application/octet-stream}: the
 * contract's validator knows only a few media types, so the request is labelled octet-stream before it looks.
 * What the file really is, is read from its bytes afterwards (FileTypes), never from this header.
 */
public final class BinaryBodies implements Handler<RoutingContext> {
  static final Set<String> FILE_TYPES = Set.of(FileTypes.JPEG, FileTypes.PNG, FileTypes.PDF);

  @Override
  public void handle(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    if (type != null && FILE_TYPES.contains(type.split(";")[0].trim().toLowerCase())) {
      ctx.request().headers().set("Content-Type", "application/octet-stream");
    }
    ctx.next();
  }
}
