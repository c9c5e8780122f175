package cn.zhibu.notice;

import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Notice bodies are plain text or a small subset of Markdown. Rendering escapes any HTML in the source and
 * drops unsafe link targets (javascript: and the like), so no script can get through to the web console.
 */
final class NoticeBody {
  private static final Parser PARSER = Parser.builder().build();
  private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();

  private NoticeBody() {
  }

  static String html(String markdown) {
    return RENDERER.render(PARSER.parse(markdown));
  }
}
