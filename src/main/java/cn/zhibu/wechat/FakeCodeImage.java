package cn.zhibu.wechat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.imageio.ImageIO;

/** The fake's stand-in for a mini-program code: a real PNG whose pattern depends on the scene. */
final class FakeCodeImage {
  private static final int CELLS = 16;
  private static final int CELL = 16;

  private FakeCodeImage() {
  }

  static byte[] png(String scene) throws IOException, NoSuchAlgorithmException {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(scene.getBytes(StandardCharsets.UTF_8));
    int size = CELLS * CELL;
    BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, size, size);
    g.setColor(new Color(0x1a, 0x1a, 0x1a));
    for (int i = 0; i < CELLS * CELLS; i++) {
      if ((digest[(i / 8) % digest.length] >> (i % 8) & 1) == 1) {
        g.fillRect((i % CELLS) * CELL, (i / CELLS) * CELL, CELL, CELL);
      }
    }
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }
}
