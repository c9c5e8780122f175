package cn.zhibu.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;

/** The PostgreSQL pool, and the Flyway migrations that run (off the event loop) before it is used. */
public final class Database {
  private Database() {
  }

  public static PgConnectOptions connectOptions(String url) {
    return PgConnectOptions.fromUri(url)
        .setCachePreparedStatements(true)
        .setPipeliningLimit(256);
  }

  /** Runs the Flyway migrations off the event loop. */
  public static Future<Integer> migrate(Vertx vertx, Config config) {
    return vertx.executeBlocking(() -> migrate(connectOptions(config.pgUrl())));
  }

  /**
   * A handle on the process's one PostgreSQL pool, shared by name between the HTTP instances and the jobs
   * (Vert.x shared pool: {@code ZHIBU_PG_POOL_SIZE} connections in all, spread over the event loops).
   */
  public static Pool pool(Vertx vertx, Config config, String name) {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(config.pgPoolSize()).setMaxWaitQueueSize(2_048)
            .setConnectionTimeout(5).setName(name).setShared(true).setEventLoopSize(config.httpInstances()))
        .with(new NetClientOptions().setConnectTimeout(3_000))
        .connectingTo(connectOptions(config.pgUrl()))
        .using(vertx)
        .build();
  }

  /** Runs pending migrations; blocking (JDBC), so never call it on an event loop. */
  static int migrate(PgConnectOptions connect) {
    String jdbcUrl = "jdbc:postgresql://" + connect.getHost() + ":" + connect.getPort() + "/" + connect.getDatabase();
    return Flyway.configure()
        .dataSource(jdbcUrl, connect.getUser(), connect.getPassword())
        .locations("classpath:db/migration")
        .load()
        .migrate()
        .migrationsExecuted;
  }
}
