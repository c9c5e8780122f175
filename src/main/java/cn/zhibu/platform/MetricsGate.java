package cn.zhibu.platform;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may read {@code /metrics} (request counts by route, pool figures: a map of the service for an attacker).
 * With {@code ZHIBU_METRICS_TOKEN} set, whoever sends it as a bearer token; without it, only a scraper on this
 * machine talking to the server directly (a loopback peer and no forwarding header, so a reverse proxy on the
 * same host does not pass outsiders through).
 */
public final class MetricsGate implements Handler<RoutingContext> {
  private final byte[] token;

  public MetricsGate(String token) {
    this.token = token == null || token.isEmpty() ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (token != null ? bearerMatches(ctx.request().getHeader("Authorization")) : directFromThisMachine(ctx)) {
      ctx.next();
    } else {
      ctx.fail(ApiException.unauthorized("auth.required",
          "/metrics needs the metrics token (Authorization: Bearer …), or a scraper on the server's own machine"));
    }
  }

  private boolean bearerMatches(String header) {
    return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
        && MessageDigest.isEqual(token, header.substring(7).trim().getBytes(StandardCharsets.UTF_8));
  }

  private static boolean directFromThisMachine(RoutingContext ctx) {
    var peer = ctx.request().connection().remoteAddress();
    String host = peer == null ? null : peer.hostAddress();
    boolean loopback = host != null && (host.startsWith("127.") || host.equals("0:0:0:0:0:0:0:1") || host.equals("::1"));
    return loopback && ctx.request().getHeader("X-Forwarded-For") == null && ctx.request().getHeader("Forwarded") == null;
  }
}
