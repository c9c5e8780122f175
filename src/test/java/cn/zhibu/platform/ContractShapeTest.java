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
    Map<String, Object> spec = new Yaml(new SafeConstructor(new LoaderOptions()))
        .load(Files.readString(Path.of("api-spec/openapi.yaml")));
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

  private static void check(List<String> gaps, String method, String path, java.util.Set<String> declared, String status,
      boolean due) {
    if (due && !declared.contains(status)) {
      gaps.add(method.toUpperCase() + " " + path + " lacks " + status);
    }
  }
}
