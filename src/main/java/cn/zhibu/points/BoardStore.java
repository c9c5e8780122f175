package cn.zhibu.points;

import cn.zhibu.org.OrgDirectory;
import cn.zhibu.platform.LuaScript;
import cn.zhibu.platform.Redis;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The boards in Redis: one sorted set per org (each org above the person's branch, and the branch) × metric ×
 * current period. Written by a script that applies a person's totals only if they are newer than what Redis
 * holds (so out-of-order updates cannot win); read with the caller's rank in one round trip.
 */
final class BoardStore {
  private static final LuaScript APPLY = new LuaScript("""
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
  private static final LuaScript READ = new LuaScript("""
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
  private static final LuaScript READ_ME = new LuaScript("""
      return {redis.call('ZREVRANK', KEYS[1], ARGV[1]), redis.call('ZSCORE', KEYS[1], ARGV[1])}
      """);
  /**
   * Moves people's points boards by new ledger rows. ARGV: the reached-at part of a score for now, then per
   * person: id, number of boards, number of rows, each board's TTL, and (previous id, id, points) per row in
   * chain order. A person is moved only if Redis holds exactly the row before (their version); one whose
   * version is unknown or who has a row Redis has not seen comes back, to be refreshed from the ledger.
   * Scores are written with {@code %.0f}: they are whole numbers below 2^53, which Lua's default formatting
   * (14 digits) would round.
   */
  private static final LuaScript ADVANCE = new LuaScript("""
      local offset = tonumber(ARGV[1])
      local missed = {}
      local a, k = 2, 2
      while a <= #ARGV do
        local person, nkeys, n = ARGV[a], tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
        local ttls = a + 3
        a = ttls + nkeys
        local cur = tonumber(redis.call('HGET', KEYS[1], person) or '-1')
        local last, delta, gap = cur, 0, false
        for i = 1, n do
          local prev, id, points = tonumber(ARGV[a]), tonumber(ARGV[a + 1]), tonumber(ARGV[a + 2])
          a = a + 3
          if id > last then
            if prev == last then
              last = id
              delta = delta + points
            else
              gap = true
            end
          end
        end
        if cur < 0 or gap then
          missed[#missed + 1] = person
        elseif last > cur then
          redis.call('HSET', KEYS[1], person, last)
          if delta ~= 0 then
            for j = 0, nkeys - 1 do
              local key = KEYS[k + j]
              local old = redis.call('ZSCORE', key, person)
              local value, off = 0, offset
              if old then
                old = tonumber(old)
                value = math.floor(old / 1e9)
                off = math.min(old - value * 1e9, offset)
              end
              redis.call('ZADD', key, string.format('%.0f', (value + delta) * 1e9 + off), person)
              redis.call('EXPIRE', key, ARGV[ttls + j])
            end
          end
        end
        k = k + nkeys
      end
      return missed
      """);
  /** How long an instance shows a board's top from memory; "my rank" is always read live. */
  static final long TOP_CACHE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private record Top(List<String> ids, List<String> names, List<Double> scores, long readAt) {
  }

  private final Redis redis;
  private final OrgDirectory orgs;
  private final Map<String, Top> tops = new ConcurrentHashMap<>();

  BoardStore(Redis redis, OrgDirectory orgs) {
    this.redis = redis;
    this.orgs = orgs;
  }

  String boardKey(Boards.Metric metric, Periods period, Instant at, UUID orgId) {
    return redis.key("lb:" + metric.name().toLowerCase() + ":" + period.key(at) + ":" + orgId);
  }

  /**
   * Writes the person's scores on the boards of {@code metrics} (a check-in moves only the points boards), into
   * the live keys, or into the keys a rebuild builds ({@code keySuffix}).
   */
  Future<Void> write(LedgerTotals.Totals totals, Instant now, String keySuffix, Set<Boards.Metric> metrics) {
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
        for (Boards.Metric metric : Boards.Metric.values()) {
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

  /**
   * Moves the points boards of the people in {@code entries} (written ledger rows, each knowing its
   * predecessor and the person's org) by their points, as of {@code at} (today), in one round trip. Answers
   * the people who must be refreshed from the ledger instead (see {@link #ADVANCE}).
   */
  Future<List<UUID>> advance(List<Ledger.Entry> entries, Instant at) {
    Map<UUID, List<Ledger.Entry>> byPerson = new java.util.LinkedHashMap<>();
    entries.forEach(e -> byPerson.computeIfAbsent(e.personId(), p -> new ArrayList<>()).add(e));
    Map<UUID, Future<cn.zhibu.org.Org>> homes = new java.util.HashMap<>();
    entries.forEach(e -> homes.computeIfAbsent(e.orgId(), orgs::find));
    return Future.all(new ArrayList<>(homes.values())).compose(v -> {
      List<String> keys = new ArrayList<>();
      List<String> args = new ArrayList<>();
      keys.add(redis.key("lb:ver"));
      args.add(Long.toString(Score.offset(at)));
      byPerson.forEach((person, rows) -> {
        List<UUID> ancestry = homes.get(rows.get(0).orgId()).result().ancestry();
        args.add(person.toString());
        args.add(Integer.toString(Periods.values().length * ancestry.size()));
        args.add(Integer.toString(rows.size()));
        List<String> ttls = new ArrayList<>();
        for (Periods period : Periods.values()) {
          for (UUID org : ancestry) {
            keys.add(boardKey(Boards.Metric.POINTS, period, at, org));
            ttls.add(Long.toString(period.ttlSeconds()));
          }
        }
        args.addAll(ttls);
        rows.stream().sorted(java.util.Comparator.comparingLong(Ledger.Entry::id)).forEach(row -> {
          args.add(Long.toString(row.previous()));
          args.add(Long.toString(row.id()));
          args.add(Integer.toString(row.points()));
        });
      });
      return ADVANCE.<List<Object>>run(redis, ScriptOutputType.MULTI, keys.toArray(new String[0]),
          args.toArray(new String[0]));
    }).map(missed -> missed.stream().map(id -> UUID.fromString(String.valueOf(id))).toList());
  }

  /** After a write: this instance's readers see it at once; other instances within {@link #TOP_CACHE_NANOS}. */
  void forgetTops() {
    tops.clear();
  }

  /**
   * The board's top {@code limit} and the caller's rank and score, in one Redis round trip. The top is kept in
   * memory for at most {@link #TOP_CACHE_NANOS} per board and limit (thousands of phones open the same board
   * at the end of a party day); the caller's own place is read every time.
   */
  @SuppressWarnings("unchecked")
  Future<Boards.Read> read(String key, int limit, UUID me) {
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

  private static Boards.Read read(Top top, Object rank, Object score) {
    return new Boards.Read(top.ids(), top.names(), top.scores(), rank == null ? null : ((Number) rank).longValue() + 1,
        score == null ? null : Double.valueOf(String.valueOf(score)));
  }

  // ------------------------------------------------------------------ what a rebuild needs of Redis

  /** Takes the rebuild lock (one instance rebuilds at a time; it lapses after two minutes). */
  Future<Boolean> lockRebuild() {
    return redis.<String>call(c -> c.set(redis.key("lb:rebuilding"), "1", SetArgs.Builder.nx().px(120_000)))
        .map("OK"::equals);
  }

  Future<Void> unlockRebuild() {
    return redis.call(c -> c.del(redis.key("lb:rebuilding"))).mapEmpty();
  }

  /** Whether the boards were built since Redis last lost them (the marker goes with a flush). */
  Future<Boolean> built() {
    return redis.<Long>call(c -> c.exists(redis.key("lb:built"))).map(n -> n > 0);
  }

  Future<Void> markBuilt(Instant at) {
    return redis.call(c -> c.set(redis.key("lb:built"), at.toString())).mapEmpty();
  }

  /** Renames every freshly built key over its live one; live keys with no rebuilt twin are removed. */
  Future<Void> swapIn(String suffix) {
    return scan(redis.key("lb:*" + suffix)).compose(built -> scan(redis.key("lb:*")).compose(live -> {
      List<Future<?>> ops = new ArrayList<>();
      Set<String> rebuilt = new HashSet<>();
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
    return scanFrom(ScanCursor.INITIAL, pattern, keys).map(keys);
  }

  private Future<Void> scanFrom(ScanCursor cursor, String pattern, List<String> into) {
    return redis.<KeyScanCursor<String>>call(c -> c.scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000)))
        .compose(page -> {
          into.addAll(page.getKeys());
          return page.isFinished() ? Future.succeededFuture() : scanFrom(page, pattern, into);
        });
  }
}
