package cn.zhibu.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Cursor;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.util.function.Function;
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
        // No statement runs for ever (one was cancelled by hand after 180 s): the server cancels it, the request is
        // a 503 db.timeout, and the connection is free again. JIT off: it added 0.25–0.9 s to every heavy report
        // and saves nothing on queries this size.
        .connectingTo(connectOptions(config.pgUrl()).setProperties(java.util.Map.of(
            "statement_timeout", Integer.toString(config.pgStatementTimeoutMillis()), "jit", "off")))
        .using(vertx)
        .build();
  }

  /**
   * Reads a query's rows {@code chunk} at a time through a cursor (one connection, one transaction), handing each
   * chunk to {@code sink} and reading on only once it is done: an export of half a million rows holds one chunk in
   * memory, never the whole result. Its statements may each run {@code timeoutMillis} (the export class), not the
   * pool's interactive limit.
   */
  public static Future<Void> inChunks(Pool pool, int timeoutMillis, String sql, Tuple args, int chunk,
      Function<RowSet<Row>, Future<?>> sink) {
    return pool.withTransaction(conn -> conn.query("SET LOCAL statement_timeout = " + timeoutMillis).execute()
        .compose(set -> conn.prepare(sql)).compose(statement -> {
          Cursor cursor = statement.cursor(args);
          return readOn(cursor, chunk, sink).andThen(done -> cursor.close());
        }));
  }

  private static Future<Void> readOn(Cursor cursor, int chunk, Function<RowSet<Row>, Future<?>> sink) {
    return cursor.read(chunk).compose(sink::apply)
        .compose(v -> cursor.hasMore() ? readOn(cursor, chunk, sink) : Future.succeededFuture());
  }

  /** The checksum Flyway recorded for V2 as it was edited after landing, and the one of V2 as it landed. */
  static final int EDITED_V2_CHECKSUM = 1019894751;
  static final int LANDED_V2_CHECKSUM = -1279643342;

  /** Runs pending migrations; blocking (JDBC), so never call it on an event loop. */
  static int migrate(PgConnectOptions connect) {
    String jdbcUrl = "jdbc:postgresql://" + connect.getHost() + ":" + connect.getPort() + "/" + connect.getDatabase();
    realignEditedV2(jdbcUrl, connect.getUser(), connect.getPassword());
    return Flyway.configure()
        .dataSource(jdbcUrl, connect.getUser(), connect.getPassword())
        .locations("classpath:db/migration")
        .load()
        .migrate()
        .migrationsExecuted;
  }

  /**
   * Installations that ran V2 as it was once edited (it gained the {@code expected} column, now added by V11)
   * recorded that edit's checksum; V2 is restored as it landed, so their record is set back to it. Only that
   * exact pair is touched: any other mismatch still stops the start, as Flyway's validation should.
   */
  static void realignEditedV2(String jdbcUrl, String user, String password) {
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(jdbcUrl, user, password == null ? "" : password);
         java.sql.Statement s = c.createStatement()) {
      if (s.executeQuery("SELECT to_regclass('flyway_schema_history') IS NOT NULL").next()
          && s.getResultSet().getBoolean(1)) {
        s.executeUpdate("UPDATE flyway_schema_history SET checksum = " + LANDED_V2_CHECKSUM
            + " WHERE version = '2' AND checksum = " + EDITED_V2_CHECKSUM);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("could not check the migration history: " + e.getMessage(), e);
    }
  }
}
