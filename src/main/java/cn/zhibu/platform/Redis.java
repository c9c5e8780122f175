package cn.zhibu.platform;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.TimeoutOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Redis through Lettuce. This is the one place where Lettuce's futures become Vert.x futures: results come
 * back on the caller's context (its event loop), never on Lettuce's I/O threads. Every key goes through
 * {@link #key} so installations and test runs sharing one Redis never see each other's data.
 */
public final class Redis {
  private final Vertx vertx;
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final String prefix;
  private final java.util.List<io.lettuce.core.pubsub.StatefulRedisPubSubConnection<String, String>> subscriptions =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  private Redis(Vertx vertx, RedisClient client, StatefulRedisConnection<String, String> connection, String prefix) {
    this.vertx = vertx;
    this.client = client;
    this.connection = connection;
    this.prefix = prefix;
  }

  public static Future<Redis> connect(Vertx vertx, Config config) {
    RedisURI uri = RedisURI.create(config.redisUrl());
    uri.setTimeout(Duration.ofSeconds(2));
    RedisClient client = RedisClient.create(uri);
    client.setOptions(ClientOptions.builder()
        .autoReconnect(true)
        .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
        .timeoutOptions(TimeoutOptions.enabled(Duration.ofSeconds(2)))
        .build());
    Context context = vertx.getOrCreateContext();
    return Future.fromCompletionStage(client.connectAsync(io.lettuce.core.codec.StringCodec.UTF8, uri), context)
        .map(conn -> new Redis(vertx, client, conn, config.redisPrefix()));
  }

  /** Prefixes a key with this installation's namespace. */
  public String key(String name) {
    return prefix + name;
  }

  public String prefix() {
    return prefix;
  }

  /**
   * Runs one command and completes on the calling Vert.x context (or, called from outside Vert.x, on an
   * event loop): never on Lettuce's own threads, so callers keep Vert.x's one-thread-per-context ordering.
   */
  public <T> Future<T> call(Function<RedisAsyncCommands<String, String>, CompletionStage<T>> command) {
    Context context = Vertx.currentContext() != null ? Vertx.currentContext() : vertx.getOrCreateContext();
    try {
      CompletionStage<T> stage = command.apply(connection.async());
      return Future.fromCompletionStage(stage, context);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /**
   * Calls {@code listener} (on an event loop) with every message published on {@code channel}, through a
   * connection of its own (a subscribed connection can do nothing else); it reconnects and resubscribes by itself.
   */
  public Future<Void> subscribe(String channel, java.util.function.Consumer<String> listener) {
    Context context = vertx.getOrCreateContext();
    var pubsub = client.connectPubSub();
    pubsub.addListener(new io.lettuce.core.pubsub.RedisPubSubAdapter<>() {
      @Override
      public void message(String from, String message) {
        context.runOnContext(v -> listener.accept(message));
      }
    });
    subscriptions.add(pubsub);
    return Future.fromCompletionStage(pubsub.async().subscribe(channel), context).mapEmpty();
  }

  /** Publishes {@code message} to every process subscribed to {@code channel}. */
  public Future<Long> publish(String channel, String message) {
    return call(c -> c.publish(channel, message));
  }

  public boolean isOpen() {
    return connection.isOpen();
  }

  public Future<Void> close() {
    Context context = Vertx.currentContext();
    subscriptions.forEach(io.lettuce.core.pubsub.StatefulRedisPubSubConnection::closeAsync);
    CompletionStage<Void> stage = connection.closeAsync().thenCompose(v -> client.shutdownAsync());
    return context == null ? Future.fromCompletionStage(stage) : Future.fromCompletionStage(stage, context);
  }
}
