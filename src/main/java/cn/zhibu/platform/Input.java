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

  /**
   * The body as its request record (the contract has checked its shape; the record names the fields a handler
   * reads). An absent body reads as a record of nulls.
   */
  public static <T> T body(RoutingContext ctx, Class<T> type) {
    return body(ctx).mapTo(type);
  }

  /** A raw (application/octet-stream) body. */
  public static Buffer bytes(RoutingContext ctx) {
    return ctx.body().buffer();
  }

  /** An uploaded file: its bytes and the name it was sent with (null for a raw body). */
  public record Upload(Buffer bytes, String fileName) {
  }

  /**
   * The file of an upload route, however it came: a raw body (octet-stream or the file's own type), or the first
   * file of a {@code multipart/form-data} body as {@code wx.uploadFile} sends it (read from the temporary file the
   * body handler wrote, off the event loop's way, and that file removed when the request ends).
   */
  public static io.vertx.core.Future<Upload> upload(RoutingContext ctx) {
    if (ctx.fileUploads().isEmpty()) {
      Buffer body = ctx.body() == null ? null : ctx.body().buffer();
      return io.vertx.core.Future.succeededFuture(new Upload(body == null ? Buffer.buffer() : body, null));
    }
    io.vertx.ext.web.FileUpload file = ctx.fileUploads().get(0);
    return ctx.vertx().fileSystem().readFile(file.uploadedFileName()).map(bytes -> new Upload(bytes, file.fileName()));
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
    Integer value = queryInteger(ctx, name);
    return value == null ? fallback : value;
  }

  /**
   * A whole-number query parameter, or null when absent. The contract's validator takes {@code 2026.0} as the
   * integer 2026 (JSON Schema's rule), so it is read as a number here, never by parsing the raw text (which made
   * {@code year=2026.0} a 500 in six operations); a value with a fraction is 400.
   */
  public static Integer queryInteger(RoutingContext ctx, String name) {
    RequestParameter value = validated(ctx).getQuery().get(name);
    if (value == null || value.isNull()) {
      return null;
    }
    try {
      Object raw = value.get();
      java.math.BigDecimal number = raw instanceof Number n ? new java.math.BigDecimal(n.toString())
          : new java.math.BigDecimal(String.valueOf(raw).trim());
      return number.intValueExact();
    } catch (ArithmeticException | NumberFormatException e) {
      throw ApiException.badRequest("request.invalid", name + " must be a whole number");
    }
  }

  /**
   * Whether a report is wanted as a spreadsheet: {@code Accept} names the xlsx media type (content negotiation,
   * as generated clients do), or {@code ?format=xlsx} (kept as an alias for links and curl).
   */
  public static boolean wantsSpreadsheet(RoutingContext ctx) {
    if ("xlsx".equals(query(ctx, "format"))) {
      return true;
    }
    return prefersSpreadsheet(ctx.request().getHeader("Accept"));
  }

  /**
   * Content negotiation between JSON and xlsx: the spreadsheet only when {@code Accept} ranks it above JSON by
   * q-value, or at the same q-value earlier in the list. Generated clients send every media type the contract
   * lists ("application/json, application/vnd…sheet"); they must get JSON.
   */
  static boolean prefersSpreadsheet(String accept) {
    if (accept == null || !accept.contains(Respond.XLSX)) {
      return false;
    }
    double json = -1;
    double sheet = -1;
    int jsonAt = -1;
    int sheetAt = -1;
    String[] ranges = accept.split(",");
    for (int i = 0; i < ranges.length; i++) {
      String[] parts = ranges[i].trim().split(";");
      String type = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
      double q = 1;
      for (int p = 1; p < parts.length; p++) {
        String param = parts[p].trim();
        if (param.startsWith("q=")) {
          try {
            q = Double.parseDouble(param.substring(2));
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      if (type.equals(Respond.XLSX) && sheetAt < 0) {
        sheet = q;
        sheetAt = i;
      } else if ((type.equals("application/json") || type.equals("application/*") || type.equals("*/*")) && q > json) {
        json = q;
        jsonAt = i;
      }
    }
    return sheet > 0 && (json < 0 || sheet > json || (sheet == json && sheetAt < jsonAt));
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
