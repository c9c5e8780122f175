package cn.zhibu.volunteer;

import cn.zhibu.platform.Paper;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * The volunteer-service certificate (志愿服务证明) as a PNG for students' applications: the person, the year,
 * the approved total and each record. The total is also written into the PNG's text metadata
 * ({@code TotalHours}), so a machine can read it without OCR. Drawing blocks: call it off the event loop.
 */
final class Certificate {
  private static final String SAMPLE = "志愿服务证明";

  private Certificate() {
  }

  static byte[] png(String name, String number, int year, double totalHours, java.util.List<HourRecords.Own> records)
      throws IOException {
    int rows = Math.min(records.size(), 20);
    int width = 900;
    int height = 420 + rows * 32;
    Paper paper = Paper.framed(width, height).pen(Paper.RED, true, 40);
    Graphics2D g = paper.g;
    g.drawString(SAMPLE, width / 2 - 130, 100);
    paper.pen(Color.BLACK, false, 22);
    g.drawString("姓名：" + (name == null ? "" : name) + "    学号/工号：" + (number == null ? "" : number), 70, 170);
    g.drawString(year + " 年度经审核的志愿服务时长共计 " + totalHours + " 小时。", 70, 215);
    paper.pen(Color.BLACK, false, 18);
    for (int i = 0; i < rows; i++) {
      HourRecords.Own r = records.get(i);
      String what = r.activity() != null ? r.activity() : r.description();
      g.drawString(r.startedAt().substring(0, 10) + "  " + Paper.cut(what, 30) + "  " + r.hours() + " 小时",
          90, 270 + i * 32);
    }
    g.drawString("（本证明由系统根据已审核记录生成）", 70, height - 60);
    return write(paper.done(), totalHours);
  }

  private static byte[] write(BufferedImage image, double totalHours) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image),
        writer.getDefaultWriteParam());
    IIOMetadataNode entry = new IIOMetadataNode("tEXtEntry");
    entry.setAttribute("keyword", "TotalHours");
    entry.setAttribute("value", Double.toString(totalHours));
    IIOMetadataNode text = new IIOMetadataNode("tEXt");
    text.appendChild(entry);
    IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
    root.appendChild(text);
    metadata.mergeTree("javax_imageio_png_1.0", root);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.write(new IIOImage(image, null, metadata));
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }
}
