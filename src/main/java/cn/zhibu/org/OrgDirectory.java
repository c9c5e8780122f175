package cn.zhibu.org;

import cn.zhibu.platform.ApiException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The org tree. Orgs are never moved or deleted, so each one read is cached for the life of the process:
 * every scope check is then an in-memory lookup after the first.
 */
public final class OrgDirectory {
  private static final String COLUMNS = "id, parent_id, name, kind, ancestry";
  private final Pool pool;
  private final Map<UUID, Org> cache = new ConcurrentHashMap<>();
  private volatile UUID rootId;

  public OrgDirectory(Pool pool) {
    this.pool = pool;
  }

  /** Creates the root (the school committee) if this is the first start; safe with several instances. */
  public Future<Org> ensureRoot(String name) {
    return pool.preparedQuery("""
            INSERT INTO orgs (id, parent_id, name, kind, ancestry)
            SELECT $1, NULL, $2, 'school', ARRAY[$1]::uuid[]
            WHERE NOT EXISTS (SELECT 1 FROM orgs WHERE parent_id IS NULL)
            ON CONFLICT DO NOTHING
            """).execute(Tuple.of(UUID.randomUUID(), name))
        .compose(v -> pool.query("SELECT " + COLUMNS + " FROM orgs WHERE parent_id IS NULL").execute())
        .map(rows -> {
          Org root = remember(Org.from(rows.iterator().next()));
          rootId = root.id();
          return root;
        });
  }

  public UUID rootId() {
    return rootId;
  }

  /** The org, or a 404. */
  public Future<Org> find(UUID id) {
    Org known = cache.get(id);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM orgs WHERE id = $1").execute(Tuple.of(id))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(ApiException.notFound("The org"))
            : Future.succeededFuture(remember(Org.from(rows.iterator().next()))));
  }

  /** The child of that name and kind, or null. */
  Future<Org> child(io.vertx.sqlclient.SqlClient tx, UUID parentId, String name, String kind) {
    return tx.preparedQuery("SELECT " + COLUMNS + " FROM orgs WHERE parent_id = $1 AND name = $2 AND kind = $3")
        .execute(Tuple.of(parentId, name, kind))
        .map(rows -> rows.size() == 0 ? null : remember(Org.from(rows.iterator().next())));
  }

  Future<Org> create(io.vertx.sqlclient.SqlClient tx, Org parent, String name, String kind) {
    UUID id = UUID.randomUUID();
    List<UUID> ancestry = new ArrayList<>(parent.ancestry());
    ancestry.add(id);
    return tx.preparedQuery("INSERT INTO orgs (id, parent_id, name, kind, ancestry) VALUES ($1, $2, $3, $4, $5) "
            + "RETURNING " + COLUMNS)
        .execute(Tuple.of(id, parent.id(), name, kind, ancestry.toArray(new UUID[0])))
        .map(rows -> remember(Org.from(rows.iterator().next())));
  }

  /**
   * A person's chain: their branch (home org) and every org above it; for staff on no roster, the orgs of
   * their roles and everything above them. Notices and courses reach a person through their chain.
   */
  public Future<List<UUID>> chain(cn.zhibu.auth.Caller caller) {
    return homeOrg(caller.personId()).compose(home -> {
          if (home != null) {
            return find(home).map(Org::ancestry);
          }
          return Future.all(caller.roles().stream().map(cn.zhibu.auth.RoleGrant::orgId).distinct().map(this::find)
                  .toList())
              .map(all -> {
                java.util.Set<UUID> chain = new java.util.LinkedHashSet<>();
                for (int i = 0; i < all.size(); i++) {
                  chain.addAll(all.<Org>resultAt(i).ancestry());
                }
                return new ArrayList<>(chain);
              });
        });
  }

  /** Home orgs read in the last 30 s: feeds and course lists ask on every request; a roster move shows within 30 s. */
  private final Map<UUID, Home> homes = new ConcurrentHashMap<>();
  private static final long HOME_TTL_MS = 30_000;

  private record Home(UUID orgId, long until) {
  }

  private Future<UUID> homeOrg(UUID personId) {
    Home known = homes.get(personId);
    long now = System.currentTimeMillis();
    if (known != null && known.until() > now) {
      return Future.succeededFuture(known.orgId());
    }
    return pool.preparedQuery("SELECT org_id FROM persons WHERE id = $1").execute(Tuple.of(personId))
        .map(rows -> {
          UUID home = rows.size() == 0 ? null : rows.iterator().next().getUUID("org_id");
          if (homes.size() > 100_000) {
            homes.clear();
          }
          if (home != null) {
            // Only people on a roster: a resident who binds must see their branch at once.
            homes.put(personId, new Home(home, now + HOME_TTL_MS));
          }
          return home;
        });
  }

  /** Direct children, by name, after {@code afterName}. */
  Future<List<Org>> children(UUID parentId, String afterName, int limit) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM orgs WHERE parent_id = $1 AND name > $2 ORDER BY name LIMIT $3")
        .execute(Tuple.of(parentId, afterName == null ? "" : afterName, limit))
        .map(rows -> {
          List<Org> orgs = new ArrayList<>();
          for (Row row : rows) {
            orgs.add(remember(Org.from(row)));
          }
          return orgs;
        });
  }

  private Org remember(Org org) {
    cache.putIfAbsent(org.id(), org);
    return org;
  }
}
