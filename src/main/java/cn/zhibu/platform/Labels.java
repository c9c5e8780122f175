package cn.zhibu.platform;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The words people read for the contract's codes (meeting types, request states and actions, stages, roles), from
 * {@code api-spec/labels.json}: one file that the server (spreadsheets, {@code GET /labels}), the console (imported
 * at build) and the mini-program (generated into {@code api/labels.ts} with its types) all read, so they cannot drift.
 */
public final class Labels {
  public static final String RESOURCE = "api-spec/labels.json";
  private static final JsonObject ALL = load();

  private Labels() {
  }

  /** The whole file, for {@code GET /labels}. */
  public static JsonObject all() {
    return ALL.copy();
  }

  /** One table, code to words, in the file's order. */
  public static Map<String, String> of(String table) {
    Map<String, String> map = new LinkedHashMap<>();
    ALL.getJsonObject(table).forEach(e -> map.put(e.getKey(), (String) e.getValue()));
    return java.util.Collections.unmodifiableMap(map);
  }

  private static JsonObject load() {
    try (InputStream in = Labels.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath");
      }
      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + RESOURCE, e);
    }
  }
}
