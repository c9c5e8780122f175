package cn.zhibu.notice;

import cn.zhibu.platform.Redis;
import io.lettuce.core.KeyValue;
import io.lettuce.core.SetArgs;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Unread counts without fan-out: Redis counts notices published per org ({@code nc:<org>}) and notices read
 * per person ({@code nr:<person>}). A person's unread count is the sum over their org chain minus their reads,
 * so publishing costs the same for 100 or 50,000 people. A missing key (Redis lost it) is recomputed from
 * PostgreSQL; if Redis is down the count comes from PostgreSQL directly.
 */
public final class UnreadCounts {
  /** Counting into a missing key would start it at 1; a missing key is left for recomputation instead. */
  private static final String INCR_IF_PRESENT = """
      if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('INCR', KEYS[1]) end
      return 0
      """;
  /** Recomputed values live an hour, so a count raced by a concurrent publish heals itself. */
  private static final long RECOMPUTED_TTL_SECONDS = 3_600;
  private final Pool pool;
  private final Redis redis;

  public UnreadCounts(Pool pool, Redis redis) {
    this.pool = pool;
    this.redis = redis;
  }

  Future<Void> published(List<UUID> targets) {
    return Future.all(targets.stream().map(org -> increment("nc:" + org)).toList()).mapEmpty();
  }

  Future<Void> read(UUID personId) {
    return increment("nr:" + personId);
  }

  private Future<Void> increment(String name) {
    return redis.<Long>call(c -> c.eval(INCR_IF_PRESENT, io.lettuce.core.ScriptOutputType.INTEGER, redis.key(name)))
        .<Void>mapEmpty().recover(err -> Future.succeededFuture());
  }

  /** Unread notices for a person whose org chain is {@code ancestry} (root first). */
  public Future<Long> unread(UUID personId, List<UUID> ancestry) {
    if (ancestry.isEmpty()) {
      return Future.succeededFuture(0L);
    }
    List<String> keys = new ArrayList<>();
    ancestry.forEach(org -> keys.add(redis.key("nc:" + org)));
    keys.add(redis.key("nr:" + personId));
    return redis.<List<KeyValue<String, String>>>call(c -> c.mget(keys.toArray(new String[0])))
        .compose(values -> {
          List<Future<Long>> parts = new ArrayList<>();
          for (int i = 0; i < values.size(); i++) {
            KeyValue<String, String> kv = values.get(i);
            if (kv.hasValue()) {
              parts.add(Future.succeededFuture(Long.parseLong(kv.getValue())));
            } else {
              parts.add(i < ancestry.size() ? recomputeOrg(ancestry.get(i)) : recomputeReads(personId, ancestry));
            }
          }
          return Future.all(parts).map(all -> {
            long targeted = 0;
            for (int i = 0; i < ancestry.size(); i++) {
              targeted += all.<Long>resultAt(i);
            }
            return Math.max(0, targeted - all.<Long>resultAt(ancestry.size()));
          });
        })
        .recover(redisDown -> fromDatabase(personId, ancestry));
  }

  private Future<Long> recomputeOrg(UUID org) {
    return pool.preparedQuery("SELECT count(*) FROM notice_targets WHERE org_id = $1").execute(Tuple.of(org))
        .map(rows -> rows.iterator().next().getLong(0))
        .compose(n -> redis.call(c -> c.set(redis.key("nc:" + org), n.toString(),
            SetArgs.Builder.nx().ex(RECOMPUTED_TTL_SECONDS))).map(n));
  }

  private Future<Long> recomputeReads(UUID personId, List<UUID> ancestry) {
    return pool.preparedQuery("""
            SELECT count(*) FROM notice_reads r WHERE r.person_id = $1
              AND EXISTS (SELECT 1 FROM notice_targets t WHERE t.notice_id = r.notice_id AND t.org_id = ANY($2))
            """).execute(Tuple.tuple().addUUID(personId).addArrayOfUUID(ancestry.toArray(UUID[]::new)))
        .map(rows -> rows.iterator().next().getLong(0))
        .compose(n -> redis.call(c -> c.set(redis.key("nr:" + personId), n.toString(),
            SetArgs.Builder.nx().ex(RECOMPUTED_TTL_SECONDS))).map(n));
  }

  private Future<Long> fromDatabase(UUID personId, List<UUID> ancestry) {
    return pool.preparedQuery("""
            SELECT count(*) FROM notice_targets t WHERE t.org_id = ANY($2)
              AND NOT EXISTS (SELECT 1 FROM notice_reads r WHERE r.notice_id = t.notice_id AND r.person_id = $1)
            """).execute(Tuple.tuple().addUUID(personId).addArrayOfUUID(ancestry.toArray(UUID[]::new)))
        .map(rows -> rows.iterator().next().getLong(0));
  }
}
