package cn.zhibu.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The server names mini-program pages (pushes open them, mini-program codes are made for them, and WeChat refuses
 * a code for a page the published mini-program lacks): every page the server's code names is one of app.json's.
 */
class MiniProgramPagesTest {

  @Test
  @DisplayName("every page the server opens or draws a code for exists in the mini-program")
  void pagesExist() throws IOException {
    List<String> pages = new JsonObject(Files.readString(Path.of("src/miniprogram/miniprogram/app.json")))
        .getJsonArray("pages").getList();
    Pattern named = Pattern.compile("\"(pages/[a-z/]+)");
    List<String> missing = new ArrayList<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher m = named.matcher(Files.readString(file));
        while (m.find()) {
          if (!pages.contains(m.group(1))) {
            missing.add(file.getFileName() + ": " + m.group(1));
          }
        }
      }
    }
    assertEquals(List.of(), missing);
  }
}
