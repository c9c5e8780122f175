package cn.zhibu.points;

import cn.zhibu.org.OrgDirectory;
import cn.zhibu.platform.Redis;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leaderboards: the ledger's totals ({@link LedgerTotals}) kept in Redis ({@link BoardStore}) for fast reads.
 * After an award commits, the person's totals are recomputed from the ledger and written as absolute values;
 * the whole set can be rebuilt from the ledger at any time with the same arithmetic ({@link BoardRebuild}).
 */
public final class Boards {
  private static final Logger LOG = LoggerFactory.getLogger(Boards.class);

  public enum Metric {
    POINTS, VOLUNTEER_HOURS, STUDY_HOURS;

    static final Set<Metric> ALL = EnumSet.allOf(Metric.class);

    /** The boards an award of this category moves: points always; hours only for their own category. */
    public static Set<Metric> movedBy(PointRules category) {
      return category == PointRules.VOLUNTEER ? EnumSet.of(POINTS, VOLUNTEER_HOURS)
          : category == PointRules.STUDY ? EnumSet.of(POINTS, STUDY_HOURS) : EnumSet.of(POINTS);
    }
  }

  /** One board read: the top {@code limit} with names, and the caller's rank (1-based) and score. */
  public record Read(List<String> ids, List<String> names, List<Double> scores, Long myRank, Double myScore) {
  }

  private final LedgerTotals ledger;
  private final BoardStore store;
  private final BoardRebuild rebuilds;
  private final Clock clock;

  public Boards(Pool pool, Redis redis, OrgDirectory orgs, Clock clock) {
    this.ledger = new LedgerTotals(pool);
    this.store = new BoardStore(redis, orgs);
    this.rebuilds = new BoardRebuild(ledger, store, clock);
    this.clock = clock;
  }

  public String boardKey(Metric metric, Periods period, Instant at, UUID orgId) {
    return store.boardKey(metric, period, at, orgId);
  }

  /**
   * Recomputes these people's places on the boards of {@code metrics} from the ledger (one query), after their
   * awards committed. Never fails: Redis trouble marks the boards for a rebuild.
   */
  public Future<Void> refresh(List<UUID> people, Set<Metric> metrics) {
    if (people.isEmpty()) {
      return Future.succeededFuture();
    }
    Instant now = clock.instant();
    return ledger.of(people, now)
        .compose(all -> Future.all(all.stream().map(t -> store.write(t, now, "", metrics)).toList()).<Void>mapEmpty())
        .andThen(ar -> store.forgetTops())
        .recover(err -> {
          LOG.warn("leaderboard update for {} people failed ({}); boards will be rebuilt", people.size(), err.toString());
          rebuilds.markDirty();
          return Future.succeededFuture();
        });
  }

  /**
   * After a batch of points awards committed (the check-in writer's hot path): moves the points boards by the
   * awards themselves, in one Redis round trip and without reading the ledger, where Redis holds each person's
   * row before them; the others (first awards, rows seen out of order, an award dated before today, a person
   * without an org known to the writer) are refreshed from the ledger as {@link #refresh} does. Never fails.
   */
  public Future<Void> advance(List<Ledger.Entry> entries, Instant awardedAt) {
    List<Ledger.Entry> written = entries.stream().filter(Ledger.Entry::written).toList();
    if (written.isEmpty()) {
      return Future.succeededFuture();
    }
    Set<Metric> points = EnumSet.of(Metric.POINTS);
    boolean known = written.stream().allMatch(e -> e.previous() >= 0 && e.orgId() != null);
    if (!known || awardedAt.isBefore(Periods.dayStart(clock.instant()))) {
      return refresh(written.stream().map(Ledger.Entry::personId).distinct().toList(), points);
    }
    return store.advance(written, awardedAt)
        .compose(missed -> {
          store.forgetTops();
          return refresh(missed, points);
        })
        .recover(err -> {
          LOG.warn("leaderboard move for {} awards failed ({}); boards will be rebuilt", written.size(), err.toString());
          rebuilds.markDirty();
          return Future.succeededFuture();
        });
  }

  /** The board's top {@code limit} and the caller's rank and score (see {@link BoardStore#read}). */
  public Future<Read> read(Metric metric, Periods period, UUID orgId, int limit, UUID me) {
    return store.read(boardKey(metric, period, clock.instant(), orgId), limit, me);
  }

  public Future<Integer> rebuild() {
    return rebuilds.rebuild(this);
  }

  public Future<Void> rebuildIfNeeded() {
    return rebuilds.ifNeeded(this);
  }
}
