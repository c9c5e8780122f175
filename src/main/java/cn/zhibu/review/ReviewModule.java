package cn.zhibu.review;

import cn.zhibu.org.Scope;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** Builds the 民主评议党员 feature. */
public final class ReviewModule {
  public final ReviewRoutes routes;

  public ReviewModule(Pool pool, Scope scope, Clock clock) {
    this.routes = new ReviewRoutes(new ReviewService(pool, scope, clock));
  }
}
