package cn.zhibu;

import cn.zhibu.notice.PushWorker;
import cn.zhibu.points.Boards;
import cn.zhibu.request.RequestModule;
import io.vertx.core.Vertx;

/** The periodic jobs (board rebuild, overdue sweep, reminders, push drain), once per process. */
final class BackgroundJobs {
  private final Vertx vertx;
  private final PushWorker pushWorker;
  private final long boardsTimer;
  private final long overdueTimer;
  private final long pushTimer;
  private boolean draining;

  private final long remindersTimer;

  BackgroundJobs(Vertx vertx, Boards boards, RequestModule requests, PushWorker pushWorker,
      java.util.function.Supplier<io.vertx.core.Future<Integer>> reminders, int pushPollMillis) {
    this.vertx = vertx;
    this.pushWorker = pushWorker;
    // Redis is a cache of the ledger: notice a flush or a failed update and rebuild the boards.
    boardsTimer = vertx.setPeriodic(30_000, t -> boards.rebuildIfNeeded());
    overdueTimer = vertx.setPeriodic(60_000, t -> requests.sweepOverdue());
    remindersTimer = vertx.setPeriodic(60_000, t -> reminders.get());
    pushTimer = pushPollMillis > 0 ? vertx.setPeriodic(pushPollMillis, t -> drainOnce()) : -1;
  }

  /** One drain at a time per process; other processes drain alongside (the outbox is claimed safely). */
  private void drainOnce() {
    if (!draining) {
      draining = true;
      pushWorker.drain().onComplete(ar -> draining = false);
    }
  }

  void cancel() {
    vertx.cancelTimer(boardsTimer);
    vertx.cancelTimer(overdueTimer);
    vertx.cancelTimer(remindersTimer);
    vertx.cancelTimer(pushTimer);
  }
}
