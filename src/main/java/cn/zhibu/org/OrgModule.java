package cn.zhibu.org;

import cn.zhibu.auth.Sessions;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;

/** Builds the org feature; other features use its {@link Scope} and {@link OrgDirectory}. */
public final class OrgModule {
  public final OrgDirectory directory;
  public final Scope scope;
  public final OrgRoutes routes;

  public OrgModule(Vertx vertx, Pool pool, Sessions sessions, java.time.Clock clock) {
    this.directory = new OrgDirectory(pool);
    this.scope = new Scope(directory);
    this.routes = new OrgRoutes(new OrgService(pool, directory, scope, clock),
        new RosterService(vertx, pool, scope, directory, sessions),
        new MemberService(pool, new MemberRepository(pool), scope, directory, sessions));
  }
}
