package cn.zhibu.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What leaves an uploaded file, and what stays so it still shows right. */
public class MetadataTest {
  static final String SECRET = "GPS-31.2304N-121.4737E Zhang San iPhone";

  /** A phone's photo: JFIF, then an EXIF with the orientation and a GPS note, XMP, a comment, data after EOI. */
  public static byte[] phoneJpeg(int orientation) throws Exception {
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB), "jpg", plain);
    byte[] image = plain.toByteArray();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(image, 0, 2);
    byte[] secret = SECRET.getBytes(StandardCharsets.US_ASCII);
    // EXIF (little-endian TIFF): IFD0 with the orientation and an ASCII ImageDescription pointing at the secret.
    ByteArrayOutputStream tiff = new ByteArrayOutputStream();
    tiff.writeBytes(new byte[] {'I', 'I', 0x2A, 0, 8, 0, 0, 0, 2, 0});
    tiff.writeBytes(new byte[] {0x12, 0x01, 3, 0, 1, 0, 0, 0, (byte) orientation, 0, 0, 0});
    int at = 8 + 2 + 24 + 4;
    tiff.writeBytes(new byte[] {0x0E, 0x01, 2, 0, (byte) secret.length, 0, 0, 0, (byte) at, 0, 0, 0});
    tiff.writeBytes(new byte[] {0, 0, 0, 0});
    tiff.writeBytes(secret);
    segment(out, 0xE1, concat("Exif\0\0".getBytes(StandardCharsets.US_ASCII), tiff.toByteArray()));
    segment(out, 0xE1, ("http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>" + SECRET + "</x:xmpmeta>").getBytes(StandardCharsets.UTF_8));
    segment(out, 0xFE, SECRET.getBytes(StandardCharsets.US_ASCII));
    out.write(image, 2, image.length - 2);
    out.writeBytes(("trailer " + SECRET).getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  public static byte[] pngWithText() throws Exception {
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB), "png", plain);
    byte[] png = plain.toByteArray();
    byte[] text = ("Author\0" + SECRET).getBytes(StandardCharsets.ISO_8859_1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(png, 0, 33); // signature and IHDR
    out.writeBytes(new byte[] {0, 0, 0, (byte) text.length, 't', 'E', 'X', 't'});
    out.writeBytes(text);
    out.writeBytes(new byte[] {0, 0, 0, 0}); // the CRC is not checked by readers of text chunks that matter here
    out.write(png, 33, png.length - 33);
    return out.toByteArray();
  }

  public static byte[] pdfWithAuthor() throws Exception {
    try (PDDocument doc = new PDDocument()) {
      doc.addPage(new PDPage());
      doc.getDocumentInformation().setAuthor(SECRET);
      doc.getDocumentInformation().setCreator(SECRET);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.save(out);
      return out.toByteArray();
    }
  }

  private static void segment(ByteArrayOutputStream out, int marker, byte[] body) {
    out.write(0xFF);
    out.write(marker);
    out.write((body.length + 2) >> 8);
    out.write((body.length + 2) & 0xFF);
    out.writeBytes(body);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = new byte[a.length + b.length];
    System.arraycopy(a, 0, c, 0, a.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  public static boolean contains(byte[] haystack, String needle) {
    return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
  }

  /** The orientation in the first EXIF of a JPEG, or 0 (read the way viewers read it). */
  public static int orientation(byte[] jpeg) {
    String text = new String(jpeg, StandardCharsets.ISO_8859_1);
    int exif = text.indexOf("Exif\0\0");
    if (exif < 0) {
      return 0;
    }
    int tiff = exif + 6;
    boolean little = jpeg[tiff] == 'I';
    int ifd = tiff + (little ? (jpeg[tiff + 4] & 0xFF) : (jpeg[tiff + 7] & 0xFF));
    int entries = little ? (jpeg[ifd] & 0xFF) : (jpeg[ifd + 1] & 0xFF);
    for (int e = 0; e < entries; e++) {
      int entry = ifd + 2 + 12 * e;
      int tag = little ? ((jpeg[entry] & 0xFF) | (jpeg[entry + 1] & 0xFF) << 8) : ((jpeg[entry] & 0xFF) << 8 | (jpeg[entry + 1] & 0xFF));
      if (tag == 0x0112) {
        return little ? (jpeg[entry + 8] & 0xFF) : (jpeg[entry + 9] & 0xFF);
      }
    }
    return 0;
  }

  @Test
  @DisplayName("a phone's JPEG loses its EXIF, XMP, comment and trailing data, keeps its orientation alone, and still decodes")
  void jpeg() throws Exception {
    byte[] photo = phoneJpeg(6);
    assertEquals(6, orientation(photo));
    byte[] kept = Metadata.strip(FileTypes.JPEG, photo);
    assertFalse(contains(kept, "Zhang San"), "no trace of the secret");
    assertFalse(contains(kept, "xmpmeta"));
    assertEquals(6, orientation(kept), "a portrait photo stays upright");
    assertNotNull(ImageIO.read(new java.io.ByteArrayInputStream(kept)));
    byte[] upright = Metadata.strip(FileTypes.JPEG, phoneJpeg(1));
    assertEquals(0, orientation(upright), "orientation 1 needs no EXIF at all");
  }

  @Test
  @DisplayName("a PNG keeps only what draws it; a PDF loses its author and creator; a broken file is refused, not kept")
  void pngPdfAndBroken() throws Exception {
    byte[] png = Metadata.strip(FileTypes.PNG, pngWithText());
    assertFalse(contains(png, "Zhang San"));
    assertNotNull(ImageIO.read(new java.io.ByteArrayInputStream(png)));
    byte[] pdf = Metadata.strip(FileTypes.PDF, pdfWithAuthor());
    assertFalse(contains(pdf, "Zhang San"));
    try (PDDocument doc = Loader.loadPDF(pdf)) {
      assertNull(doc.getDocumentInformation().getAuthor());
      assertEquals(1, doc.getNumberOfPages());
    }
    assertThrows(Metadata.Unreadable.class, () -> Metadata.strip(FileTypes.JPEG, new byte[] {(byte) 0xFF, (byte) 0xD8,
        (byte) 0xFF, 0x11, 0x11, 0x11}));
    assertThrows(Metadata.Unreadable.class, () -> Metadata.strip(FileTypes.PDF, "%PDF-1.4 broken".getBytes()));
  }
}
