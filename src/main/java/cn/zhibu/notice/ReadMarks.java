package cn.zhibu.notice;

import cn.zhibu.platform.Redis;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Which notices a person has read, in Redis ({@code rd:<person>}, a set), so the feed's read flags need no query.
 * The set counts only once it holds the marker {@link #LOADED}, added with everything {@code notice_reads} held
 * when it was loaded. A read adds its notice after it committed, whether or not the set was loaded: a load that
 * raced it (read the table before the commit) still ends with the union, so no read is ever missed. Lost sets
 * load again; sets lapse a day after their last load or read (so a read whose mark was lost while Redis failed
 * shows as read again by the next day at the latest; a failed mark also drops the set when it can).
 */
final class ReadMarks {
  static final String LOADED = "*";
  static final long TTL_SECONDS = 86_400;
  private final Redis redis;
  private final NoticeRepository notices;

  ReadMarks(Redis redis, NoticeRepository notices) {
    this.redis = redis;
    this.notices = notices;
  }

  /** Of {@code ids}, those the person has read. */
  Future<Set<UUID>> readAmong(UUID person, List<UUID> ids) {
    String key = redis.key("rd:" + person);
    String[] asked = new String[ids.size() + 1];
    asked[0] = LOADED;
    for (int i = 0; i < ids.size(); i++) {
      asked[i + 1] = ids.get(i).toString();
    }
    return redis.<List<Boolean>>call(c -> c.smismember(key, asked)).compose(found -> {
      if (Boolean.TRUE.equals(found.get(0))) {
        Set<UUID> read = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
          if (Boolean.TRUE.equals(found.get(i + 1))) {
            read.add(ids.get(i));
          }
        }
        return Future.succeededFuture(read);
      }
      return load(person, key).map(all -> {
        Set<UUID> read = new HashSet<>(ids);
        read.retainAll(all);
        return read;
      });
    });
  }

  /** After a read committed. Never fails: the read is recorded whatever Redis does. */
  Future<Void> marked(UUID person, UUID notice) {
    String key = redis.key("rd:" + person);
    // One connection runs commands in the order sent: both go at once, the expiry lands after the add.
    Future<Long> added = redis.call(c -> c.sadd(key, notice.toString()));
    Future<Boolean> expiry = redis.call(c -> c.expire(key, TTL_SECONDS));
    return Future.all(added, expiry)
        .recover(err -> redis.<Long>call(c -> c.del(key)).map(v -> null))
        .<Void>mapEmpty()
        .recover(redisDown -> Future.succeededFuture());
  }

  private Future<Set<UUID>> load(UUID person, String key) {
    return notices.readBy(person).compose(all -> {
      List<String> members = new ArrayList<>(all.size() + 1);
      members.add(LOADED);
      all.forEach(id -> members.add(id.toString()));
      Future<Long> added = redis.call(c -> c.sadd(key, members.toArray(new String[0])));
      Future<Boolean> expiry = redis.call(c -> c.expire(key, TTL_SECONDS));
      return Future.all(added, expiry).map(v -> all);
    });
  }
}
