package cn.zhibu.security;

import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.zhibu.support.Api;
import cn.zhibu.support.School;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A contract fuzzer: for every operation in api-spec/openapi.yaml, random and boundary inputs generated from
 * its parameters and body schema, sent as a school admin. Whatever comes in, the answer is never a 5xx
 * (except 501 for operations not built yet), and every error is problem+json.
 */
class ContractFuzzTest {
  private static final int CASES_PER_OPERATION = 12;
  private static final Set<String> SKIPPED = Set.of("logout", "refresh", "rebuildLeaderboards");
  private final Random random = new Random(20261124L);
  private JsonObject spec;
  private List<String> knownIds;

  @Test
  @DisplayName("random and boundary inputs to every operation never produce a 5xx or a non-problem error")
  void fuzz() throws Exception {
    Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(Path.of("api-spec/openapi.yaml")));
    spec = new JsonObject(Json.encode(tree));
    School school = School.create();
    Api.Session admin = school.rootAdmin;
    knownIds = List.of(school.rootId, school.collegeId, school.branchA, admin.id(), UUID.randomUUID().toString());
    List<String> failures = new ArrayList<>();
    int sent = 0;
    java.util.Map<Integer, Integer> statuses = new java.util.TreeMap<>();
    JsonObject paths = spec.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (!(item.getValue(method) instanceof JsonObject op) || SKIPPED.contains(op.getString("operationId"))) {
          continue;
        }
        List<JsonObject> params = new ArrayList<>();
        item.getJsonArray("parameters", new JsonArray()).forEach(p -> params.add(resolve((JsonObject) p)));
        op.getJsonArray("parameters", new JsonArray()).forEach(p -> params.add(resolve((JsonObject) p)));
        for (int i = 0; i < CASES_PER_OPERATION; i++) {
          String url = url(path, params);
          Api.Res res = send(method, url, op, admin.accessToken());
          sent++;
          statuses.merge(res.status(), 1, Integer::sum);
          boolean notBuilt = res.status() == 501 && res.body().contains("not_implemented");
          if ((res.status() >= 500 && !notBuilt)
              || (res.status() >= 400 && !"application/problem+json".equals(res.contentType()))) {
            failures.add(method.toUpperCase() + " " + url + " -> " + res.status() + " " + res.body());
          }
        }
      }
    }
    assertTrue(sent > 500, "sent " + sent);
    System.out.println("contract fuzzer: " + sent + " requests, statuses " + statuses);
    assertTrue(statuses.entrySet().stream().filter(e -> e.getKey() < 300).mapToInt(Map.Entry::getValue).sum() > 50,
        () -> "too few inputs got past validation to exercise the handlers: " + statuses);
    assertTrue(failures.isEmpty(), () -> failures.size() + " bad answers, e.g.\n" + String.join("\n",
        failures.subList(0, Math.min(10, failures.size()))));
  }

  private Api.Res send(String method, String url, JsonObject op, String token) {
    JsonObject content = op.getJsonObject("requestBody", new JsonObject()).getJsonObject("content", new JsonObject());
    return switch (method) {
      case "get" -> Api.get(url, token);
      case "put" -> Api.put(url, body(content), token);
      case "delete" -> Api.postRaw(url, new byte[0], "application/json", token);
      default -> {
        if (content.containsKey("application/octet-stream") && random.nextInt(3) == 0) {
          byte[] bytes = new byte[random.nextInt(200)];
          random.nextBytes(bytes);
          yield Api.postRaw(url, bytes, "application/octet-stream", token);
        }
        yield Api.post(url, content.isEmpty() ? null : body(content), token);
      }
    };
  }

  private Object body(JsonObject content) {
    JsonObject json = content.getJsonObject("application/json");
    if (json == null) {
      return "{}";
    }
    return switch (random.nextInt(10)) {
      case 0 -> "{\"broken\": ";
      case 1 -> "[]";
      default -> {
        Object value = value(resolve(json.getJsonObject("schema", new JsonObject())), 0);
        yield value instanceof JsonObject || value instanceof JsonArray ? value : Json.encode(value);
      }
    };
  }

  private String url(String template, List<JsonObject> params) {
    String url = "/api/v1" + template;
    StringBuilder query = new StringBuilder();
    for (JsonObject p : params) {
      Object v = value(resolve(p.getJsonObject("schema", new JsonObject())), 0);
      String text = v == null ? "" : v instanceof String s ? s : Json.encode(v);
      if ("path".equals(p.getString("in"))) {
        url = url.replace("{" + p.getString("name") + "}", URLEncoder.encode(text.isEmpty() ? "x" : text, StandardCharsets.UTF_8));
      } else if ("query".equals(p.getString("in")) && (p.getBoolean("required", false) || random.nextBoolean())) {
        query.append(query.isEmpty() ? "?" : "&").append(p.getString("name")).append('=')
            .append(URLEncoder.encode(text, StandardCharsets.UTF_8));
      }
    }
    return url + query;
  }

  /** A value for a schema: usually valid, often at a boundary, sometimes wrong. */
  private Object value(JsonObject schema, int depth) {
    schema = resolve(schema);
    if (schema.containsKey("allOf")) {
      JsonObject merged = new JsonObject();
      schema.getJsonArray("allOf").forEach(s -> merged.mergeIn(resolve((JsonObject) s), true));
      return value(merged, depth);
    }
    if (random.nextInt(12) == 0 || depth > 4) {
      return List.of("", -1, 1e12, true, "∑𝄞'\";--", new JsonObject()).get(random.nextInt(6));
    }
    if (schema.containsKey("enum")) {
      JsonArray options = schema.getJsonArray("enum");
      return random.nextInt(8) == 0 ? "not-in-enum" : options.getValue(random.nextInt(options.size()));
    }
    Object type = schema.getValue("type");
    String t = type instanceof JsonArray a ? a.getString(0) : type == null ? "object" : type.toString();
    return switch (t) {
      case "string" -> string(schema);
      case "integer" -> number(schema, true);
      case "number" -> number(schema, false);
      case "boolean" -> random.nextBoolean();
      case "array" -> {
        JsonArray array = new JsonArray();
        int n = random.nextInt(4) == 0 ? schema.getInteger("maxItems", 5) + 1 : random.nextInt(4);
        for (int i = 0; i < Math.min(n, 60); i++) {
          array.add(value(schema.getJsonObject("items", new JsonObject()), depth + 1));
        }
        yield array;
      }
      default -> {
        JsonObject object = new JsonObject();
        JsonObject props = schema.getJsonObject("properties", new JsonObject());
        List<Object> required = schema.getJsonArray("required", new JsonArray()).getList();
        for (String name : props.fieldNames()) {
          if (required.contains(name) ? random.nextInt(10) != 0 : random.nextBoolean()) {
            object.put(name, value(props.getJsonObject(name), depth + 1));
          }
        }
        if (random.nextInt(10) == 0) {
          object.put("unexpected", "field");
        }
        yield object;
      }
    };
  }

  private Object string(JsonObject schema) {
    String format = schema.getString("format", "");
    int max = schema.getInteger("maxLength", 64);
    return switch (random.nextInt(6)) {
      case 0 -> "";
      case 1 -> "字".repeat(Math.min(max + 1, 6000));
      case 2 -> "'; DROP TABLE orgs; -- <script>alert(1)</script>";
      default -> switch (format) {
        case "uuid" -> knownIds.get(random.nextInt(knownIds.size()));
        case "date-time" -> Instant.now().plusSeconds(random.nextInt(200_000) - 100_000).toString();
        case "uri" -> "https://media.example.cn/" + random.nextInt(1000);
        default -> schema.containsKey("pattern") && schema.getString("pattern").contains("[a-z0-9]{16}")
            ? "abcdefghijkmnpqr" : "值" + random.nextInt(1000);
      };
    };
  }

  private Object number(JsonObject schema, boolean integer) {
    double min = schema.getDouble("minimum", -5.0);
    double max = schema.getDouble("maximum", 1000.0);
    double v = switch (random.nextInt(5)) {
      case 0 -> min;
      case 1 -> max;
      case 2 -> min - 1;
      case 3 -> max + 1;
      default -> min + random.nextDouble() * (max - min);
    };
    return integer ? (Object) (long) Math.floor(v) : (Object) v;
  }

  private JsonObject resolve(JsonObject node) {
    String ref = node.getString("$ref");
    if (ref == null) {
      return node;
    }
    JsonObject target = spec;
    for (String part : ref.substring(2).split("/")) {
      target = target.getJsonObject(part);
    }
    return resolve(target);
  }

}
