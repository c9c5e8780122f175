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

  /**
   * One entry per target in one statement (a roster import's people), each with its own detail, in the caller's
   * transaction.
   */
  public static Future<Void> recordEach(SqlClient tx, Actor actor, UUID orgId, String action,
      java.util.List<String> targets, java.util.List<JsonObject> details) {
    if (targets.isEmpty()) {
      return Future.succeededFuture();
    }
    return tx.preparedQuery("""
            INSERT INTO audit_log (org_id, actor_id, action, target, detail, ip, request_id)
            SELECT $1, $2, $3, t.target, t.detail, $4, $5
            FROM unnest($6::text[], $7::jsonb[]) AS t(target, detail)
            """).execute(Tuple.of(orgId, actor.personId(), action, actor.ip(), actor.requestId(),
            targets.toArray(String[]::new), details.toArray(JsonObject[]::new)))
        .mapEmpty();
  }

  /** {@code AuditEntry}: an entry as an admin reads it, with the actor's name. */
  public record Entry(long id, UUID orgId, UUID actorId, String actorName, String action, String target,
      JsonObject detail, String ip, String requestId, String at) {
  }

  /** The entries of orgs in the subtree with ids below {@code beforeId}, newest first, at most {@code limit}. */
  public static Future<java.util.List<Entry>> ofSubtree(io.vertx.sqlclient.Pool pool, UUID orgId, long beforeId, int limit) {
    return pool.preparedQuery("""
            SELECT a.id, a.org_id, a.actor_id, p.name AS actor_name, a.action, a.target, a.detail, a.ip,
                   a.request_id, a.at
            FROM audit_log a JOIN orgs o ON o.id = a.org_id LEFT JOIN persons p ON p.id = a.actor_id
            WHERE $1 = ANY(o.ancestry) AND a.id < $2 ORDER BY a.id DESC LIMIT $3
            """).execute(Tuple.of(orgId, beforeId, limit)).map(rows -> {
              java.util.List<Entry> entries = new java.util.ArrayList<>();
              rows.forEach(r -> entries.add(new Entry(r.getLong("id"), r.getUUID("org_id"), r.getUUID("actor_id"),
                  r.getString("actor_name"), r.getString("action"), r.getString("target"), r.getJsonObject("detail"),
                  r.getString("ip"), r.getString("request_id"), Times.format(r.getOffsetDateTime("at")))));
              return entries;
            });
  }
}
