package cn.zhibu.platform;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every export of personal data in the audit log: each spreadsheet the API hands out, and a person's
 * own data document (PIPL). One place, so an export added later is audited without remembering to.
 * The entry is written once the response has gone; a failure to write it is logged.
 */
public final class ExportAudit implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(ExportAudit.class);
  private final Pool pool;
  private final Function<RoutingContext, UUID> caller;

  public ExportAudit(Pool pool, Function<RoutingContext, UUID> caller) {
    this.pool = pool;
    this.caller = caller;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.addEndHandler(done -> {
      if (ctx.response().getStatusCode() != 200) {
        return;
      }
      String type = ctx.response().headers().get("Content-Type");
      String action = type != null && type.startsWith(Respond.XLSX) ? "export.xlsx"
          : ctx.request().path().endsWith("/me/data") ? "export.my_data" : null;
      UUID personId = action == null ? null : caller.apply(ctx);
      if (personId == null) {
        return;
      }
      Audit.recordForPerson(pool, Audit.Actor.of(ctx, personId), personId, action, ctx.request().path(),
              new JsonObject().put("query", ctx.request().query()))
          .onFailure(err -> LOG.error("[{}] could not audit the export {}: {}", RequestIds.of(ctx),
              ctx.request().path(), err.toString()));
    });
    ctx.next();
  }
}
