package cn.zhibu.transfer;

import cn.zhibu.platform.Paper;
import java.awt.Color;
import java.awt.Graphics2D;
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
    Paper paper = Paper.framed(900, 640).pen(Paper.RED, true, 34);
    Graphics2D g = paper.g;
    g.drawString("中国共产党党员组织关系介绍信", 190, 95);
    paper.pen(Color.BLACK, false, 20);
    g.drawString("编号：" + number, 70, 150);
    g.drawString(to + "：", 70, 210);
    g.drawString("兹介绍 " + name + " 同志的党员组织关系由 " + from + " 转去你处，", 110, 260);
    g.drawString("请接洽。转出原因：" + Paper.cut(reason, 30), 110, 300);
    if (address != null && !address.isBlank()) {
      g.drawString("接收单位地址：" + Paper.cut(address, 32), 110, 340);
    }
    g.drawString(from + "（盖章）", 520, 470);
    g.drawString(date.getYear() + " 年 " + date.getMonthValue() + " 月 " + date.getDayOfMonth() + " 日", 560, 510);
    paper.pen(Color.BLACK, false, 14);
    g.drawString("由“支部”系统生成；接收方可凭编号向转出党组织核实。", 70, 590);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(paper.done(), "png", out);
    return out.toByteArray();
  }
}
