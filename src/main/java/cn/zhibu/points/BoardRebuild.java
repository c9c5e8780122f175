package cn.zhibu.points;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The boards are a cache of the ledger, so they can always be rebuilt from it: every current board is built
 * into fresh keys and swapped in, then awards that committed meanwhile are applied again on top. Run at start,
 * after Redis lost the boards (no marker), and after an update failed (marked dirty); one instance at a time.
 */
final class BoardRebuild {
  private static final Logger LOG = LoggerFactory.getLogger(BoardRebuild.class);
  private static final String SUFFIX = ":rebuild";
  private static final int BATCH = 200;

  private final LedgerTotals ledger;
  private final BoardStore store;
  private final Clock clock;
  private final AtomicBoolean dirty = new AtomicBoolean();

  BoardRebuild(LedgerTotals ledger, BoardStore store, Clock clock) {
    this.ledger = ledger;
    this.store = store;
    this.clock = clock;
  }

  /** An update failed: the next check rebuilds. */
  void markDirty() {
    dirty.set(true);
  }

  /** Rebuilds every board; answers how many people are on them (0 when another instance is rebuilding). */
  Future<Integer> rebuild(Boards boards) {
    Instant now = clock.instant();
    return store.lockRebuild().compose(locked -> {
      if (!locked) {
        return Future.succeededFuture(0);
      }
      dirty.set(false);
      return ledger.everyone(now)
          .compose(all -> writeAll(all, now).map(all.size()))
          .compose(count -> store.swapIn(SUFFIX).map(count))
          // Awards that committed while the ledger was read are applied again on top.
          .compose(count -> ledger.awardedSince(now.minusSeconds(5))
              .compose(people -> boards.refresh(people, Boards.Metric.ALL)).map(count))
          .compose(count -> store.markBuilt(now).map(count))
          .andThen(ar -> store.unlockRebuild())
          .onSuccess(count -> LOG.info("leaderboards rebuilt from the ledger: {} people", count))
          .onFailure(err -> dirty.set(true));
    });
  }

  private Future<Void> writeAll(List<LedgerTotals.Totals> all, Instant now) {
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < all.size(); from += BATCH) {
      List<LedgerTotals.Totals> batch = all.subList(from, Math.min(all.size(), from + BATCH));
      chain = chain.compose(v -> Future.all(batch.stream()
          .map(t -> store.write(t, now, SUFFIX, Boards.Metric.ALL)).toList()).mapEmpty());
    }
    return chain;
  }

  /** Rebuilds when Redis has lost the boards or an update failed. Never fails: trouble marks it dirty. */
  Future<Void> ifNeeded(Boards boards) {
    return store.built()
        .compose(built -> !built || dirty.get() ? rebuild(boards).mapEmpty() : Future.<Void>succeededFuture())
        .recover(err -> {
          dirty.set(true);
          return Future.succeededFuture();
        });
  }
}
