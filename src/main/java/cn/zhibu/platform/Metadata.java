package cn.zhibu.platform;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;

/**
 * Takes out of an uploaded file what says where, when, with what and by whom it was made: a phone's JPEG
 * carries GPS position, time, device and sometimes the owner's name (EXIF, XMP, IPTC, comments, data after the
 * image); a PNG its text chunks; a PDF its author and XMP. What the picture needs to show right is kept: JFIF,
 * the colour profile, Adobe's colour transform, and the EXIF orientation alone (in a new, minimal EXIF), so a
 * portrait photo stays upright. A file that cannot be walked is refused rather than kept with its metadata.
 */
public final class Metadata {
  private static final Set<String> PNG_KEPT = Set.of("IHDR", "PLTE", "IDAT", "IEND", "tRNS", "gAMA", "cHRM", "sRGB",
      "iCCP", "sBIT", "pHYs", "bKGD");

  private Metadata() {
  }

  /** The file can't be walked as the type its bytes claim. */
  public static final class Unreadable extends Exception {
    Unreadable(String why) {
      super(why);
    }
  }

  /** The file without its metadata, worked out on a worker thread (PDFs take a while); fails with Unreadable. */
  public static Future<Buffer> stripped(Vertx vertx, String type, Buffer bytes) {
    return vertx.executeBlocking(() -> Buffer.buffer(strip(type, bytes.getBytes())), false);
  }

  static byte[] strip(String type, byte[] in) throws Unreadable {
    return switch (type) {
      case FileTypes.JPEG -> jpeg(in);
      case FileTypes.PNG -> png(in);
      case FileTypes.PDF -> pdf(in);
      default -> throw new Unreadable("type " + type);
    };
  }

  static byte[] jpeg(byte[] in) throws Unreadable {
    if (in.length < 4 || u8(in, 0) != 0xFF || u8(in, 1) != 0xD8) {
      throw new Unreadable("no SOI");
    }
    ByteArrayOutputStream kept = new ByteArrayOutputStream(in.length);
    int orientation = 0;
    int i = 2;
    while (true) {
      if (i + 1 >= in.length || u8(in, i) != 0xFF) {
        throw new Unreadable("no marker at " + i);
      }
      int marker = u8(in, i + 1);
      if (marker == 0xFF) { // fill byte
        i++;
        continue;
      }
      if (marker == 0xD9) {
        kept.write(in, i, 2);
        break;
      }
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        kept.write(in, i, 2);
        i += 2;
        continue;
      }
      if (i + 4 > in.length) {
        throw new Unreadable("cut segment");
      }
      int length = (u8(in, i + 2) << 8) | u8(in, i + 3);
      if (length < 2 || i + 2 + length > in.length) {
        throw new Unreadable("bad segment length");
      }
      if (marker == 0xDA) { // start of scan: image data to the end of the image; nothing after it is kept
        int end = endOfImage(in, i + 2 + length);
        kept.write(in, i, end - i);
        break;
      }
      if (marker == 0xE1 && startsWith(in, i + 4, "Exif\0\0")) {
        orientation = orientation(in, i + 10, i + 2 + length);
      }
      boolean application = marker >= 0xE0 && marker <= 0xEF;
      boolean keep = application ? (marker == 0xE0 && startsWith(in, i + 4, "JFIF"))
          || (marker == 0xE2 && startsWith(in, i + 4, "ICC_PROFILE")) || (marker == 0xEE && startsWith(in, i + 4, "Adobe"))
          : marker != 0xFE; // COM: free text
      if (keep) {
        kept.write(in, i, 2 + length);
      }
      i += 2 + length;
    }
    byte[] body = kept.toByteArray();
    if (orientation < 2 || orientation > 8) {
      byte[] out = new byte[body.length + 2];
      out[0] = (byte) 0xFF;
      out[1] = (byte) 0xD8;
      System.arraycopy(body, 0, out, 2, body.length);
      return out;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 40);
    out.write(0xFF);
    out.write(0xD8);
    out.writeBytes(orientationOnly(orientation));
    out.writeBytes(body);
    return out.toByteArray();
  }

  /** Where the entropy-coded data ends: just after the EOI marker (FF D9 never occurs inside it: FF is stuffed). */
  private static int endOfImage(byte[] in, int from) throws Unreadable {
    for (int j = from; j + 1 < in.length; j++) {
      if (u8(in, j) == 0xFF && u8(in, j + 1) == 0xD9) {
        return j + 2;
      }
    }
    throw new Unreadable("no EOI");
  }

  /** The EXIF orientation (tag 0x0112 in IFD0), or 0. */
  private static int orientation(byte[] in, int tiff, int end) {
    try {
      boolean little = in[tiff] == 'I';
      int ifd = tiff + (int) u32(in, tiff + 4, little);
      int count = u16(in, ifd, little);
      for (int e = 0; e < count; e++) {
        int entry = ifd + 2 + 12 * e;
        if (entry + 12 > end) {
          return 0;
        }
        if (u16(in, entry, little) == 0x0112) {
          return u16(in, entry + 8, little);
        }
      }
    } catch (ArrayIndexOutOfBoundsException e) {
      return 0;
    }
    return 0;
  }

  /** An APP1 segment holding an EXIF with one tag: the orientation. */
  private static byte[] orientationOnly(int orientation) {
    byte[] tiff = {'M', 'M', 0, 0x2A, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, 0, 0, 0, 0};
    byte[] header = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);
    int length = 2 + header.length + tiff.length;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0xFF);
    out.write(0xE1);
    out.write(length >> 8);
    out.write(length & 0xFF);
    out.writeBytes(header);
    out.writeBytes(tiff);
    return out.toByteArray();
  }

  static byte[] png(byte[] in) throws Unreadable {
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
    out.write(in, 0, 8);
    int i = 8;
    while (true) {
      if (i + 12 > in.length) {
        throw new Unreadable("cut chunk");
      }
      long length = u32(in, i, false);
      if (length > in.length - i - 12) {
        throw new Unreadable("bad chunk length");
      }
      String type = new String(in, i + 4, 4, StandardCharsets.US_ASCII);
      int size = 12 + (int) length;
      if (PNG_KEPT.contains(type)) {
        out.write(in, i, size);
      }
      i += size;
      if ("IEND".equals(type)) {
        return out.toByteArray();
      }
    }
  }

  static byte[] pdf(byte[] in) throws Unreadable {
    try (PDDocument document = Loader.loadPDF(in)) {
      if (document.isEncrypted()) {
        throw new Unreadable("encrypted");
      }
      document.setDocumentInformation(new PDDocumentInformation());
      document.getDocumentCatalog().setMetadata(null);
      ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
      document.save(out);
      return out.toByteArray();
    } catch (IOException e) {
      throw new Unreadable("pdf: " + e.getMessage());
    }
  }

  private static boolean startsWith(byte[] in, int at, String text) {
    byte[] t = text.getBytes(StandardCharsets.US_ASCII);
    if (at + t.length > in.length) {
      return false;
    }
    for (int k = 0; k < t.length; k++) {
      if (in[at + k] != t[k]) {
        return false;
      }
    }
    return true;
  }

  private static int u8(byte[] in, int at) {
    return in[at] & 0xFF;
  }

  private static int u16(byte[] in, int at, boolean little) {
    return little ? u8(in, at) | (u8(in, at + 1) << 8) : (u8(in, at) << 8) | u8(in, at + 1);
  }

  private static long u32(byte[] in, int at, boolean little) {
    return little ? (u16(in, at, true) & 0xFFFFL) | ((long) u16(in, at + 2, true) << 16)
        : ((long) u16(in, at, false) << 16) | u16(in, at + 2, false);
  }
}
