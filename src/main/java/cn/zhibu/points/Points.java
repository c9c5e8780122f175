package cn.zhibu.points;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;

/**
 * The award call every feature uses: write the award in the feature's own transaction (so the award exists
 * exactly when the thing it rewards does), then, once committed, refresh the person's boards.
 */
public final class Points {
  private final Boards boards;
  private final Clock clock;

  public Points(Boards boards, Clock clock) {
    this.boards = boards;
    this.clock = clock;
  }

  /** Writes {@code award} inside {@code tx}; a repeated key returns the first entry and writes nothing. */
  public Future<Ledger.Entry> award(SqlClient tx, Award award) {
    return Ledger.write(tx, award, clock.instant());
  }

  /** {@link #committed} for a batch of entries of one category, with one ledger read. */
  public Future<Void> committedAll(java.util.List<Ledger.Entry> entries, PointRules category) {
    return boards.refreshAll(entries.stream().filter(Ledger.Entry::written).map(Ledger.Entry::personId).distinct().toList(),
        Boards.Metric.movedBy(category));
  }

  /** Call after the transaction committed. Never fails the request: Redis trouble marks a rebuild. */
  public Future<Void> committed(Ledger.Entry entry) {
    return entry.written() ? boards.refresh(entry.personId()) : Future.succeededFuture();
  }
}
