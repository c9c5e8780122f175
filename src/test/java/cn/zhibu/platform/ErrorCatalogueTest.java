package cn.zhibu.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The contract's error-code catalogue and the codes the server can answer are the same set. */
class ErrorCatalogueTest {
  /** Every way the code builds a problem with a literal code. */
  private static final Pattern THROWN = Pattern.compile(
      "(?:badRequest|unauthorized|conflict|unprocessable|tooManyRequests|unavailable|RateLimited)\\(\\s*\"([a-z_.]+)\""
          + "|(?:ApiException|super)\\(\\s*\\d+,\\s*\"([a-z_.]+)\"");

  @SuppressWarnings("unchecked")
  private static TreeSet<String> catalogue() throws Exception {
    Map<String, Object> spec = new Yaml(new SafeConstructor(new LoaderOptions()))
        .load(Files.readString(Path.of("api-spec/openapi.yaml")));
    Map<String, Object> schemas = (Map<String, Object>) ((Map<String, Object>) spec.get("components")).get("schemas");
    return new TreeSet<>((List<String>) ((Map<String, Object>) schemas.get("ErrorCode")).get("enum"));
  }

  private static TreeSet<String> thrown() throws Exception {
    TreeSet<String> codes = new TreeSet<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher m = THROWN.matcher(Files.readString(file));
        while (m.find()) {
          codes.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
      }
    }
    return codes;
  }

  @Test
  @DisplayName("every error code the server throws is in the contract's ErrorCode catalogue, and nothing else is")
  void catalogueMatchesTheCode() throws Exception {
    TreeSet<String> thrown = thrown();
    TreeSet<String> declared = catalogue();
    TreeSet<String> undeclared = new TreeSet<>(thrown);
    undeclared.removeAll(declared);
    TreeSet<String> stale = new TreeSet<>(declared);
    stale.removeAll(thrown);
    assertEquals(new TreeSet<String>(), undeclared, "thrown but missing from components.schemas.ErrorCode");
    assertEquals(new TreeSet<String>(), stale, "in the catalogue but thrown nowhere");
  }

  @Test
  @DisplayName("every code in the catalogue has a Chinese sentence for the person who meets it")
  void everyCodeSpeaksChinese() throws Exception {
    TreeSet<String> untranslated = catalogue();
    untranslated.removeAll(Messages.ZH.keySet());
    assertEquals(new TreeSet<String>(), untranslated);
    TreeSet<String> stale = new TreeSet<>(Messages.ZH.keySet());
    stale.removeAll(catalogue());
    assertEquals(new TreeSet<String>(), stale, "translations of codes that no longer exist");
  }
}
