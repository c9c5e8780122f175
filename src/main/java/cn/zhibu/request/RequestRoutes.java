package cn.zhibu.request;

import cn.zhibu.auth.Caller;
import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Input;
import cn.zhibu.platform.Operations;
import cn.zhibu.platform.Respond;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/** "我为群众办实事" requests. */
public final class RequestRoutes implements Operations {
  private final RequestService requests;
  private final RequestReports reports;
  private final Categories.Listed categories;

  RequestRoutes(RequestService requests, RequestReports reports, Categories.Listed categories) {
    this.requests = requests;
    this.reports = reports;
    this.categories = categories;
  }

  @Override
  public Map<String, Handler<RoutingContext>> handlers() {
    return Map.of(
        "fileRequest", ctx -> Respond.with(ctx, 201, requests.file(Caller.of(ctx), Input.body(ctx, RequestService.Filing.class))),
        "getRequest", ctx -> Respond.with(ctx, requests.get(Caller.of(ctx), Input.id(ctx, "id"))),
        "listRequests", ctx -> Respond.with(ctx, requests.list(Caller.of(ctx), Input.query(ctx, "view"),
            Input.query(ctx, "status"), Input.query(ctx, "cursor"), Input.queryInt(ctx, "limit", Cursor.DEFAULT_LIMIT))),
        "transitionRequest", ctx -> Respond.with(ctx, requests.transition(Caller.of(ctx),
            cn.zhibu.platform.Audit.Actor.of(ctx, Caller.of(ctx).personId()), Input.id(ctx, "id"),
            Input.body(ctx, RequestService.Step.class))),
        "listRequestCategories", ctx -> Respond.with(ctx, io.vertx.core.Future.succeededFuture(categories)),
        "getRequestBoard", ctx -> Respond.with(ctx, reports.board(Input.query(ctx, "cursor"),
            Input.queryInt(ctx, "limit", Cursor.DEFAULT_LIMIT))),
        "getRequestMetrics", ctx -> {
          if (Input.wantsSpreadsheet(ctx)) {
            Respond.spreadsheet(ctx, "request-metrics.xlsx", reports.metricsSheet(Caller.of(ctx),
                Input.id(ctx, "id"), Input.query(ctx, "from"), Input.query(ctx, "to")));
          } else {
            Respond.with(ctx, reports.metrics(Caller.of(ctx), Input.id(ctx, "id"), Input.query(ctx, "from"),
                Input.query(ctx, "to")));
          }
        });
  }
}
