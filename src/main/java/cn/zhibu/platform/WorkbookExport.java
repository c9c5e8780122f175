package cn.zhibu.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * A spreadsheet export too big to hold (a school's 台账, its dues ledger): a {@link Spreadsheet.Streamed} workbook
 * filled from the event loop, each step on a worker one after another, rows arriving in chunks from a repository
 * ({@link Database#inChunks}). {@link #finish} answers the file for {@link Respond#spreadsheetFile}; a failure
 * anywhere drops the file.
 */
public final class WorkbookExport {
  /** A repository's rows, a chunk at a time: it calls the sink with each chunk and waits for it before reading on. */
  @FunctionalInterface
  public interface Rows {
    Future<Void> each(Function<RowSet<Row>, Future<?>> sink);
  }

  private final Vertx vertx;
  private final Spreadsheet.Streamed book;

  private WorkbookExport(Vertx vertx, Spreadsheet.Streamed book) {
    this.vertx = vertx;
    this.book = book;
  }

  /** Writes a workbook with {@code fill} and answers its file; the file is gone if anything failed. */
  public static Future<Path> write(Vertx vertx, Function<WorkbookExport, Future<Void>> fill) {
    return vertx.executeBlocking(Spreadsheet.Streamed::new, false).compose(book -> {
      WorkbookExport export = new WorkbookExport(vertx, book);
      return fill.apply(export).compose(v -> vertx.executeBlocking(book::finish, false))
          .onFailure(err -> vertx.executeBlocking(() -> {
            book.abandon();
            return null;
          }, false));
    });
  }

  /** A sheet of the rows {@code rows} gives, each made cells by {@code cells}, written as each chunk comes. */
  public Future<Void> sheet(String name, String title, List<String> header, Rows rows, Function<Row, List<?>> cells) {
    Spreadsheet.Table[] table = new Spreadsheet.Table[1];
    return blocking(() -> table[0] = book.book().table(name, title, header))
        .compose(v -> rows.each(chunk -> blocking(() -> {
          for (Row r : chunk) {
            table[0].row(cells.apply(r));
          }
        })));
  }

  /** Writing that needs the whole workbook (a sheet built from reports already read), on a worker. */
  public Future<Void> write(java.util.function.Consumer<Spreadsheet> work) {
    return blocking(() -> work.accept(book.book()));
  }

  private Future<Void> blocking(Runnable work) {
    return vertx.executeBlocking(() -> {
      work.run();
      return null;
    }, false);
  }
}
