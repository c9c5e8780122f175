package cn.zhibu.review;

import cn.zhibu.org.Scope;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** Builds the 民主评议党员 feature. */
public final class ReviewModule {
  public final ReviewRoutes routes;
  private final ReviewService reviews;

  public ReviewModule(Pool pool, Scope scope, Clock clock) {
    this.reviews = new ReviewService(pool, scope, clock);
    this.routes = new ReviewRoutes(reviews);
  }

  /** Freezes who may vote in every round that has opened (a minute job; a round touched first freezes itself). */
  public Future<Integer> freezeOpened() {
    return reviews.freezeOpened();
  }
}
