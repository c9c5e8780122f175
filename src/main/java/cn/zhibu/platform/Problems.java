package cn.zhibu.platform;

import io.lettuce.core.RedisException;
import io.vertx.core.Handler;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one failure handler: every error becomes RFC 9457 problem+json with a stable {@code code}.
 * A 5xx is logged once with the request id; nothing is ever sent twice.
 */
public final class Problems implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(Problems.class);
  public static final String CONTENT_TYPE = "application/problem+json";

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.response().ended() || ctx.response().headWritten()) {
      return;
    }
    ApiException problem = toProblem(ctx.failure(), ctx.statusCode());
    // A request refused before its body was read is still paused (the authenticator pauses it): let the rest of
    // the body be read and dropped, or the keep-alive connection would wait for it forever. A refusal that must
    // not read it (an unauthenticated upload) has asked to close the connection instead.
    if (!ctx.request().isEnded() && !"close".equalsIgnoreCase(ctx.response().headers().get("Connection"))) {
      ctx.request().resume();
    }
    if (problem.status() >= 500) {
      LOG.error("[{}] {} {} failed: {}", RequestIds.of(ctx), ctx.request().method(), ctx.request().path(),
          problem.code(), ctx.failure());
    }
    send(ctx, problem);
  }

  public static void send(RoutingContext ctx, ApiException problem) {
    boolean english = Messages.english(ctx.request().getHeader("Accept-Language"));
    JsonObject body = new JsonObject()
        .put("type", "https://zhibu.cn/problems/" + problem.code().replace('.', '/'))
        .put("title", english ? problem.title() : Messages.title(problem.status()))
        .put("status", problem.status())
        .put("detail", english ? problem.getMessage() : Messages.detail(problem))
        .put("code", problem.code())
        .put("instance", ctx.request().path())
        .put("requestId", RequestIds.of(ctx));
    var response = ctx.response().setStatusCode(problem.status()).putHeader("Content-Type", CONTENT_TYPE)
        .putHeader("Content-Language", english ? "en" : "zh-CN").putHeader("Vary", "Accept-Language");
    if (problem.status() == 401) {
      response.putHeader("WWW-Authenticate", "Bearer");
    }
    if (problem.status() == 429) {
      response.putHeader("Retry-After", String.valueOf(problem instanceof ApiException.RateLimited limited
          ? limited.retryAfterSeconds() : 60));
    }
    response.end(body.encode());
  }

  static ApiException toProblem(Throwable failure, int statusCode) {
    if (failure instanceof ApiException api) {
      return api;
    }
    if (failure instanceof HttpException http) {
      return fromHttp(http);
    }
    if (failure instanceof ValidatorException v) {
      return ApiException.badRequest("request.invalid", v.getMessage());
    }
    if (failure instanceof DecodeException) {
      return ApiException.badRequest("request.malformed_json", "The body is not valid JSON");
    }
    if (failure instanceof PgException pg && "23505".equals(pg.getSqlState())) {
      return Duplicates.of(pg.getConstraint());
    }
    if (failure instanceof PgException pg && "23503".equals(pg.getSqlState())) {
      return ApiException.notFound("Something the request refers to");
    }
    if (failure instanceof PgException pg && ("22021".equals(pg.getSqlState()) || "22P05".equals(pg.getSqlState()))) {
      return TextGuard.invalid(); // a NUL that came in another way than a JSON body (a file's cell)
    }
    if (failure instanceof PgException pg && "57014".equals(pg.getSqlState())) {
      // statement_timeout (ZHIBU_PG_STATEMENT_TIMEOUT_MS) cancelled it: nothing was written; the pool is free again.
      return ApiException.unavailable("db.timeout", "That took too long and was stopped; try a shorter period or again later");
    }
    if (failure instanceof PgException pg && ("40P01".equals(pg.getSqlState()) || "40001".equals(pg.getSqlState()))) {
      // A deadlock or serialisation failure rolled the transaction back: nothing was written; try again.
      return ApiException.unavailable("db.retry", "The database was busy with a conflicting change; try again");
    }
    if (failure instanceof RedisException) {
      return ApiException.unavailable("redis.unavailable", "The session store is unavailable; try again shortly");
    }
    if (isConnectionFailure(failure)) {
      return ApiException.unavailable("db.unavailable", "The database is unavailable; try again shortly");
    }
    if (failure == null) {
      return fromStatus(statusCode);
    }
    return new ApiException(500, "internal", "Internal error", "Something went wrong on our side");
  }

  private static ApiException fromHttp(HttpException http) {
    if (http.getStatusCode() == 400) {
      Throwable cause = http.getCause();
      String detail = cause != null && cause.getMessage() != null ? cause.getMessage() : http.getPayload();
      return ApiException.badRequest(badRequestCode(detail), detail == null ? "The request is not valid" : detail);
    }
    if (http.getStatusCode() == 413) {
      return ApiException.badRequest("request.too_large", "The request body is too large");
    }
    return fromStatus(http.getStatusCode());
  }

  /**
   * What kind of malformed input the contract's validator found, as the stable code clients branch on: a body
   * that is not JSON, a body of a media type the operation does not take, or anything else.
   */
  static String badRequestCode(String validatorMessage) {
    String text = validatorMessage == null ? "" : validatorMessage;
    if (text.contains("format of the request body is not supported")) {
      return "request.unsupported_media_type";
    }
    if (text.contains("request body") && (text.contains("can't be decoded") || text.contains("decode"))) {
      return "request.malformed_json";
    }
    return "request.invalid";
  }

  static ApiException fromStatus(int status) {
    return switch (status) {
      case 400 -> ApiException.badRequest("request.invalid", "The request is not valid");
      case 401 -> ApiException.unauthorized("auth.required", "Log in first");
      case 403 -> ApiException.forbidden("Not allowed");
      case 404 -> ApiException.notFound("The resource");
      case 405 -> new ApiException(405, "method_not_allowed", "Method not allowed", "That method is not allowed here");
      case 413 -> ApiException.badRequest("request.too_large", "The request body is too large");
      // 400 like every malformed input the contract declares, with the code that says which.
      case 415 -> ApiException.badRequest("request.unsupported_media_type",
          "Send the body as one of the media types the contract lists");
      default -> new ApiException(500, "internal", "Internal error", "Something went wrong on our side");
    };
  }

  private static boolean isConnectionFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof ClosedConnectionException || t instanceof TimeoutException
          || t instanceof io.vertx.core.http.ConnectionPoolTooBusyException
          // a pooled connection whose peer went away while the query was being written
          || (t instanceof io.vertx.core.VertxException && t.getMessage() != null
              && t.getMessage().startsWith("Connection is not active"))
          || (t.getClass().getName().contains("Pool") && t.getMessage() != null && t.getMessage().contains("timeout"))) {
        return true;
      }
    }
    return false;
  }
}
