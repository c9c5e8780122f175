package cn.zhibu.platform;

import io.vertx.sqlclient.Row;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a list on the wire: {@code items}, and {@code nextCursor} to pass back as {@code ?cursor=} (null on
 * the last page). The contract's {@code *Page} schemas are this shape.
 */
public record Page<T>(List<T> items, String nextCursor) {

  /**
   * A page from rows fetched with one row more than {@code limit}: the extra row only says there is a next page,
   * whose cursor is made from the last item shown.
   */
  public static <T> Page<T> of(List<T> fetched, int limit, Function<T, String> cursorOf) {
    if (fetched.size() <= limit) {
      return new Page<>(fetched, null);
    }
    List<T> shown = List.copyOf(fetched.subList(0, limit));
    return new Page<>(shown, cursorOf.apply(shown.get(limit - 1)));
  }

  /**
   * A page from the rows of a query asked for {@code limit + 1} rows: each shown row mapped to its item, the
   * cursor made from the last row shown (its sort key need not be on the wire).
   */
  public static <T> Page<T> ofRows(Iterable<Row> rows, int limit, Function<Row, T> item, Function<Row, String> cursorOf) {
    List<T> items = new ArrayList<>();
    Row last = null;
    boolean more = false;
    for (Row row : rows) {
      if (items.size() == limit) {
        more = true;
        break;
      }
      items.add(item.apply(row));
      last = row;
    }
    return new Page<>(items, more ? cursorOf.apply(last) : null);
  }

  /** The same page with each item mapped (the cursor stays). */
  public <R> Page<R> map(Function<T, R> f) {
    return new Page<>(items.stream().map(f).toList(), nextCursor);
  }
}
