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
 */
public final class SessionCache {
  static final Duration TTL = Duration.ofSeconds(10);
  static final int MAX_ENTRIES = 100_000;
  static final String SESSION_TOPIC = "session";
  static final String PERSON_TOPIC = "person";
  private final Map<UUID, Entry> entries = new ConcurrentHashMap<>();
  private final Changes changes;

  record Entry(UUID personId, List<RoleGrant> roles, long expiresAtNanos) {
  }

  public SessionCache(Changes changes) {
    this.changes = changes;
    changes.onProcessWide(SESSION_TOPIC, id -> entries.remove(UUID.fromString(id)));
    changes.onProcessWide(PERSON_TOPIC, id -> forgetPerson(UUID.fromString(id)));
  }

  /** The cached roles of this session, or null when it must be checked again. */
  List<RoleGrant> roles(UUID sessionId, UUID personId) {
    Entry entry = entries.get(sessionId);
    if (entry == null || !entry.personId().equals(personId) || System.nanoTime() - entry.expiresAtNanos() > 0) {
      return null;
    }
    return entry.roles();
  }

  void remember(UUID sessionId, UUID personId, List<RoleGrant> roles) {
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear(); // rare: a burst of more sessions than this; they are re-checked once each
    }
    entries.put(sessionId, new Entry(personId, List.copyOf(roles), System.nanoTime() + TTL.toNanos()));
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
