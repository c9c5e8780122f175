package cn.zhibu.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** What an inspector's spreadsheet holds: dates as dates, money as numbers (issue 28, item 6). */
class SpreadsheetCellsTest {

  @Test
  @DisplayName("times are date cells in Beijing time to the minute, dates are dates, yuan are numbers with two decimals")
  void typedCells() throws Exception {
    byte[] xlsx = Spreadsheet.write(book -> book.table("台账", List.of("签到时间", "日期", "已缴（元）", "备注"))
        .row(Instant.parse("2026-12-03T01:02:03.456789Z"), LocalDate.of(2026, 7, 1), Spreadsheet.Yuan.of(20L), null))
        .getBytes();
    try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(xlsx));
        var rows = workbook.getFirstSheet().openStream()) {
      Row row = rows.skip(1).findFirst().orElseThrow();
      assertEquals(CellType.NUMBER, row.getCell(0).getType());
      assertEquals(LocalDateTime.of(2026, 12, 3, 9, 2), row.getCellAsDate(0).orElseThrow(),
          "01:02:03.456789 UTC is 09:02 in Beijing; no seconds, no microseconds");
      assertEquals(LocalDate.of(2026, 7, 1).atStartOfDay(), row.getCellAsDate(1).orElseThrow());
      assertEquals(CellType.NUMBER, row.getCell(2).getType());
      assertEquals(0, new BigDecimal("0.20").compareTo(row.getCellAsNumber(2).orElseThrow()), "20 fen is 0.20 yuan");
      assertEquals(3, row.getCellCount(), "an empty value leaves its cell empty");
    }
  }

  @Test
  @DisplayName("a link is a hyperlink cell: its words in the cell, its address in the sheet's relations")
  void links() throws Exception {
    byte[] xlsx = Spreadsheet.write(book -> book.table("会议照片", List.of("查看"))
        .row(new Spreadsheet.Link("https://dangjian.example.edu.cn/console/?attachment=abc", "在工作台中查看"))).getBytes();
    try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(xlsx));
        var rows = workbook.getFirstSheet().openStream()) {
      assertEquals("在工作台中查看", rows.skip(1).findFirst().orElseThrow().getCellText(0));
    }
    String zip = new String(xlsx, java.nio.charset.StandardCharsets.ISO_8859_1);
    assertEquals(true, zip.contains("worksheets/_rels/sheet1.xml.rels"), "the sheet carries a relation for its link");
  }
}
