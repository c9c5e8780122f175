package cn.zhibu.points;

import java.util.UUID;

/**
 * One award to write: who, what category, how many points (and minutes for the hours boards), its source
 * and the idempotency key that makes the same source award once, whatever retries or instances do.
 */
public record Award(UUID personId, PointRules category, int amount, int minutes, String sourceType, String sourceId,
    String key, String reason, UUID grantedBy) {

  /** The usual award of a category for a source, e.g. attendance at one event. */
  public static Award of(UUID personId, PointRules category, String sourceType, String sourceId) {
    return new Award(personId, category, category.defaultAmount, 0, sourceType, sourceId,
        category.wire() + ":" + sourceType + ":" + sourceId + ":" + personId, null, null);
  }

  public Award withAmount(int points, int minutes) {
    return new Award(personId, category, points, minutes, sourceType, sourceId, key, reason, grantedBy);
  }
}
