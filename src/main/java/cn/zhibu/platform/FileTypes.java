package cn.zhibu.platform;

import io.vertx.core.buffer.Buffer;

/** What an uploaded file is, read from its first bytes, never from its name or a header the client chose. */
public final class FileTypes {
  public static final String JPEG = "image/jpeg";
  public static final String PNG = "image/png";
  public static final String PDF = "application/pdf";
  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private FileTypes() {
  }

  /** JPEG, PNG or PDF, or null for anything else. */
  public static String sniff(Buffer bytes) {
    if (bytes.length() >= 3 && (bytes.getByte(0) & 0xFF) == 0xFF && (bytes.getByte(1) & 0xFF) == 0xD8
        && (bytes.getByte(2) & 0xFF) == 0xFF) {
      return JPEG;
    }
    if (bytes.length() >= PNG_SIGNATURE.length
        && java.util.Arrays.equals(bytes.getBytes(0, PNG_SIGNATURE.length), PNG_SIGNATURE)) {
      return PNG;
    }
    if (bytes.length() >= 5 && "%PDF-".equals(bytes.getString(0, 5, "US-ASCII"))) {
      return PDF;
    }
    return null;
  }
}
