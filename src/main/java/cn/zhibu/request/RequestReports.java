package cn.zhibu.request;

import cn.zhibu.platform.Spreadsheet;
import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Page;
import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The public board, the metrics (响应率、解决率、满意率) and the overdue sweep. */
public final class RequestReports {
  private static final Logger LOG = LoggerFactory.getLogger(RequestReports.class);
  private final Vertx vertx;
  private final Pool pool;
  private final ReportRepository reports;
  private final Scope scope;
  private final Clock clock;
  private final String[] hiddenCategories;

  RequestReports(Vertx vertx, Pool pool, Scope scope, Clock clock, java.util.Set<String> hiddenCategories) {
    this.hiddenCategories = hiddenCategories.toArray(String[]::new);
    this.vertx = vertx;
    this.pool = pool;
    this.reports = new ReportRepository(pool);
    this.scope = scope;
    this.clock = clock;
  }

  /** Resolved requests for 党务公开: what was asked and done, by which org; never who asked. */
  Future<Page<ReportRepository.Posted>> board(String cursor, int limit) {
    String after = Cursor.decode(cursor);
    long afterNanos;
    try {
      afterNanos = after == null ? Long.MAX_VALUE : Long.parseLong(after);
    } catch (NumberFormatException e) {
      return Future.failedFuture(ApiException.badRequest("request.bad_cursor", "The cursor is not one this server gave out"));
    }
    Instant before = after == null ? Instant.parse("9999-01-01T00:00:00Z") : Instant.ofEpochSecond(0, afterNanos);
    return reports.board(before, limit, hiddenCategories);
  }

  /**
   * For requests received in [from, to) by orgs in the subtree: received, response rate (accepted before
   * respondBy), resolution rate (resolved or closed), satisfaction rate (4-5 stars among rated), overdue;
   * the same for each child org.
   */
  /** One org's figures (the subtree's total has no name). */
  public record Figures(UUID orgId, String name, long received, Double responseRate, Double resolutionRate,
      Double satisfactionRate, long overdue) {
  }

  /** {@code RequestMetrics}: the subtree's figures and each child org's. */
  public record Metrics(UUID orgId, long received, Double responseRate, Double resolutionRate, Double satisfactionRate,
      long overdue, List<Figures> children) {
  }

  public Future<Metrics> metrics(Caller caller, UUID orgId, String from, String to) {
    Instant start = from == null ? Instant.EPOCH : Times.parse(from);
    Instant end = to == null ? clock.instant().plusSeconds(1) : Times.parse(to);
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> reports.counts(org.id(), start, end))
        .map(counts -> {
          Figures total = null;
          List<Figures> children = new java.util.ArrayList<>();
          for (ReportRepository.Counts c : counts) {
            if (c.name() == null) {
              total = figures(orgId, null, c);
            } else {
              children.add(figures(c.orgId(), c.name(), c));
            }
          }
          return new Metrics(orgId, total.received(), total.responseRate(), total.resolutionRate(),
              total.satisfactionRate(), total.overdue(), children);
        });
  }

  private static Figures figures(UUID orgId, String name, ReportRepository.Counts c) {
    return new Figures(orgId, name, c.received(), rate(c.responded(), c.received()), rate(c.resolved(), c.received()),
        rate(c.satisfied(), c.rated()), c.overdue());
  }

  private static Double rate(long part, long whole) {
    return whole == 0 ? null : Math.round(part * 10_000.0 / whole) / 10_000.0;
  }

  Future<Buffer> metricsSheet(Caller caller, UUID orgId, String from, String to) {
    return metrics(caller, orgId, from, to).compose(m -> vertx.executeBlocking(() -> Spreadsheet.write(book -> {
      Spreadsheet.Table sheet = book.table("办实事", List.of("组织", "受理数", "响应率", "解决率", "满意率", "超期"));
      List<Figures> rows = new java.util.ArrayList<>(m.children());
      rows.add(new Figures(m.orgId(), "合计", m.received(), m.responseRate(), m.resolutionRate(), m.satisfactionRate(),
          m.overdue()));
      for (Figures row : rows) {
        sheet.row(row.name(), row.received(), row.responseRate(), row.resolutionRate(), row.satisfactionRate(),
            row.overdue());
      }
    }), false));
  }

  /**
   * Flags requests past a deadline (not accepted by respondBy, or not resolved by resolveBy) and escalates them
   * to the parent org. One UPDATE flags each row once, so several instances can run it at the same time.
   */
  Future<Integer> sweepOverdue() {
    Instant now = clock.instant();
    return pool.withTransaction(tx -> reports.flagOverdue(tx, now).compose(flagged -> {
          Future<Void> chain = Future.succeededFuture();
          for (ReportRepository.Escalated r : flagged) {
            chain = chain.compose(v -> RequestRepository.addStep(tx, r.id(), "overdue", r.status(), r.status(), null, false,
                    "past its deadline; escalated to the org above", now))
                .compose(v -> reports.alertOverdue(tx, r));
          }
          return chain.map(flagged.size());
        }))
        .onSuccess(n -> {
          if (n > 0) {
            LOG.info("{} requests became overdue and were escalated", n);
          }
        });
  }
}
