package cn.zhibu.platform;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/** The append-only record of admin and secretary actions: who, what, when, from where. */
public final class Audit {
  private Audit() {
  }

  /** Who did it and from where; taken from the request once, passed down to the write. */
  public record Actor(UUID personId, String ip, String requestId) {
    public static Actor of(RoutingContext ctx, UUID personId) {
      return new Actor(personId, Input.clientIp(ctx), RequestIds.of(ctx));
    }
  }

  /** Writes one entry in the caller's transaction, so the entry exists exactly when the action does. */
  public static Future<Void> record(SqlClient tx, Actor actor, UUID orgId, String action, String target,
      JsonObject detail) {
    return tx.preparedQuery("""
            INSERT INTO audit_log (org_id, actor_id, action, target, detail, ip, request_id)
            VALUES ($1, $2, $3, $4, $5, $6, $7)
            """).execute(Tuple.of(orgId, actor.personId(), action, target, detail, actor.ip(), actor.requestId()))
        .mapEmpty();
  }
}
