package cn.zhibu.auth;

import cn.zhibu.platform.ApiException;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Root handler: when a request carries a bearer token, resolves it to a {@link Caller}. A bad token does
 * not stop a public route (a phone may send a stale one to login); {@link #REQUIRED} refuses it on the
 * routes the contract secures.
 */
public final class Authenticator implements Handler<RoutingContext> {
  private static final String FAILURE = "authFailure";
  private final Sessions sessions;

  /** Per-route guard for operations the contract marks as needing a bearer token. */
  public static final Handler<RoutingContext> REQUIRED = ctx -> {
    ApiException missing = missingCaller(ctx);
    if (missing == null) {
      ctx.next();
    } else {
      ctx.fail(missing);
    }
  };

  /** Why the request has no caller (no token, or a refused one), or null when it has one. */
  public static ApiException missingCaller(RoutingContext ctx) {
    if (Caller.of(ctx) != null) {
      return null;
    }
    ApiException failure = ctx.get(FAILURE);
    return failure != null ? failure : ApiException.unauthorized("auth.required",
        "Send an access token: Authorization: Bearer <accessToken>");
  }

  public Authenticator(Sessions sessions) {
    this.sessions = sessions;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null) {
      ctx.next();
      return;
    }
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() > 4096) {
      ctx.put(FAILURE, ApiException.unauthorized("auth.token_invalid", "Use Authorization: Bearer <accessToken>"));
      ctx.next();
      return;
    }
    // The body is not read while the token is checked (Redis, maybe PostgreSQL): the body handlers after this one
    // resume the request once they know how much to read for whom, so nobody unauthenticated can make the
    // server hold a large body.
    if (!ctx.request().isEnded()) {
      ctx.request().pause();
    }
    sessions.authenticate(header.substring(7).trim()).onComplete(ar -> {
      if (ar.succeeded()) {
        Caller.attach(ctx, ar.result());
        ctx.next();
      } else if (ar.cause() instanceof ApiException api && api.status() == 401) {
        ctx.put(FAILURE, api);
        ctx.next();
      } else {
        ctx.fail(ar.cause());
      }
    });
  }
}
