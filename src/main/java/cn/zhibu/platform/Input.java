package cn.zhibu.platform;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.validation.RequestParameter;
import io.vertx.openapi.validation.ValidatedRequest;
import java.util.UUID;

/** Reads what the contract has already validated; handlers never re-check shapes or formats. */
public final class Input {
  private Input() {
  }

  private static ValidatedRequest validated(RoutingContext ctx) {
    return ctx.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
  }

  public static JsonObject body(RoutingContext ctx) {
    RequestParameter body = validated(ctx).getBody();
    return body == null || body.isNull() ? new JsonObject() : body.getJsonObject(new JsonObject());
  }

  /** A raw (application/octet-stream) body. */
  public static Buffer bytes(RoutingContext ctx) {
    return ctx.body().buffer();
  }

  public static String path(RoutingContext ctx, String name) {
    return validated(ctx).getPathParameters().get(name).getString();
  }

  /** A path id; the contract says {@code format: uuid}, so it always parses. */
  public static UUID id(RoutingContext ctx, String name) {
    return UUID.fromString(path(ctx, name));
  }

  public static String query(RoutingContext ctx, String name) {
    RequestParameter value = validated(ctx).getQuery().get(name);
    return value == null || value.isNull() ? null : String.valueOf(value.get());
  }

  public static int queryInt(RoutingContext ctx, String name, int fallback) {
    RequestParameter value = validated(ctx).getQuery().get(name);
    return value == null ? fallback : value.getInteger(fallback);
  }

  /**
   * Whether a report is wanted as a spreadsheet: {@code Accept} names the xlsx media type (content negotiation,
   * as generated clients do), or {@code ?format=xlsx} (kept as an alias for links and curl).
   */
  public static boolean wantsSpreadsheet(RoutingContext ctx) {
    if ("xlsx".equals(query(ctx, "format"))) {
      return true;
    }
    String accept = ctx.request().getHeader("Accept");
    return accept != null && accept.contains(Respond.XLSX);
  }

  /** The client's address, through trusted proxies ({@link ClientAddress}). */
  public static String clientIp(RoutingContext ctx) {
    return ClientAddress.of(ctx);
  }

  /** The User-Agent header, cut to a length worth keeping. */
  public static String userAgent(RoutingContext ctx) {
    String agent = ctx.request().getHeader("User-Agent");
    return agent == null ? "" : agent.length() > 300 ? agent.substring(0, 300) : agent;
  }
}
