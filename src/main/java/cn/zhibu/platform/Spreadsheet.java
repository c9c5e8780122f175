package cn.zhibu.platform;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Consumer;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * The one way the server writes .xlsx (fastexcel): sheets of a bold header row and rows of cells, with an
 * optional title above the header. Numbers stay numbers (a secretary sums them in Excel), {@code true/false}
 * read 是/否, null is an empty cell. Writing is CPU work: call it off the event loop ({@code executeBlocking}).
 */
public final class Spreadsheet {
  private final Workbook workbook;

  private Spreadsheet(Workbook workbook) {
    this.workbook = workbook;
  }

  /** A workbook filled by {@code fill}, as bytes. */
  public static Buffer write(Consumer<Spreadsheet> fill) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Workbook workbook = new Workbook(out, "zhibu", "1.0")) {
      fill.accept(new Spreadsheet(workbook));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Buffer.buffer(out.toByteArray());
  }

  /** A sheet whose first row is {@code header}. */
  public Table table(String name, List<String> header) {
    return new Table(workbook.newWorksheet(name), null, header);
  }

  /** A sheet with {@code title} in its first row (larger), then {@code header}. */
  public Table table(String name, String title, List<String> header) {
    return new Table(workbook.newWorksheet(name), title, header);
  }

  /** Rows written one below the other. */
  public static final class Table {
    private final Worksheet sheet;
    private int next;

    private Table(Worksheet sheet, String title, List<String> header) {
      this.sheet = sheet;
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

    public Table row(Object... cells) {
      return row(java.util.Arrays.asList(cells));
    }

    public Table row(List<?> cells) {
      for (int c = 0; c < cells.size(); c++) {
        Object v = cells.get(c);
        if (v instanceof Number n) {
          sheet.value(next, c, n);
        } else if (v instanceof Boolean b) {
          sheet.value(next, c, b ? "是" : "否");
        } else if (v != null) {
          sheet.value(next, c, String.valueOf(v));
        }
      }
      next++;
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
