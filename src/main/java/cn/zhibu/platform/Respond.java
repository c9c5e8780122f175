package cn.zhibu.platform;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The few ways a handler answers. Every one ends in {@code ctx.fail} on failure, never a hang. */
public final class Respond {
  /** The media type of every spreadsheet the API hands out. */
  public static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  private Respond() {
  }

  /** A report as a spreadsheet download (the caller asked for it: {@link Input#wantsSpreadsheet}). */
  public static void spreadsheet(RoutingContext ctx, String fileName, Future<Buffer> workbook) {
    binary(ctx, XLSX, fileName, workbook);
  }

  /**
   * A spreadsheet written to a temporary file ({@link Spreadsheet.Streamed}): sent from the file, then deleted,
   * so a school's 台账 never sits in memory whole.
   */
  public static void spreadsheetFile(RoutingContext ctx, String fileName, Future<java.nio.file.Path> file) {
    file.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      String path = ar.result().toString();
      ctx.response().putHeader("Content-Type", XLSX)
          .putHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
          .sendFile(path)
          .onComplete(sent -> ctx.vertx().fileSystem().delete(path));
    });
  }

  public static void json(RoutingContext ctx, int status, Object body) {
    if (ctx.response().ended()) {
      return;
    }
    // Straight to UTF-8 bytes: no String in between to encode a second time.
    Buffer bytes = body instanceof JsonObject json ? json.toBuffer() : io.vertx.core.json.Json.encodeToBuffer(body);
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8").end(bytes);
  }

  /** Responds with the value of the future as JSON, or fails the context with its error. */
  public static <T> void with(RoutingContext ctx, Future<T> future) {
    with(ctx, 200, future);
  }

  public static <T> void with(RoutingContext ctx, int status, Future<T> future) {
    future.onComplete(ar -> {
      if (ar.succeeded()) {
        json(ctx, status, ar.result());
      } else {
        ctx.fail(ar.cause());
      }
    });
  }

  public static void noContent(RoutingContext ctx, Future<?> future) {
    future.onComplete(ar -> {
      if (ar.succeeded()) {
        ctx.response().setStatusCode(204).end();
      } else {
        ctx.fail(ar.cause());
      }
    });
  }

  public static void binary(RoutingContext ctx, String contentType, String fileName, Future<Buffer> future) {
    future.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      var response = ctx.response().putHeader("Content-Type", contentType);
      if (fileName != null) {
        response.putHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
      }
      response.end(ar.result());
    });
  }
}
