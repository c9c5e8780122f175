package cn.zhibu.support;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Holds every answer the test suite receives to {@code api-spec/openapi.yaml}: the status must be declared for
 * the operation, the content type must be one it declares for that status, and a JSON body must match the
 * declared schema. Schemas are read closed (a field the contract does not name is a drift, as a generated
 * client would drop or choke on it), so the contract cannot fall behind the server without a test failing.
 * Read from the file in the working tree, independently of the server's own router.
 */
public final class ContractCheck {
  private static final String BASE = "/api/v1";
  private static final String DOCUMENT = "app:///openapi.json";
  private static volatile ContractCheck instance;

  private record Op(String method, String template, Pattern pattern, int params, JsonObject responses,
      String pointer) {
  }

  private final List<Op> operations = new ArrayList<>();
  private final JsonObject document;
  /** The document before the schema repository marked it up (it adds its own keys to every object). */
  private final JsonObject pristine;
  private final SchemaRepository repository;
  private final Map<String, Validator> validators = new ConcurrentHashMap<>();

  private ContractCheck(JsonObject document) {
    this.document = document;
    close(document.getJsonObject("components").getJsonObject("schemas"));
    JsonObject paths = document.getJsonObject("paths");
    for (String template : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(template);
      close(item);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject op && op.containsKey("responses")) {
          String regex = "^" + Pattern.quote(template).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q") + "$";
          int params = template.split("\\{", -1).length - 1;
          operations.add(new Op(method.toUpperCase(), template, Pattern.compile(regex), params,
              op.getJsonObject("responses"), "/paths/" + escape(template) + "/" + method + "/responses"));
        }
      }
    }
    // Where a literal path and a templated one both match (/requests/board and /requests/{id}), the literal wins.
    operations.sort(Comparator.comparingInt(Op::params));
    pristine = document.copy();
    repository = SchemaRepository.create(new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
        .setBaseUri("app:///").setOutputFormat(OutputFormat.Basic));
    repository.dereference(DOCUMENT, JsonSchema.of(document));
  }

  public static ContractCheck get() {
    if (instance == null) {
      synchronized (ContractCheck.class) {
        if (instance == null) {
          try {
            Object tree = new Yaml(new SafeConstructor(new LoaderOptions()))
                .load(Files.readString(Path.of("api-spec/openapi.yaml")));
            instance = new ContractCheck(new JsonObject(Json.encode(tree)));
          } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    return instance;
  }

  /**
   * What is wrong with this answer by the contract, or an empty list. Calls outside the API, or to a path and
   * method the contract does not have (the router's own 404/405), are not the contract's business.
   */
  public List<String> violations(String method, String target, int status, String contentType, byte[] body) {
    String path = target.replaceFirst("[?#].*$", "");
    if (!path.startsWith(BASE + "/")) {
      return List.of();
    }
    String relative = path.substring(BASE.length());
    Op op = operations.stream().filter(o -> o.method.equals(method) && o.pattern.matcher(relative).matches())
        .findFirst().orElse(null);
    if (op == null) {
      return List.of();
    }
    String where = method + " " + op.template + " → " + status + ": ";
    String key = String.valueOf(status);
    if (!op.responses.containsKey(key)) {
      key = op.responses.containsKey(status / 100 + "XX") ? status / 100 + "XX" : "default";
    }
    if (!op.responses.containsKey(key)) {
      return List.of(where + "status not declared (declared: " + declared(op.responses) + ")");
    }
    String pointer = op.pointer + "/" + key;
    JsonObject response = op.responses.getJsonObject(key);
    if (response.containsKey("$ref")) {
      pointer = response.getString("$ref").substring(1);
      response = resolve(response.getString("$ref"));
    }
    JsonObject content = response.getJsonObject("content");
    String media = contentType == null ? "" : contentType.replaceFirst(";.*$", "").trim().toLowerCase();
    if (content == null || content.isEmpty()) {
      return body.length == 0 ? List.of() : List.of(where + "a body (" + media + ") where none is declared");
    }
    if (!content.containsKey(media)) {
      return List.of(where + "content type '" + media + "' not declared (declared: " + content.fieldNames() + ")");
    }
    if (!media.endsWith("json") || content.getJsonObject(media).getValue("schema") == null) {
      return List.of();
    }
    Object value;
    try {
      value = Json.decodeValue(new String(body, java.nio.charset.StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      return List.of(where + "body is not JSON");
    }
    String schema = DOCUMENT + "#" + pointer + "/content/" + escape(media) + "/schema";
    OutputUnit result = validators.computeIfAbsent(schema, repository::validator).validate(value);
    if (Boolean.TRUE.equals(result.getValid())) {
      return List.of();
    }
    List<String> problems = new ArrayList<>();
    List<OutputUnit> errors = result.getErrors() == null ? List.of(result) : result.getErrors();
    for (OutputUnit error : errors) {
      problems.add(where + error.getInstanceLocation() + ": " + error.getError() + " (" + error.getKeywordLocation() + ")");
    }
    return problems;
  }

  /** Every schema-level example of components.schemas, held to its (closed) schema as answers are. */
  public List<String> exampleViolations() {
    List<String> problems = new ArrayList<>();
    JsonObject schemas = pristine.getJsonObject("components").getJsonObject("schemas");
    for (String name : schemas.fieldNames()) {
      if (!(schemas.getValue(name) instanceof JsonObject schema) || !schema.containsKey("example")) {
        continue;
      }
      OutputUnit result = validators.computeIfAbsent(DOCUMENT + "#/components/schemas/" + name, repository::validator)
          .validate(schema.getValue("example"));
      if (!Boolean.TRUE.equals(result.getValid())) {
        (result.getErrors() == null ? List.of(result) : result.getErrors()).forEach(error -> problems.add(
            name + " example " + error.getInstanceLocation() + ": " + error.getError()));
      }
    }
    return problems;
  }

  private static List<String> declared(JsonObject responses) {
    return responses.fieldNames().stream().filter(k -> !k.startsWith("__")).sorted().toList();
  }

  private JsonObject resolve(String ref) {
    JsonObject node = document;
    for (String part : ref.substring(2).split("/")) {
      node = node.getJsonObject(part.replace("~1", "/").replace("~0", "~"));
    }
    return node;
  }

  private static String escape(String segment) {
    return segment.replace("~", "~0").replace("/", "~1");
  }

  /**
   * Marks every object schema that lists its properties as closed (additionalProperties: false) unless it says
   * otherwise. Examples are data, not schemas, and are left alone.
   */
  private static void close(Object node) {
    if (node instanceof JsonObject object) {
      if (object.getValue("properties") instanceof JsonObject && !object.containsKey("additionalProperties")) {
        object.put("additionalProperties", false);
      }
      for (String field : object.fieldNames()) {
        if (!field.equals("example") && !field.equals("examples")) {
          close(object.getValue(field));
        }
      }
    } else if (node instanceof JsonArray array) {
      array.forEach(ContractCheck::close);
    }
  }
}
