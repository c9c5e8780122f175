package cn.zhibu.platform;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.UUID;

/**
 * The append-only record of security-relevant decisions (等保 level 2): who, what, to whom, with what detail,
 * from which address (through trusted proxies), under which request id, when.
 */
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

  /**
   * An entry about a person, filed under their home org (so that org's admins see it), or under the root org
   * for people on no roster (residents, committee staff).
   */
  public static Future<Void> recordForPerson(SqlClient client, Actor actor, UUID personId, String action,
      String target, JsonObject detail) {
    return client.preparedQuery("""
            INSERT INTO audit_log (org_id, actor_id, action, target, detail, ip, request_id)
            SELECT coalesce((SELECT org_id FROM persons WHERE id = $1), (SELECT id FROM orgs WHERE parent_id IS NULL)),
                   $2, $3, $4, $5, $6, $7
            """).execute(Tuple.of(personId, actor.personId(), action, target, detail, actor.ip(), actor.requestId()))
        .mapEmpty();
  }
}
