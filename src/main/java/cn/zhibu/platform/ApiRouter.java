package cn.zhibu.platform;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;

/**
 * The contract's operations as routers, one per first path segment ({@code /events/...}, {@code /me/...}), mounted
 * together under the API's base path: a request is matched against the routes of its own segment only. Vert.x
 * tries a router's routes in turn, and a mounted router's routes each cut the mount point off the path (a new
 * string per route per request): with every operation in one router that was 13 % of the server's CPU in the
 * check-in benchmark. The mount is what {@link Route#subRouter} does, with the router picked per request.
 */
public final class ApiRouter {
  private final Vertx vertx;
  private final Map<String, Router> bySegment = new HashMap<>();
  private final Router none;

  ApiRouter(Vertx vertx) {
    this.vertx = vertx;
    this.none = Router.router(vertx);
  }

  /** The route of an operation, on the router of its path's first segment; {@code path} in OpenAPI form. */
  Route route(io.vertx.core.http.HttpMethod method, String path) {
    return bySegment.computeIfAbsent(firstSegment(path, 0), s -> Router.router(vertx))
        .route(method, path.replaceAll("\\{(.*?)}", ":$1"));
  }

  /**
   * Mounts the routers on {@code route} (a path ending in {@code /*}, such as {@code /api/v1/*}), with
   * {@code failureHandler} answering their failures.
   */
  public void mount(Route route, Handler<RoutingContext> failureHandler) {
    bySegment.values().forEach(r -> r.route().failureHandler(failureHandler));
    none.route().failureHandler(failureHandler);
    route.handler(ctx -> pick(ctx).handleContext(ctx)).failureHandler(ctx -> pick(ctx).handleFailure(ctx));
  }

  /** The router of the request's first segment below the mount point (one without routes if none has it). */
  private Router pick(RoutingContext ctx) {
    // The mount route's path ends in the slash before the segment ("/api/v1/" for "/api/v1/*").
    int from = ctx.currentRoute().getPath().length() - 1;
    return bySegment.getOrDefault(firstSegment(ctx.normalizedPath(), from), none);
  }

  /** The segment after the slash at {@code from} ("" when there is none). */
  static String firstSegment(String path, int from) {
    if (from >= path.length() || path.charAt(from) != '/') {
      return "";
    }
    int end = path.indexOf('/', from + 1);
    return path.substring(from + 1, end < 0 ? path.length() : end);
  }
}
