package cn.zhibu.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The contract declares the shared answers every operation can give, so generated clients expect them. */
class ContractShapeTest {

  @Test
  @DisplayName("every operation declares 503; secured ones 401; ones with input 400; ones with a path id 404")
  @SuppressWarnings("unchecked")
  void sharedResponses() throws Exception {
    Map<String, Object> spec = contract();
    List<String> gaps = new ArrayList<>();
    Map<String, Object> paths = (Map<String, Object>) spec.get("paths");
    paths.forEach((path, itemObject) -> {
      Map<String, Object> item = (Map<String, Object>) itemObject;
      for (String method : List.of("get", "post", "put", "patch", "delete")) {
        Map<String, Object> op = (Map<String, Object>) item.get(method);
        if (op == null) {
          continue;
        }
        Map<Object, Object> responses = (Map<Object, Object>) op.get("responses");
        java.util.Set<String> declared = new java.util.HashSet<>();
        responses.keySet().forEach(k -> declared.add(String.valueOf(k)));
        List<?> security = (List<?>) op.get("security");
        boolean secured = security == null || !(security.isEmpty() || security.equals(List.of(Map.of())));
        boolean input = item.get("parameters") != null || op.get("parameters") != null || op.get("requestBody") != null;
        check(gaps, method, path, declared, "503", true);
        check(gaps, method, path, declared, "401", secured);
        check(gaps, method, path, declared, "400", input);
        check(gaps, method, path, declared, "404", path.contains("{"));
      }
    });
    assertEquals(List.of(), gaps);
  }

  @Test
  @DisplayName("no schema is a bare object or an allOf: every object lists its fields (or says it is a map)")
  @SuppressWarnings("unchecked")
  void schemasSayWhatTheyHold() throws Exception {
    List<String> vague = new ArrayList<>();
    walk(contract(), "#", vague);
    assertEquals(List.of(), vague);
  }

  @Test
  @DisplayName("the examples the docs show are answers the contract accepts")
  void examplesMatchTheirSchemas() {
    assertEquals(List.of(), cn.zhibu.support.ContractCheck.get().exampleViolations());
  }

  private static Map<String, Object> contract() throws java.io.IOException {
    return new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(Path.of("api-spec/openapi.yaml")));
  }

  @SuppressWarnings("unchecked")
  private static void walk(Object node, String where, List<String> vague) {
    if (node instanceof Map<?, ?> map) {
      if ("object".equals(map.get("type")) && !map.containsKey("properties") && !map.containsKey("additionalProperties")) {
        vague.add(where + " is a bare object");
      }
      if (map.containsKey("allOf")) {
        vague.add(where + " uses allOf (generated clients lose nullability through it)");
      }
      ((Map<String, Object>) map).forEach((key, value) -> {
        if (!"example".equals(key) && !"examples".equals(key)) {
          walk(value, where + "/" + key, vague);
        }
      });
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        walk(list.get(i), where + "/" + i, vague);
      }
    }
  }

  private static void check(List<String> gaps, String method, String path, java.util.Set<String> declared, String status,
      boolean due) {
    if (due && !declared.contains(status)) {
      gaps.add(method.toUpperCase() + " " + path + " lacks " + status);
    }
  }
}
