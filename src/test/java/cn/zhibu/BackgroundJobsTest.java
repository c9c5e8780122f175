package cn.zhibu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Jobs that say when they fail, and never take another job down with them. */
class BackgroundJobsTest {

  @Test
  @DisplayName("a job that fails or throws is counted by name and the jobs after it still run")
  void failuresCountedAndContained() {
    List<String> ran = new ArrayList<>();
    Map<String, Supplier<Future<Integer>>> jobs = new LinkedHashMap<>();
    jobs.put("first", () -> {
      ran.add("first");
      return Future.succeededFuture(2);
    });
    jobs.put("broken", () -> {
      ran.add("broken");
      return Future.failedFuture(new IllegalStateException("database gone"));
    });
    jobs.put("throws", () -> {
      ran.add("throws");
      throw new IllegalStateException("bug");
    });
    jobs.put("last", () -> {
      ran.add("last");
      return Future.succeededFuture(3);
    });
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    Future<Integer> total = BackgroundJobs.runAll(jobs, metrics);
    assertEquals(5, total.result(), "what the healthy jobs did");
    assertEquals(List.of("first", "broken", "throws", "last"), ran);
    assertEquals(1.0, metrics.counter("zhibu_job_failures", "job", "broken").count());
    assertEquals(1.0, metrics.counter("zhibu_job_failures", "job", "throws").count());
    assertEquals(0.0, metrics.counter("zhibu_job_failures", "job", "last").count());
    assertEquals(1.0, metrics.counter("zhibu_job_runs", "job", "last").count());
  }
}
