package cn.zhibu.platform;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * The page zhibu's documents are drawn on (the transfer letter, the volunteer certificate): white, a red frame,
 * antialiased Chinese text. CPU work: draw it off the event loop.
 */
public final class Paper {
  /** The red of the frame and the titles. */
  public static final Color RED = new Color(0xB2, 0x22, 0x22);

  public final BufferedImage image;
  public final Graphics2D g;

  private Paper(int width, int height) {
    image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(RED);
    g.drawRect(20, 20, width - 40, height - 40);
  }

  /** A blank framed page; the pen is red, for the title. */
  public static Paper framed(int width, int height) {
    return new Paper(width, height);
  }

  /** Switches to the Chinese font at {@code size} (bold or plain) and the given colour. */
  public Paper pen(Color color, boolean bold, int size) {
    g.setColor(color);
    g.setFont(new Font(ChineseFont.FAMILY, bold ? Font.BOLD : Font.PLAIN, size));
    return this;
  }

  /** Text that must fit a line: at most {@code max} characters, the last an ellipsis when cut; null as empty. */
  public static String cut(String text, int max) {
    return text == null ? "" : text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  /** Finishes drawing; the image is then ready to encode. */
  public BufferedImage done() {
    g.dispose();
    return image;
  }
}
