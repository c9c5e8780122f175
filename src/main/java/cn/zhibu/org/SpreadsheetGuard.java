package cn.zhibu.org;

import cn.zhibu.platform.ApiException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import javax.xml.stream.XMLInputFactory;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Looks inside an uploaded .xlsx before any library builds it in memory: a small zip can inflate to gigabytes
 * (a "zip bomb"), or hold one row of millions of cells. Every part is inflated through a counter that stops at
 * {@link #MAX_UNCOMPRESSED_BYTES}, and every worksheet is streamed (StAX, no DTDs) counting rows and cells per
 * row. Anything over a limit is refused at once with 400 {@code roster.file_too_large}.
 */
final class SpreadsheetGuard {
  static final long MAX_UNCOMPRESSED_BYTES = 20L * 1024 * 1024;
  static final int MAX_PARTS = 200;
  static final int MAX_CELLS_PER_ROW = 100;
  private static final XMLInputFactory XML = XMLInputFactory.newFactory();

  static {
    XML.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    XML.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
  }

  private SpreadsheetGuard() {
  }

  /** Throws {@code roster.file_too_large} if the workbook is larger than a roster can be. */
  static void check(byte[] xlsx, int maxRows) throws IOException {
    long[] total = new long[1];
    // The central directory, as Excel and the xlsx library read it (a streaming zip reader trips over the
    // data descriptors that xlsx writers use); what counts is the bytes actually inflated, not declared sizes.
    try (ZipFile zip = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(xlsx)).get()) {
      int parts = 0;
      for (ZipArchiveEntry entry : java.util.Collections.list(zip.getEntries())) {
        if (++parts > MAX_PARTS) {
          throw tooLarge("it has more than " + MAX_PARTS + " parts");
        }
        try (InputStream counted = new Counted(zip.getInputStream(entry), total)) {
          if (entry.getName().startsWith("xl/worksheets/") && entry.getName().endsWith(".xml")) {
            checkSheet(counted, maxRows);
          }
          counted.transferTo(OutputStreamSink.INSTANCE);
        }
      }
    }
  }

  private static void checkSheet(InputStream in, int maxRows) throws IOException {
    try {
      XMLStreamReader reader = XML.createXMLStreamReader(in);
      int rows = 0;
      int cells = 0;
      while (reader.hasNext()) {
        if (reader.next() != XMLStreamConstants.START_ELEMENT) {
          continue;
        }
        String name = reader.getLocalName();
        if ("row".equals(name)) {
          cells = 0;
          if (++rows > maxRows + 1) {
            throw tooLarge("a roster holds at most " + maxRows + " rows");
          }
        } else if ("c".equals(name) && ++cells > MAX_CELLS_PER_ROW) {
          throw tooLarge("a row has more than " + MAX_CELLS_PER_ROW + " cells");
        }
      }
    } catch (XMLStreamException e) {
      throw ApiException.badRequest("roster.unreadable_file", "The worksheet is not well-formed XML");
    }
  }

  private static ApiException tooLarge(String why) {
    return ApiException.badRequest("roster.file_too_large", "The spreadsheet is too large for a roster: " + why);
  }

  /** Counts inflated bytes across all parts and stops at the limit. */
  private static final class Counted extends FilterInputStream {
    private final long[] total;

    Counted(InputStream in, long[] total) {
      super(in);
      this.total = total;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        add(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        add(n);
      }
      return n;
    }

    private void add(long n) {
      total[0] += n;
      if (total[0] > MAX_UNCOMPRESSED_BYTES) {
        throw tooLarge("it unpacks to more than " + MAX_UNCOMPRESSED_BYTES / 1024 / 1024 + " MB");
      }
    }
  }

  /** Discards what is left of a part (it still counts towards the total). */
  private static final class OutputStreamSink extends java.io.OutputStream {
    static final OutputStreamSink INSTANCE = new OutputStreamSink();

    @Override
    public void write(int b) {
    }

    @Override
    public void write(byte[] b, int off, int len) {
    }
  }
}
