package cn.zhibu.request;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The request categories and their time limits (respond within, resolve within), from
 * {@code ZHIBU_REQUEST_CATEGORIES} as {@code name:respondHours:resolveHours,...} (defaults in Config).
 */
public final class Categories {
  record Limits(Duration respond, Duration resolve) {
  }

  private final Map<String, Limits> limits = new LinkedHashMap<>();

  public Categories(String spec) {
    for (String item : spec.split(",")) {
      String[] parts = item.trim().split(":");
      if (parts.length != 3) {
        throw new IllegalArgumentException("request category '" + item + "' is not name:respondHours:resolveHours");
      }
      limits.put(parts[0].trim(), new Limits(Duration.ofHours(Long.parseLong(parts[1].trim())),
          Duration.ofHours(Long.parseLong(parts[2].trim()))));
    }
  }

  Limits of(String category) {
    return limits.get(category);
  }

  java.util.Set<String> names() {
    return limits.keySet();
  }

  /** {@code RequestCategories}: what a phone's category picker is built from. */
  record Listed(java.util.List<Category> items) {
  }

  record Category(String name, long respondWithinHours, long resolveWithinHours, boolean onBoard) {
  }

  Listed listed(java.util.Set<String> boardHidden) {
    return new Listed(limits.entrySet().stream().map(e -> new Category(e.getKey(), e.getValue().respond().toHours(),
        e.getValue().resolve().toHours(), !boardHidden.contains(e.getKey()))).toList());
  }
}
