package cn.zhibu.auth;

import cn.zhibu.platform.Changes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions checked in the last {@link #TTL}, with the person's roles, shared by the HTTP instances of this
 * process: a request of a known session costs no Redis round trip. Ending a session and changing roles
 * remove entries at once in this process, before the change is answered, and in other processes through
 * {@link Changes} (Redis pub/sub); the TTL bounds staleness there should Redis be down.
 *
 * <p>A request reads a session and roles, then remembers them. If an ending or a role change was heard between
 * the read and the remembering, what was read may be older than the change: {@link #generation()} is taken
 * before the read, and {@link #remember} keeps nothing when it has moved since (the outside test saw a demoted
 * secretary keep the role for 10 s this way).
 */
public final class SessionCache {
  static final Duration TTL = Duration.ofSeconds(10);
  static final int MAX_ENTRIES = 100_000;
  static final String SESSION_TOPIC = "session";
  static final String PERSON_TOPIC = "person";
  private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong generation = new java.util.concurrent.atomic.AtomicLong();
  private final Changes changes;

  record Entry(UUID personId, List<RoleGrant> roles, long expiresAtNanos) {
  }

  public SessionCache(Changes changes) {
    this.changes = changes;
    changes.onProcessWide(SESSION_TOPIC, id -> {
      generation.incrementAndGet();
      entries.remove(UUID.fromString(id));
    });
    changes.onProcessWide(PERSON_TOPIC, id -> {
      generation.incrementAndGet();
      forgetPerson(UUID.fromString(id));
    });
  }

  /** Moves on every ending and role change heard; taken before reading what {@link #remember} will keep. */
  long generation() {
    return generation.get();
  }

  /** The cached roles of this session, or null when it must be checked again. */
  List<RoleGrant> roles(UUID sessionId, UUID personId) {
    Entry entry = entries.get(sessionId);
    if (entry == null || !entry.personId().equals(personId) || System.nanoTime() - entry.expiresAtNanos() > 0) {
      return null;
    }
    return entry.roles();
  }

  /** Keeps what was read when {@code readAt} was the generation, unless a change was heard since. */
  void remember(UUID sessionId, UUID personId, List<RoleGrant> roles, long readAt) {
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear(); // rare: a burst of more sessions than this; they are re-checked once each
    }
    Entry entry = new Entry(personId, List.copyOf(roles), System.nanoTime() + TTL.toNanos());
    entries.put(sessionId, entry);
    // Checked after the put: a change heard at any moment after the read either finds the entry and removes it,
    // or moved the generation before this check, which then removes it here.
    if (generation.get() != readAt) {
      entries.remove(sessionId, entry);
    }
  }

  /** The session ended: forget it here now, and everywhere else. */
  io.vertx.core.Future<Void> sessionEnded(UUID sessionId) {
    return changes.publish(SESSION_TOPIC, sessionId.toString());
  }

  /** The person's roles changed: forget their sessions here now, and everywhere else. */
  io.vertx.core.Future<Void> rolesChanged(UUID personId) {
    return changes.publish(PERSON_TOPIC, personId.toString());
  }

  private void forgetPerson(UUID personId) {
    entries.values().removeIf(e -> e.personId().equals(personId));
  }
}
