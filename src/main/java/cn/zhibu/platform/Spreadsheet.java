package cn.zhibu.platform;

import io.vertx.core.buffer.Buffer;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * The one way the server writes .xlsx (fastexcel): sheets of a bold header row and rows of cells, with an
 * optional title above the header. Numbers stay numbers (a secretary sums them in Excel), {@code true/false}
 * read 是/否, null is an empty cell; times ({@code Instant}, {@code OffsetDateTime}) are date cells in Beijing time to the
 * minute, dates ({@code LocalDate}) date cells, {@link Yuan} a number in yuan with two decimals, {@link Link} a
 * hyperlink — an inspector sorts
 * and sums them, which text of ISO timestamps with microseconds and "0.20" strings did not allow.
 * Writing is CPU work: call it off the event loop ({@code executeBlocking}).
 * A workbook too big to hold (a school's 台账) is {@link Streamed}: written to a file as its rows come.
 */
public final class Spreadsheet {
  /** An amount of money kept in fen, shown in yuan as a number ("0.00"). */
  public record Yuan(long fen) {
    /** The amount, or null for none. */
    public static Yuan of(Number fen) {
      return fen == null ? null : new Yuan(fen.longValue());
    }
  }

  /** A cell that opens {@code url} when clicked, showing {@code text}. */
  public record Link(String url, String text) {
  }

  /** Rows a sheet holds before it goes on in a next one ("出勤 (2)"): Excel opens at most 1,048,576. */
  static final int MAX_ROWS = 1_000_000;
  /** Rows a streamed sheet keeps in memory before writing them out. */
  private static final int FLUSH_EVERY = 2_000;
  private final Workbook workbook;
  private final boolean streamed;
  private final int maxRows;
  private Table open;

  private Spreadsheet(Workbook workbook, boolean streamed, int maxRows) {
    this.workbook = workbook;
    this.streamed = streamed;
    this.maxRows = maxRows;
  }

  /** A workbook filled by {@code fill}, as bytes. */
  public static Buffer write(Consumer<Spreadsheet> fill) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Workbook workbook = new Workbook(out, "zhibu", "1.0")) {
      fill.accept(new Spreadsheet(workbook, false, MAX_ROWS));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Buffer.buffer(out.toByteArray());
  }

  /** A sheet whose first row is {@code header}. */
  public Table table(String name, List<String> header) {
    return table(name, null, header);
  }

  /** A sheet with {@code title} in its first row (larger), then {@code header}. */
  public Table table(String name, String title, List<String> header) {
    if (open != null && streamed) {
      open.finish();
    }
    open = new Table(this, name, title, header);
    return open;
  }

  /**
   * A workbook written to a temporary file as its rows come: each sheet is written out every
   * {@value #FLUSH_EVERY} rows and finished before the next begins, so memory stays bounded however many rows
   * there are. Not thread-safe: call it from one worker at a time (chained {@code executeBlocking} calls).
   */
  public static final class Streamed {
    private final Path file;
    private final OutputStream out;
    private final Workbook workbook;
    private final Spreadsheet book;

    public Streamed() {
      this(MAX_ROWS);
    }

    /** With sheets of at most {@code maxRows} rows (a test's small number). */
    Streamed(int maxRows) {
      try {
        file = Files.createTempFile("zhibu-", ".xlsx");
        out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      workbook = new Workbook(out, "zhibu", "1.0");
      book = new Spreadsheet(workbook, true, maxRows);
    }

    /** Where it is being written. */
    Path file() {
      return file;
    }

    /** The sheets are added here. */
    public Spreadsheet book() {
      return book;
    }

    /** Finishes the last sheet and the file; answers it (the caller deletes it once sent). */
    public Path finish() {
      try {
        if (book.open != null) {
          book.open.finish();
        }
        workbook.finish();
        out.close();
        return file;
      } catch (IOException e) {
        abandon();
        throw new UncheckedIOException(e);
      }
    }

    /** Drops the file (a failed export). */
    public void abandon() {
      try {
        out.close();
      } catch (IOException ignored) {
        // the file goes anyway
      }
      file.toFile().delete();
    }
  }

  /** Rows written one below the other; past {@link #MAX_ROWS} they go on in a next sheet of the same name. */
  public static final class Table {
    private final Spreadsheet book;
    private final String name;
    private final String title;
    private final List<String> header;
    private Worksheet sheet;
    private int part = 1;
    private int next;

    private Table(Spreadsheet book, String name, String title, List<String> header) {
      this.book = book;
      this.name = name;
      this.title = title;
      this.header = header;
      start(book.workbook.newWorksheet(name));
    }

    private void start(Worksheet worksheet) {
      sheet = worksheet;
      next = 0;
      if (title != null) {
        sheet.value(0, 0, title);
        sheet.style(0, 0).bold().fontSize(14).set();
        next = 1;
      }
      for (int c = 0; c < header.size(); c++) {
        sheet.value(next, c, header.get(c));
        sheet.style(next, c).bold().set();
      }
      next++;
    }

    private void finish() {
      try {
        sheet.finish();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    public Table row(Object... cells) {
      return row(java.util.Arrays.asList(cells));
    }

    public Table row(List<?> cells) {
      if (next >= book.maxRows) {
        if (book.streamed) {
          finish();
        }
        part++;
        start(book.workbook.newWorksheet(name + " (" + part + ")"));
      }
      for (int c = 0; c < cells.size(); c++) {
        Object v = cells.get(c);
        if (v instanceof Number n) {
          sheet.value(next, c, n);
        } else if (v instanceof Yuan y) {
          sheet.value(next, c, y.fen() / 100.0);
          sheet.style(next, c).format("0.00").set();
        } else if (v instanceof java.time.Instant || v instanceof java.time.OffsetDateTime) {
          java.time.Instant t = v instanceof java.time.OffsetDateTime o ? o.toInstant() : (java.time.Instant) v;
          sheet.value(next, c, t.atZone(Times.SCHOOL_ZONE).toLocalDateTime()
              .truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
          sheet.style(next, c).format("yyyy-mm-dd hh:mm").set();
        } else if (v instanceof java.time.LocalDate d) {
          sheet.value(next, c, d);
          sheet.style(next, c).format("yyyy-mm-dd").set();
        } else if (v instanceof Boolean b) {
          sheet.value(next, c, b ? "是" : "否");
        } else if (v instanceof Link link) {
          sheet.hyperlink(next, c, new org.dhatim.fastexcel.HyperLink(link.url(), link.text()));
        } else if (v != null) {
          sheet.value(next, c, String.valueOf(v));
        }
      }
      next++;
      if (book.streamed && next % FLUSH_EVERY == 0) {
        try {
          sheet.flush();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return this;
    }

    /** A line of text below the rows, after an empty one (a total, a note). */
    public Table note(String text) {
      next++;
      sheet.value(next++, 0, text);
      return this;
    }
  }
}
