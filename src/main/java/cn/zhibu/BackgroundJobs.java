package cn.zhibu;

import cn.zhibu.notice.PushWorker;
import cn.zhibu.points.Boards;
import cn.zhibu.request.RequestModule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic jobs, once per process, each declared with {@link #every}: a job runs alone (never twice at once in
 * this process), a failure — a failed future or an exception — is logged with the job's name and counted in
 * {@code /metrics} ({@code zhibu_job_failures_total{job=…}}, beside {@code zhibu_job_runs_total}), and never keeps
 * another job from running.
 */
final class BackgroundJobs {
  private static final Logger LOG = LoggerFactory.getLogger(BackgroundJobs.class);
  private final Vertx vertx;
  private final MeterRegistry metrics;
  private final List<Long> timers = new ArrayList<>();

  BackgroundJobs(Vertx vertx, MeterRegistry metrics, Boards boards, RequestModule requests, PushWorker pushWorker,
      Map<String, Supplier<Future<Integer>>> minuteJobs, int pushPollMillis) {
    this.vertx = vertx;
    this.metrics = metrics;
    // Redis is a cache of the ledger: notice a flush or a failed update and rebuild the boards.
    every(Duration.ofSeconds(30), "board-rebuild", boards::rebuildIfNeeded);
    every(Duration.ofMinutes(1), "request-overdue", requests::sweepOverdue);
    minuteJobs.forEach((name, job) -> every(Duration.ofMinutes(1), name, job));
    if (pushPollMillis > 0) {
      // One drain at a time per process; other processes drain alongside (the outbox is claimed safely).
      every(Duration.ofMillis(pushPollMillis), "push-drain", pushWorker::drain);
    }
  }

  private <T> void every(Duration period, String name, Supplier<Future<T>> job) {
    boolean[] running = {false};
    timers.add(vertx.setPeriodic(period.toMillis(), t -> {
      if (running[0]) {
        return;
      }
      running[0] = true;
      attempt(name, job, metrics).onComplete(ar -> running[0] = false);
    }));
  }

  /** Runs the job once; a failure is logged and counted (when there are metrics) and answered as a success. */
  static <T> Future<T> attempt(String name, Supplier<Future<T>> job, MeterRegistry metrics) {
    Future<T> run;
    try {
      run = job.get();
    } catch (RuntimeException e) {
      run = Future.failedFuture(e);
    }
    if (metrics != null) {
      Counter.builder("zhibu_job_runs").tag("job", name).register(metrics).increment();
    }
    return run.recover(e -> {
      LOG.warn("job {} failed: {}", name, e.toString(), e);
      if (metrics != null) {
        Counter.builder("zhibu_job_failures").description("background job runs that failed").tag("job", name)
            .register(metrics).increment();
      }
      return Future.succeededFuture(null);
    });
  }

  /** Runs each job once, one after another, each alone; answers the sum of what they answered. */
  static Future<Integer> runAll(Map<String, Supplier<Future<Integer>>> jobs, MeterRegistry metrics) {
    Future<Integer> total = Future.succeededFuture(0);
    for (Map.Entry<String, Supplier<Future<Integer>>> job : jobs.entrySet()) {
      total = total.compose(sum -> attempt(job.getKey(), job.getValue(), metrics).map(n -> sum + (n == null ? 0 : n)));
    }
    return total;
  }

  void cancel() {
    timers.forEach(vertx::cancelTimer);
  }
}
