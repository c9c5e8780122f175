package cn.zhibu.platform;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Works out, once per request, the address the request came from: through trusted proxies the client they
 * name, otherwise the socket peer. Rate limits and the audit log use this address.
 */
public final class ClientAddress implements Handler<RoutingContext> {
  static final String KEY = "clientIp";
  private final TrustedProxies proxies;

  public ClientAddress(TrustedProxies proxies) {
    this.proxies = proxies;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String peer = ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
    ctx.put(KEY, proxies.isEmpty() ? peer : proxies.client(peer, ctx.request().getHeader("X-Forwarded-For")));
    ctx.next();
  }

  public static String of(RoutingContext ctx) {
    String address = ctx.get(KEY);
    if (address != null) {
      return address;
    }
    return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().host();
  }
}
