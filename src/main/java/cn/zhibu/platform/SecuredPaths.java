package cn.zhibu.platform;

import io.vertx.core.http.HttpMethod;
import io.vertx.openapi.contract.OpenAPIContract;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which operation of the contract a request path names, and whether the contract secures it, found by
 * comparing path segments (a template's {@code {param}} takes any one non-empty segment; the request path may
 * carry a prefix such as {@code /api/v1}). Where a literal path and a templated one both match
 * ({@code /requests/board} and {@code /requests/{id}}), the one with fewer parameters decides. Every request
 * passes here, so the operations are grouped by method and segment count once, and no regular expression runs.
 */
final class SecuredPaths {
  private record Template(String[] segments, int params, boolean secured) {
    /** Whether the path's last segments are this template's; {@code slashes} start the path's segments. */
    boolean matches(String path, int[] slashes) {
      int offset = slashes.length - segments.length;
      for (int i = 0; i < segments.length; i++) {
        int start = slashes[offset + i] + 1;
        int end = offset + i + 1 < slashes.length ? slashes[offset + i + 1] : path.length();
        String segment = segments[i];
        boolean ok = segment == null ? end > start
            : end - start == segment.length() && path.regionMatches(start, segment, 0, segment.length());
        if (!ok) {
          return false;
        }
      }
      return true;
    }
  }

  private final Map<HttpMethod, Map<Integer, List<Template>>> byMethod = new HashMap<>();
  private int longest;

  /** A template is the contract's path, e.g. {@code /events/{id}/checkins}. */
  void add(HttpMethod method, String template, boolean secured) {
    String[] parts = segments(template);
    int params = 0;
    for (int i = 0; i < parts.length; i++) {
      if (parts[i].startsWith("{") && parts[i].endsWith("}")) {
        parts[i] = null;
        params++;
      }
    }
    longest = Math.max(longest, parts.length);
    byMethod.computeIfAbsent(method, m -> new HashMap<>())
        .computeIfAbsent(parts.length, n -> new ArrayList<>())
        .add(new Template(parts, params, secured));
  }

  static SecuredPaths of(OpenAPIContract contract) {
    SecuredPaths paths = new SecuredPaths();
    for (var path : contract.getPaths()) {
      for (var op : path.getOperations()) {
        var requirements = op.getSecurityRequirements();
        paths.add(op.getHttpMethod(), path.getName(),
            !requirements.isEmpty() && requirements.stream().noneMatch(r -> r.isEmpty()));
      }
    }
    return paths;
  }

  /** Whether the operation the request names is secured; false when it names none (the router answers that). */
  boolean secured(HttpMethod method, String path) {
    Map<Integer, List<Template>> bySize = byMethod.get(method);
    if (bySize == null) {
      return false;
    }
    int[] slashes = slashes(path);
    Template best = null;
    // The template may match the path's last n segments, for every n up to the whole path.
    for (int n = 1; n <= Math.min(slashes.length, longest); n++) {
      for (Template template : bySize.getOrDefault(n, List.of())) {
        if ((best == null || template.params() < best.params()) && template.matches(path, slashes)) {
          best = template;
        }
      }
    }
    return best != null && best.secured();
  }

  /** Where each segment of the path begins: the positions of its slashes (-1 first if it has no leading one). */
  private static int[] slashes(String path) {
    int lead = path.startsWith("/") ? 0 : 1;
    int count = lead;
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '/') {
        count++;
      }
    }
    int[] slashes = new int[count];
    int k = 0;
    if (lead == 1) {
      slashes[k++] = -1;
    }
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '/') {
        slashes[k++] = i;
      }
    }
    return slashes;
  }

  private static String[] segments(String path) {
    String trimmed = path.startsWith("/") ? path.substring(1) : path;
    return trimmed.split("/", -1);
  }
}
