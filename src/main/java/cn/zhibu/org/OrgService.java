package cn.zhibu.org;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Audit;
import cn.zhibu.platform.Cursor;
import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The org tree as the API shows it, and the audit log of each org. */
final class OrgService {
  /** Which kinds may sit under which: colleges under the school, branches under either (直属党支部), 党小组 under a branch. */
  private static final Map<String, Set<String>> CHILD_KINDS = Map.of(
      "school", Set.of("college", "branch"),
      "college", Set.of("branch"),
      "branch", Set.of("group"),
      "group", Set.of());
  private final Pool pool;
  private final OrgDirectory orgs;
  private final Scope scope;

  OrgService(Pool pool, OrgDirectory orgs, Scope scope) {
    this.pool = pool;
    this.orgs = orgs;
    this.scope = scope;
  }

  Future<JsonObject> create(Caller caller, Audit.Actor actor, UUID parentId, String name, String kind) {
    return scope.require(caller, parentId, Set.of(Role.ADMIN)).compose(parent -> {
      if (!CHILD_KINDS.get(parent.kind()).contains(kind)) {
        return Future.failedFuture(ApiException.unprocessable("org.invalid_kind",
            "A " + kind + " cannot be created under a " + parent.kind()));
      }
      return pool.withTransaction(tx -> orgs.create(tx, parent, name.strip(), kind)
              .compose(org -> Audit.record(tx, actor, parent.id(), "org.create", "org:" + org.id(),
                  new JsonObject().put("name", org.name()).put("kind", kind)).map(org)))
          .recover(err -> err instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())
              ? Future.failedFuture(ApiException.conflict("org.duplicate_name", "This parent already has an org of that name"))
              : Future.failedFuture(err))
          .map(Org::toJson);
    });
  }

  Future<JsonObject> get(Caller caller, UUID id) {
    return scope.visible(caller, id).map(Org::toJson);
  }

  Future<JsonObject> root() {
    return orgs.find(orgs.rootId()).map(Org::toJson);
  }

  Future<JsonObject> children(Caller caller, UUID id, String cursor, int limit) {
    String after = Cursor.decode(cursor);
    return scope.visible(caller, id).compose(org -> orgs.children(org.id(), after, limit + 1)).map(children -> {
      boolean more = children.size() > limit;
      List<Org> shown = more ? children.subList(0, limit) : children;
      return new JsonObject().put("items", new JsonArray(shown.stream().map(Org::toJson).toList()))
          .put("nextCursor", more ? Cursor.encode(shown.get(shown.size() - 1).name()) : null);
    });
  }

  /** The audit entries of the org's subtree, newest first. */
  Future<JsonObject> auditLog(Caller caller, UUID id, String cursor, int limit) {
    String before = Cursor.decode(cursor);
    long beforeId = before == null ? Long.MAX_VALUE : parseLong(before);
    return scope.require(caller, id, Set.of(Role.ADMIN)).compose(org -> pool.preparedQuery("""
            SELECT a.id, a.org_id, a.actor_id, p.name AS actor_name, a.action, a.target, a.detail, a.ip,
                   a.request_id, a.at
            FROM audit_log a JOIN orgs o ON o.id = a.org_id LEFT JOIN persons p ON p.id = a.actor_id
            WHERE $1 = ANY(o.ancestry) AND a.id < $2 ORDER BY a.id DESC LIMIT $3
            """).execute(Tuple.of(org.id(), beforeId, limit + 1)))
        .map(rows -> {
          JsonArray items = new JsonArray();
          Long last = null;
          for (Row row : rows) {
            if (items.size() == limit) {
              return new JsonObject().put("items", items).put("nextCursor", Cursor.encode(String.valueOf(last)));
            }
            last = row.getLong("id");
            items.add(new JsonObject().put("id", last).put("orgId", row.getUUID("org_id").toString())
                .put("actorId", row.getUUID("actor_id") == null ? null : row.getUUID("actor_id").toString())
                .put("actorName", row.getString("actor_name")).put("action", row.getString("action"))
                .put("target", row.getString("target")).put("detail", row.getJsonObject("detail"))
                .put("ip", row.getString("ip")).put("requestId", row.getString("request_id"))
                .put("at", Times.format(row.getOffsetDateTime("at"))));
          }
          return new JsonObject().put("items", items).put("nextCursor", null);
        });
  }

  private static long parseLong(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("request.bad_cursor", "The cursor is not one this server gave out");
    }
  }
}
