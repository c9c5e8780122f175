package cn.zhibu.review;

import cn.zhibu.org.Scope;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/** Builds the 民主评议党员 feature. */
public final class ReviewModule {
  public final ReviewRoutes routes;
  private final ReviewService reviews;

  public ReviewModule(Pool pool, cn.zhibu.platform.Redis redis, Scope scope, Clock clock) {
    this.reviews = new ReviewService(pool, scope, new cn.zhibu.platform.RateLimiter(redis), clock);
    this.routes = new ReviewRoutes(reviews);
  }

  /** Freezes who may vote in every round that has opened (a minute job; a round touched first freezes itself). */
  public Future<Integer> freezeOpened() {
    return reviews.freezeOpened();
  }

  /** The year's rounds in a subtree as a sheet of a workbook another feature writes (the 台账 pack). */
  public Future<java.util.function.Consumer<cn.zhibu.platform.Spreadsheet>> resultsSheet(cn.zhibu.auth.Caller caller,
      java.util.UUID orgId, int year, String title) {
    return reviews.resultsSheet(caller, orgId, year, title);
  }
}
