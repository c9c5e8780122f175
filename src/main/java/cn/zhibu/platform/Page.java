package cn.zhibu.platform;

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
}
