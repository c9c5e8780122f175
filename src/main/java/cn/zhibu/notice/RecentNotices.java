package cn.zhibu.notice;

import cn.zhibu.platform.Changes;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The newest notices of each org chain, kept per HTTP instance, so the first page of a member's feed needs no
 * query: a notice never changes once published, and publishing moves the generation ({@link #TOPIC} through
 * {@link Changes}: in this process at once, before the publisher is answered; in others by Redis pub/sub), which
 * makes every entry loaded before it stale, including a load that was under way. If another process's news is
 * lost (Redis down), an entry lasts {@link #TTL}. The map is used from its instance's event loop only.
 */
final class RecentNotices {
  static final String TOPIC = "notices";
  /** One more than the largest page, so a full page knows whether there is more. */
  static final int SIZE = 101;
  static final Duration TTL = Duration.ofSeconds(30);
  static final int MAX_CHAINS = 2_000;

  /** A notice as every reader of a chain sees it, without their read flag; its time formatted once, here. */
  record Item(UUID id, String title, boolean mustRead, String author, Instant createdAt, String shownAt) {
    Item(UUID id, String title, boolean mustRead, String author, Instant createdAt) {
      this(id, title, mustRead, author, createdAt, cn.zhibu.platform.Times.format(createdAt));
    }
  }

  private record Cached(Future<List<Item>> items, Instant loadedAt, long generation) {
  }

  private final NoticeRepository notices;
  private final java.time.Clock clock;
  private final Map<List<UUID>, Cached> cache = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<List<UUID>, Cached> eldest) {
      return size() > MAX_CHAINS;
    }
  };
  private final AtomicLong generation = new AtomicLong();

  RecentNotices(Changes changes, NoticeRepository notices, java.time.Clock clock) {
    this.notices = notices;
    this.clock = clock;
    changes.onProcessWide(TOPIC, id -> generation.incrementAndGet());
  }

  /** The chain's newest {@link #SIZE} notices, newest first. */
  Future<List<Item>> of(List<UUID> chain) {
    Instant now = clock.instant();
    Cached cached = cache.get(chain);
    long current = generation.get();
    if (cached != null && cached.generation() == current && cached.loadedAt().plus(TTL).isAfter(now)
        && !cached.items().failed()) {
      return cached.items();
    }
    long loadingFor = current;
    Future<List<Item>> loading = notices.recent(chain, SIZE);
    cache.put(chain, new Cached(loading, now, loadingFor));
    return loading.onFailure(err -> cache.remove(chain));
  }
}
