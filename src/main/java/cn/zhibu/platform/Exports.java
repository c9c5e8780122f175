package cn.zhibu.platform;

import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * Where exports read their rows: the pool, a chunk at a time through a cursor, with the export class's statement
 * timeout ({@code ZHIBU_PG_EXPORT_TIMEOUT_MS}) instead of the interactive one.
 */
public record Exports(Pool pool, int timeoutMillis) {
  /** Rows read and written at a time. */
  public static final int CHUNK = 2_000;

  /** The rows of {@code sql}, a chunk at a time. */
  public WorkbookExport.Rows rows(String sql, Tuple args) {
    return sink -> Database.inChunks(pool, timeoutMillis, sql, args, CHUNK, sink);
  }
}
