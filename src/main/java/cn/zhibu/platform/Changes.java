package cn.zhibu.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * News that something cached in memory changed (a session ended, a person's roles, an event), told to every
 * HTTP instance of every process. Process-wide caches register a listener that runs at once, before the
 * change's response goes out; caches that belong to one instance hear it on the event bus (address
 * {@code zhibu.changes.<topic>}); other processes hear it through Redis pub/sub. If Redis is down, other
 * processes forget the entry when it expires, which bounds every cache's staleness.
 */
public final class Changes {
  static final String CHANNEL = "changes";
  private final Vertx vertx;
  private final Redis redis;
  private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();

  public Changes(Vertx vertx, Redis redis) {
    this.vertx = vertx;
    this.redis = redis;
  }

  /** The event-bus address where this process's instances hear of changes of {@code topic}. */
  public static String address(String topic) {
    return "zhibu.changes." + topic;
  }

  /** Runs {@code listener} at once (on the publisher's thread) for every change of {@code topic}. */
  public void onProcessWide(String topic, Consumer<String> listener) {
    listeners.computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>()).add(listener);
  }

  /** Listens to other processes' changes; call once per process. */
  public Future<Void> listen() {
    return redis.subscribe(redis.key(CHANNEL), message -> {
      int bar = message.indexOf('|');
      if (bar > 0) {
        deliver(message.substring(0, bar), message.substring(bar + 1));
      }
    });
  }

  /** Tells every instance that {@code id} of {@code topic} changed. Call after the change committed. */
  public Future<Void> publish(String topic, String id) {
    deliver(topic, id);
    return redis.publish(redis.key(CHANNEL), topic + "|" + id).<Void>mapEmpty()
        .recover(redisDown -> Future.succeededFuture());
  }

  private void deliver(String topic, String id) {
    listeners.getOrDefault(topic, List.of()).forEach(l -> l.accept(id));
    vertx.eventBus().publish(address(topic), id);
  }
}
