package cn.zhibu.transfer;

import cn.zhibu.platform.ChineseFont;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.LocalDate;
import javax.imageio.ImageIO;

/**
 * 中国共产党党员组织关系介绍信, as a PNG to print or send: who, from which branch, to which organisation, why,
 * and the transfer's number, which the receiving side can quote back. Drawing blocks: call it off the event loop.
 */
final class Letter {
  private Letter() {
  }

  static byte[] png(String number, String name, String from, String to, String address, String reason, LocalDate date)
      throws IOException {
    int width = 900;
    int height = 640;
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.setColor(new Color(0xB2, 0x22, 0x22));
    g.drawRect(20, 20, width - 40, height - 40);
    g.setFont(new Font(ChineseFont.FAMILY, Font.BOLD, 34));
    g.drawString("中国共产党党员组织关系介绍信", 190, 95);
    g.setColor(Color.BLACK);
    g.setFont(new Font(ChineseFont.FAMILY, Font.PLAIN, 20));
    g.drawString("编号：" + number, 70, 150);
    g.drawString(to + "：", 70, 210);
    g.drawString("兹介绍 " + name + " 同志的党员组织关系由 " + from + " 转去你处，", 110, 260);
    g.drawString("请接洽。转出原因：" + cut(reason, 30), 110, 300);
    if (address != null && !address.isBlank()) {
      g.drawString("接收单位地址：" + cut(address, 32), 110, 340);
    }
    g.drawString(from + "（盖章）", 520, 470);
    g.drawString(date.getYear() + " 年 " + date.getMonthValue() + " 月 " + date.getDayOfMonth() + " 日", 560, 510);
    g.setFont(new Font(ChineseFont.FAMILY, Font.PLAIN, 14));
    g.drawString("由“支部”系统生成；接收方可凭编号向转出党组织核实。", 70, 590);
    g.dispose();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  private static String cut(String text, int max) {
    return text == null ? "" : text.length() <= max ? text : text.substring(0, max) + "…";
  }
}
