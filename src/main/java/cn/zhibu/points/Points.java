package cn.zhibu.points;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The award call every feature uses: write the award in the feature's own transaction (so the award exists
 * exactly when the thing it rewards does), then, once committed, refresh the person's boards. Refreshing never
 * fails the request: Redis trouble marks the boards for a rebuild.
 */
public final class Points {
  private final Boards boards;
  private final Clock clock;

  public Points(Boards boards, Clock clock) {
    this.boards = boards;
    this.clock = clock;
  }

  /**
   * The awards of one transaction. {@link #add} writes an award inside it (a repeated key writes nothing);
   * the boards of everyone awarded are refreshed once, after the commit.
   */
  public static final class Awards {
    private final SqlClient tx;
    private final java.time.Instant now;
    private final List<Ledger.Entry> written = new ArrayList<>();
    private final Set<Boards.Metric> moved = EnumSet.noneOf(Boards.Metric.class);

    private Awards(SqlClient tx, java.time.Instant now) {
      this.tx = tx;
      this.now = now;
    }

    public Future<Ledger.Entry> add(Award award) {
      return Ledger.write(tx, award, now).onSuccess(entry -> {
        if (entry.written()) {
          written.add(entry);
          moved.addAll(Boards.Metric.movedBy(award.category()));
        }
      });
    }

    /** Many awards of one category in three statements whatever their number (a crowd checking in). */
    public Future<List<Ledger.Entry>> addAll(List<Award> awards) {
      return Ledger.writeAll(tx, awards, now).onSuccess(entries -> entries.stream().filter(Ledger.Entry::written)
          .forEach(entry -> {
            written.add(entry);
            moved.addAll(Boards.Metric.movedBy(awards.get(0).category()));
          }));
    }
  }

  /**
   * Runs {@code work} in a transaction of {@code pool} with a place to write awards, and refreshes the boards of
   * whoever was awarded after it committed. A rolled-back transaction awards nothing and refreshes nothing.
   */
  public <T> Future<T> inTransaction(Pool pool, BiFunction<SqlClient, Awards, Future<T>> work) {
    List<Awards> used = new ArrayList<>(1);
    return pool.withTransaction(tx -> {
      Awards awards = new Awards(tx, clock.instant());
      used.add(awards);
      return work.apply(tx, awards);
    }).compose(result -> refresh(used.get(used.size() - 1)).map(result));
  }

  private Future<Void> refresh(Awards awards) {
    List<java.util.UUID> people = awards.written.stream().map(Ledger.Entry::personId).distinct().toList();
    return boards.refresh(people, awards.moved);
  }

  /**
   * The check-in writer's hot path, which answers the phones first: after the commit, moves the boards by a
   * batch of entries of one category, awarded at {@code awardedAt}. Points-only awards (attendance) move the
   * boards by their own points ({@link Boards#advance}); others are refreshed from the ledger in one read.
   */
  public Future<Void> committedAll(java.util.List<Ledger.Entry> entries, PointRules category,
      java.time.Instant awardedAt) {
    Set<Boards.Metric> moved = Boards.Metric.movedBy(category);
    if (moved.equals(EnumSet.of(Boards.Metric.POINTS))) {
      return boards.advance(entries, awardedAt);
    }
    return boards.refresh(entries.stream().filter(Ledger.Entry::written).map(Ledger.Entry::personId).distinct().toList(),
        moved);
  }
}
