package cn.zhibu.meeting;

import java.util.Arrays;
import java.util.UUID;

/**
 * The people expected at an event, kept compactly: each id as two longs in one sorted array (16 bytes a
 * person, where a {@code HashSet<UUID>} takes about 100), looked up by binary search. A school's open events
 * can hold tens of thousands of attendees each, in every HTTP instance.
 */
final class Attendees {
  private final long[] ids;

  private Attendees(long[] ids) {
    this.ids = ids;
  }

  static Attendees of(UUID[] people) {
    UUID[] sorted = people.clone();
    Arrays.sort(sorted, Attendees::compare);
    long[] ids = new long[sorted.length * 2];
    for (int i = 0; i < sorted.length; i++) {
      ids[2 * i] = sorted[i].getMostSignificantBits();
      ids[2 * i + 1] = sorted[i].getLeastSignificantBits();
    }
    return new Attendees(ids);
  }

  boolean contains(UUID person) {
    long msb = person.getMostSignificantBits();
    long lsb = person.getLeastSignificantBits();
    int low = 0;
    int high = ids.length / 2 - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int c = compare(ids[2 * mid], ids[2 * mid + 1], msb, lsb);
      if (c == 0) {
        return true;
      }
      if (c < 0) {
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return false;
  }

  int size() {
    return ids.length / 2;
  }

  private static int compare(UUID a, UUID b) {
    return compare(a.getMostSignificantBits(), a.getLeastSignificantBits(), b.getMostSignificantBits(),
        b.getLeastSignificantBits());
  }

  /**
   * PostgreSQL's order of uuids (their bytes, unsigned): the list it sends, read in its primary key's order, is
   * then already sorted, and sorting it again costs one pass instead of a full sort of thousands of ids.
   */
  private static int compare(long msbA, long lsbA, long msbB, long lsbB) {
    int c = Long.compareUnsigned(msbA, msbB);
    return c != 0 ? c : Long.compareUnsigned(lsbA, lsbB);
  }
}
