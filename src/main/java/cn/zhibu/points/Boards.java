package cn.zhibu.points;

import cn.zhibu.org.OrgDirectory;
import cn.zhibu.platform.Redis;
import io.lettuce.core.ScriptOutputType;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Set;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leaderboards in Redis: one sorted set per org (each org above the person's branch, and the branch) ×
 * metric × current period. They are a cache of the ledger: a person's entries are recomputed from the ledger
 * after each award (absolute values, applied only if newer than what Redis holds, so out-of-order updates
 * cannot win), and the whole set can be rebuilt from the ledger at any time with the same arithmetic.
 */
public final class Boards {
  private static final Logger LOG = LoggerFactory.getLogger(Boards.class);
  public enum Metric {
    POINTS, VOLUNTEER_HOURS, STUDY_HOURS;

    static final Set<Metric> ALL = EnumSet.allOf(Metric.class);

    /** The boards an award of this category moves: points always; hours only for their own category. */
    public static Set<Metric> movedBy(PointRules category) {
      return category == PointRules.VOLUNTEER ? EnumSet.of(POINTS, VOLUNTEER_HOURS)
          : category == PointRules.STUDY ? EnumSet.of(POINTS, STUDY_HOURS) : EnumSet.of(POINTS);
    }
  }

  private static final cn.zhibu.platform.LuaScript APPLY = new cn.zhibu.platform.LuaScript("""
      local cur = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '-1')
      if cur >= tonumber(ARGV[2]) then return 0 end
      redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
      redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
      for i = 3, #KEYS do
        local score = ARGV[2 + (i - 2) * 2]
        if score == 'none' then
          redis.call('ZREM', KEYS[i], ARGV[1])
        else
          redis.call('ZADD', KEYS[i], score, ARGV[1])
          redis.call('EXPIRE', KEYS[i], ARGV[3 + (i - 2) * 2])
        end
      end
      return 1
      """);
  private static final cn.zhibu.platform.LuaScript READ = new cn.zhibu.platform.LuaScript("""
      local top = redis.call('ZREVRANGE', KEYS[1], 0, tonumber(ARGV[1]) - 1, 'WITHSCORES')
      local ids = {}
      for i = 1, #top, 2 do ids[#ids + 1] = top[i] end
      local names = {}
      if #ids > 0 then names = redis.call('HMGET', KEYS[2], unpack(ids)) end
      local rank = redis.call('ZREVRANK', KEYS[1], ARGV[2])
      local score = redis.call('ZSCORE', KEYS[1], ARGV[2])
      return {top, names, rank, score}
      """);

  /** Just the caller's place, when the board's top is already known. */
  private static final cn.zhibu.platform.LuaScript READ_ME = new cn.zhibu.platform.LuaScript("""
      return {redis.call('ZREVRANK', KEYS[1], ARGV[1]), redis.call('ZSCORE', KEYS[1], ARGV[1])}
      """);
  /** How long an instance shows a board's top from memory; "my rank" is always read live. */
  static final long TOP_CACHE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

  private record Top(List<String> ids, List<String> names, List<Double> scores, long readAt) {
  }

  private final Pool pool;
  private final Redis redis;
  private final OrgDirectory orgs;
  private final Clock clock;
  private final java.util.Map<String, Top> tops = new java.util.concurrent.ConcurrentHashMap<>();
  private final AtomicBoolean dirty = new AtomicBoolean();

  public Boards(Pool pool, Redis redis, OrgDirectory orgs, Clock clock) {
    this.pool = pool;
    this.redis = redis;
    this.orgs = orgs;
    this.clock = clock;
  }

  public String boardKey(Metric metric, Periods period, Instant at, UUID orgId) {
    return redis.key("lb:" + metric.name().toLowerCase() + ":" + period.key(at) + ":" + orgId);
  }

  /** A person's totals for the current periods, as the ledger says. */
  record Totals(UUID personId, UUID orgId, String name, long version, long[] values, Instant[] reached) {
  }

  private static String totalsSql(String where) {
    StringBuilder sql = new StringBuilder("SELECT l.person_id, p.org_id, p.name, max(l.id) AS version");
    int param = 1;
    for (Periods period : Periods.values()) {
      String window = "l.awarded_at >= $" + param + " AND l.awarded_at < $" + (param + 1);
      param += 2;
      for (Metric metric : Metric.values()) {
        String column = metric == Metric.POINTS ? "l.points" : "l.minutes";
        String category = switch (metric) {
          case POINTS -> "";
          case VOLUNTEER_HOURS -> " AND l.category = 'volunteer'";
          case STUDY_HOURS -> " AND l.category = 'study'";
        };
        String name = period.wire() + "_" + metric.ordinal();
        sql.append(", coalesce(sum(").append(column).append(") FILTER (WHERE ").append(window).append(category)
            .append("), 0) AS v_").append(name)
            .append(", max(l.awarded_at) FILTER (WHERE ").append(window).append(category).append(" AND ")
            .append(column).append(" <> 0) AS t_").append(name);
      }
    }
    sql.append(" FROM points_ledger l JOIN persons p ON p.id = l.person_id WHERE l.awarded_at >= $7 ")
        .append(where).append(" GROUP BY l.person_id, p.org_id, p.name");
    return sql.toString();
  }

  private Tuple windows(Instant now) {
    Tuple tuple = Tuple.tuple();
    Instant earliest = now;
    for (Periods period : Periods.values()) {
      tuple.addOffsetDateTime(cn.zhibu.platform.Times.utc(period.start(now))).addOffsetDateTime(cn.zhibu.platform.Times.utc(period.end(now)));
      earliest = period.start(now).isBefore(earliest) ? period.start(now) : earliest;
    }
    return tuple.addOffsetDateTime(cn.zhibu.platform.Times.utc(earliest));
  }

  /** Reads a row of {@link #totalsSql} by position (the columns are known; a name look-up per cell is not free). */
  private static Totals totals(Row row) {
    int n = Periods.values().length * Metric.values().length;
    long[] values = new long[n];
    Instant[] reached = new Instant[n];
    for (int i = 0; i < n; i++) {
      values[i] = row.getLong(4 + 2 * i);
      OffsetDateTime t = row.getOffsetDateTime(5 + 2 * i);
      reached[i] = t == null ? null : t.toInstant();
    }
    return new Totals(row.getUUID(0), row.getUUID(1), row.getString(2), row.getLong(3), values, reached);
  }

  /** Recomputes one person's entries after an award committed. A failure marks the boards for a rebuild. */
  public Future<Void> refresh(UUID personId) {
    Instant now = clock.instant();
    return pool.preparedQuery(totalsSql("AND l.person_id = $8")).execute(windows(now).addUUID(personId))
        .compose(rows -> rows.size() == 0 ? Future.succeededFuture() : apply(totals(rows.iterator().next()), now, ""))
        // This instance's own readers see its awards at once; other instances within a second.
        .andThen(ar -> tops.clear())
        .recover(err -> {
          LOG.warn("leaderboard update for {} failed ({}); boards will be rebuilt", personId, err.toString());
          dirty.set(true);
          return Future.succeededFuture();
        });
  }

  /** {@link #refresh} for many people with one ledger query (a batch of check-ins), on the boards of {@code metrics}. */
  public Future<Void> refreshAll(List<UUID> people, Set<Metric> metrics) {
    if (people.isEmpty()) {
      return Future.succeededFuture();
    }
    Instant now = clock.instant();
    return pool.preparedQuery(totalsSql("AND l.person_id = ANY($8)")).execute(windows(now)
            .addArrayOfUUID(people.toArray(UUID[]::new)))
        .compose(rows -> {
          List<Future<Void>> updates = new ArrayList<>();
          rows.forEach(row -> updates.add(apply(totals(row), now, "", metrics)));
          return Future.all(updates).<Void>mapEmpty();
        })
        .andThen(ar -> tops.clear())
        .recover(err -> {
          LOG.warn("leaderboard update for {} people failed ({}); boards will be rebuilt", people.size(), err.toString());
          dirty.set(true);
          return Future.succeededFuture();
        });
  }

  private Future<Void> apply(Totals totals, Instant now, String keySuffix) {
    return apply(totals, now, keySuffix, Metric.ALL);
  }

  /** Writes the person's scores on the boards of {@code metrics} (a check-in moves only the points boards). */
  private Future<Void> apply(Totals totals, Instant now, String keySuffix, Set<Metric> metrics) {
    if (totals.orgId() == null) {
      return Future.succeededFuture();
    }
    return orgs.find(totals.orgId()).compose(home -> {
      List<String> keys = new ArrayList<>();
      List<String> args = new ArrayList<>();
      keys.add(redis.key("lb:ver" + keySuffix));
      keys.add(redis.key("lb:names" + keySuffix));
      args.add(totals.personId().toString());
      args.add(Long.toString(totals.version()));
      args.add(totals.name() == null ? "" : totals.name());
      int i = 0;
      for (Periods period : Periods.values()) {
        for (Metric metric : Metric.values()) {
          for (UUID org : metrics.contains(metric) ? home.ancestry() : List.<UUID>of()) {
            keys.add(boardKey(metric, period, now, org) + keySuffix);
            args.add(totals.reached()[i] == null ? "none"
                : Double.toString(Score.encode(totals.values()[i], totals.reached()[i])));
            args.add(Long.toString(period.ttlSeconds()));
          }
          i++;
        }
      }
      return APPLY.<Long>run(redis, ScriptOutputType.INTEGER, keys.toArray(new String[0]), args.toArray(new String[0]))
          .mapEmpty();
    });
  }

  /** One board read: the top {@code limit} with names, and the caller's rank (1-based) and score. */
  public record Read(List<String> ids, List<String> names, List<Double> scores, Long myRank, Double myScore) {
  }

  /**
   * The board's top {@code limit} and the caller's rank and score, in one Redis round trip. The top is kept in
   * memory for at most {@link #TOP_CACHE_NANOS} per board and limit (thousands of phones open the same board
   * at the end of a party day); the caller's own place is read every time.
   */
  @SuppressWarnings("unchecked")
  public Future<Read> read(Metric metric, Periods period, UUID orgId, int limit, UUID me) {
    String key = boardKey(metric, period, clock.instant(), orgId);
    String topKey = key + "#" + limit;
    Top top = tops.get(topKey);
    if (top != null && System.nanoTime() - top.readAt() < TOP_CACHE_NANOS) {
      return READ_ME.<List<Object>>run(redis, ScriptOutputType.MULTI, new String[] {key}, me.toString())
          .map(reply -> read(top, reply.size() > 0 ? reply.get(0) : null, reply.size() > 1 ? reply.get(1) : null));
    }
    return READ.<List<Object>>run(redis, ScriptOutputType.MULTI, new String[] {key, redis.key("lb:names")},
            Integer.toString(limit), me.toString())
        .map(reply -> {
          List<Object> rows = (List<Object>) reply.get(0);
          List<Object> names = (List<Object>) reply.get(1);
          List<String> ids = new ArrayList<>();
          List<String> shownNames = new ArrayList<>();
          List<Double> scores = new ArrayList<>();
          for (int i = 0; i < rows.size(); i += 2) {
            ids.add(String.valueOf(rows.get(i)));
            scores.add(Double.valueOf(String.valueOf(rows.get(i + 1))));
            Object name = names.size() > i / 2 ? names.get(i / 2) : null;
            shownNames.add(name == null || String.valueOf(name).isEmpty() ? null : String.valueOf(name));
          }
          Top fresh = new Top(ids, shownNames, scores, System.nanoTime());
          tops.put(topKey, fresh);
          return read(fresh, reply.size() > 2 ? reply.get(2) : null, reply.size() > 3 ? reply.get(3) : null);
        });
  }

  private static Read read(Top top, Object rank, Object score) {
    return new Read(top.ids(), top.names(), top.scores(), rank == null ? null : ((Number) rank).longValue() + 1,
        score == null ? null : Double.valueOf(String.valueOf(score)));
  }

  /**
   * Rebuilds every current board from the ledger into fresh keys and swaps them in, then re-applies awards
   * that committed while it ran. Guarded by a Redis lock so one instance rebuilds at a time.
   */
  public Future<Integer> rebuild() {
    Instant now = clock.instant();
    String lock = redis.key("lb:rebuilding");
    String suffix = ":rebuild";
    return redis.<String>call(c -> c.set(lock, "1", io.lettuce.core.SetArgs.Builder.nx().px(120_000)))
        .compose(ok -> {
          if (!"OK".equals(ok)) {
            return Future.succeededFuture(0);
          }
          dirty.set(false);
          return pool.preparedQuery(totalsSql("")).execute(windows(now))
              .compose(rows -> {
                List<Totals> all = new ArrayList<>();
                rows.forEach(row -> all.add(totals(row)));
                return applyAll(all, now, suffix).map(all.size());
              })
              .compose(count -> swapIn(suffix).map(count))
              .compose(count -> catchUp(now).map(count))
              .compose(count -> redis.call(c -> c.set(redis.key("lb:built"), now.toString())).map(count))
              .andThen(ar -> redis.call(c -> c.del(lock)))
              .onSuccess(count -> LOG.info("leaderboards rebuilt from the ledger: {} people", count))
              .onFailure(err -> dirty.set(true));
        });
  }

  private Future<Void> applyAll(List<Totals> all, Instant now, String suffix) {
    Future<Void> chain = Future.succeededFuture();
    for (int from = 0; from < all.size(); from += 200) {
      List<Totals> batch = all.subList(from, Math.min(all.size(), from + 200));
      chain = chain.compose(v -> Future.all(batch.stream().map(t -> apply(t, now, suffix)).toList()).mapEmpty());
    }
    return chain;
  }

  /** Renames every freshly built key over its live one; live keys with no rebuilt twin are removed. */
  private Future<Void> swapIn(String suffix) {
    return scan(redis.key("lb:*" + suffix)).compose(built -> scan(redis.key("lb:*")).compose(live -> {
      List<Future<?>> ops = new ArrayList<>();
      java.util.Set<String> rebuilt = new java.util.HashSet<>();
      for (String key : built) {
        String target = key.substring(0, key.length() - suffix.length());
        rebuilt.add(target);
        ops.add(redis.call(c -> c.rename(key, target)));
      }
      for (String key : live) {
        if (!key.endsWith(suffix) && !rebuilt.contains(key) && !key.endsWith("lb:rebuilding")
            && !key.endsWith("lb:built")) {
          ops.add(redis.call(c -> c.del(key)));
        }
      }
      return Future.all(ops).mapEmpty();
    }));
  }

  private Future<List<String>> scan(String pattern) {
    List<String> keys = new ArrayList<>();
    return scanFrom(io.lettuce.core.ScanCursor.INITIAL, pattern, keys).map(keys);
  }

  private Future<Void> scanFrom(io.lettuce.core.ScanCursor cursor, String pattern, List<String> into) {
    return redis.<io.lettuce.core.KeyScanCursor<String>>call(c -> c.scan(cursor,
            io.lettuce.core.ScanArgs.Builder.matches(pattern).limit(1000)))
        .compose(page -> {
          into.addAll(page.getKeys());
          return page.isFinished() ? Future.succeededFuture() : scanFrom(page, pattern, into);
        });
  }

  /** Awards that committed while the rebuild read the ledger are applied again on top. */
  private Future<Void> catchUp(Instant since) {
    return pool.preparedQuery("SELECT DISTINCT person_id FROM points_ledger WHERE awarded_at >= $1")
        .execute(Tuple.of(cn.zhibu.platform.Times.utc(since.minusSeconds(5))))
        .compose(rows -> {
          List<Future<Void>> updates = new ArrayList<>();
          rows.forEach(row -> updates.add(refresh(row.getUUID("person_id"))));
          return Future.all(updates).mapEmpty();
        });
  }

  /** Rebuilds when Redis has lost the boards (no marker) or an update failed; run at start and periodically. */
  public Future<Void> rebuildIfNeeded() {
    return redis.<Long>call(c -> c.exists(redis.key("lb:built")))
        .compose(exists -> exists == 0 || dirty.get() ? rebuild().mapEmpty() : Future.<Void>succeededFuture())
        .recover(err -> {
          dirty.set(true);
          return Future.succeededFuture();
        });
  }

}
