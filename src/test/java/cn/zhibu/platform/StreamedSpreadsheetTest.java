package cn.zhibu.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The streamed workbook a school's 台账 is written into: every row kept, sheets split where Excel would stop. */
class StreamedSpreadsheetTest {

  private static Map<String, List<Row>> read(Path file) throws Exception {
    Map<String, List<Row>> sheets = new LinkedHashMap<>();
    try (ReadableWorkbook workbook = new ReadableWorkbook(file.toFile())) {
      for (Sheet sheet : workbook.getSheets().toList()) {
        try (var rows = sheet.openStream()) {
          sheets.put(sheet.getName(), rows.toList());
        }
      }
    }
    return sheets;
  }

  @Test
  @DisplayName("rows past a sheet's limit go on in a next sheet with the same title and header; numbers stay numbers")
  void splitsSheets() throws Exception {
    Spreadsheet.Streamed streamed = new Spreadsheet.Streamed(1_000);
    Spreadsheet.Table rows = streamed.book().table("出勤", "某支部 台账", List.of("序号", "姓名"));
    for (int i = 1; i <= 2_500; i++) {
      rows.row(i, "党员" + i);
    }
    streamed.book().table("通知", List.of("标题")).row("支部通知");
    Path file = streamed.finish();
    try {
      Map<String, List<Row>> sheets = read(file);
      assertEquals(List.of("出勤", "出勤 (2)", "出勤 (3)", "通知"), List.copyOf(sheets.keySet()));
      // 1,000 rows a sheet: a title, a header, then 998, 998 and the last 504 people.
      assertEquals(List.of(1_000, 1_000, 506), List.of(sheets.get("出勤").size(), sheets.get("出勤 (2)").size(),
          sheets.get("出勤 (3)").size()));
      assertEquals("某支部 台账", sheets.get("出勤 (3)").get(0).getCellText(0));
      assertEquals("姓名", sheets.get("出勤 (2)").get(1).getCellText(1));
      Row last = sheets.get("出勤 (3)").get(505);
      assertEquals(2_500, last.getCellAsNumber(0).orElseThrow().intValue());
      assertEquals("党员2500", last.getCellText(1));
      assertEquals("支部通知", sheets.get("通知").get(1).getCellText(0));
    } finally {
      Files.delete(file);
    }
  }

  @Test
  @DisplayName("an abandoned workbook leaves no file behind")
  void abandon() {
    Spreadsheet.Streamed streamed = new Spreadsheet.Streamed();
    streamed.book().table("会议", List.of("日期")).row("2026-12-01");
    Path file = streamed.file();
    assertTrue(Files.exists(file));
    streamed.abandon();
    assertFalse(Files.exists(file));
  }
}
