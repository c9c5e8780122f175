package cn.zhibu.org;

import cn.zhibu.platform.ApiException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;

/**
 * Reads a roster from JSON entries, or from an uploaded .xlsx or .csv file (told apart by content: an xlsx
 * is a zip). Files need a header row; English or Chinese column names. Parsing files blocks, so the
 * service calls {@link #parseFile} off the event loop.
 */
final class RosterFile {
  static final int MAX_ROWS = 5_000;
  private static final Map<String, String> COLUMNS = Map.ofEntries(
      Map.entry("number", "number"), Map.entry("学号", "number"), Map.entry("工号", "number"),
      Map.entry("学号/工号", "number"), Map.entry("编号", "number"),
      Map.entry("name", "name"), Map.entry("姓名", "name"),
      Map.entry("phone", "phone"), Map.entry("手机", "phone"), Map.entry("手机号", "phone"),
      Map.entry("电话", "phone"), Map.entry("stage", "stage"), Map.entry("阶段", "stage"),
      Map.entry("政治面貌", "stage"), Map.entry("role", "role"), Map.entry("角色", "role"),
      Map.entry("职务", "role"), Map.entry("category", "category"), Map.entry("人员类别", "category"),
      Map.entry("类别", "category"));

  private RosterFile() {
  }

  static List<RosterEntry> fromJson(JsonArray entries) {
    if (entries.size() > MAX_ROWS) {
      throw tooMany();
    }
    List<RosterEntry> rows = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      JsonObject e = entries.getJsonObject(i);
      rows.add(RosterEntry.of(i + 1, e.getString("number"), e.getString("name"), e.getString("phone"),
          e.getString("stage"), e.getString("role", "member"), e.getString("category")));
    }
    return rows;
  }

  static List<RosterEntry> parseFile(Buffer bytes) {
    if (bytes.length() == 0) {
      throw ApiException.badRequest("roster.empty_file", "The uploaded file is empty");
    }
    boolean zip = bytes.length() > 3 && bytes.getByte(0) == 'P' && bytes.getByte(1) == 'K';
    byte[] raw = bytes.getBytes();
    try (InputStream in = new ByteArrayInputStream(raw)) {
      if (zip) {
        SpreadsheetGuard.check(raw, MAX_ROWS);
      }
      return zip ? xlsx(in) : csv(in);
    } catch (IOException | RuntimeException e) {
      if (e instanceof ApiException api) {
        throw api;
      }
      // The library's message would name its classes; the person needs to know what to do instead.
      throw ApiException.badRequest("roster.unreadable_file",
          "The file could not be read as .xlsx or .csv (UTF-8 or GBK); save it again from Excel or WPS and retry");
    }
  }

  private static List<RosterEntry> csv(InputStream in) throws IOException {
    Reader reader = new java.io.StringReader(decode(skipBom(in).readAllBytes()));
    try (CSVParser parser = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true)
        .setIgnoreEmptyLines(true).setTrim(true).get().parse(reader)) {
      Map<String, String> header = new HashMap<>();
      for (String name : parser.getHeaderNames()) {
        Optional.ofNullable(COLUMNS.get(name.strip().toLowerCase())).ifPresent(c -> header.put(c, name));
      }
      requireColumns(header);
      List<RosterEntry> rows = new ArrayList<>();
      for (CSVRecord rec : parser) {
        if (rows.size() >= MAX_ROWS) {
          throw tooMany();
        }
        rows.add(RosterEntry.of((int) rec.getRecordNumber() + 1, cell(rec, header, "number"), cell(rec, header, "name"),
            cell(rec, header, "phone"), cell(rec, header, "stage"), cell(rec, header, "role"),
            cell(rec, header, "category")));
      }
      return rows;
    }
  }

  /**
   * UTF-8 when the bytes are valid UTF-8, else GB18030 (a superset of GBK): what Excel and WPS save as "CSV" on
   * Chinese Windows. Strict decoding decides, so a UTF-8 file is never misread.
   */
  static String decode(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (java.nio.charset.CharacterCodingException notUtf8) {
      return new String(bytes, java.nio.charset.Charset.forName("GB18030"));
    }
  }

  private static String cell(CSVRecord rec, Map<String, String> header, String column) {
    String name = header.get(column);
    return name == null || !rec.isMapped(name) || !rec.isSet(name) ? null : rec.get(name);
  }

  private static List<RosterEntry> xlsx(InputStream in) throws IOException {
    try (ReadableWorkbook workbook = new ReadableWorkbook(in)) {
      Sheet sheet = workbook.getFirstSheet();
      try (Stream<Row> stream = sheet.openStream()) {
        List<Row> all = stream.limit(MAX_ROWS + 2L).toList();
        if (all.isEmpty()) {
          throw ApiException.badRequest("roster.empty_file", "The spreadsheet has no header row");
        }
        if (all.size() > MAX_ROWS + 1) {
          throw tooMany();
        }
        Map<String, Integer> header = new HashMap<>();
        Row first = all.get(0);
        for (int c = 0; c < first.getCellCount(); c++) {
          String text = first.getCellText(c);
          Integer index = c;
          Optional.ofNullable(COLUMNS.get(text == null ? "" : text.strip().toLowerCase()))
              .ifPresent(col -> header.put(col, index));
        }
        Map<String, String> names = new HashMap<>();
        header.keySet().forEach(k -> names.put(k, k));
        requireColumns(names);
        List<RosterEntry> rows = new ArrayList<>();
        for (Row row : all.subList(1, all.size())) {
          if (isBlank(row)) {
            continue;
          }
          rows.add(RosterEntry.of(row.getRowNum(), text(row, header, "number"), text(row, header, "name"),
              text(row, header, "phone"), text(row, header, "stage"), text(row, header, "role"),
              text(row, header, "category")));
        }
        return rows;
      }
    }
  }

  private static String text(Row row, Map<String, Integer> header, String column) {
    Integer index = header.get(column);
    if (index == null || index >= row.getCellCount()) {
      return null;
    }
    String text = row.getCellText(index);
    // Numbers typed into Excel come back as "2021001.0" or "1.38001E10"; rosters hold them as text.
    if (text != null && text.matches("\\d+\\.0+|\\d(\\.\\d+)?E\\d+")) {
      text = new java.math.BigDecimal(text).toBigInteger().toString();
    }
    return text;
  }

  private static boolean isBlank(Row row) {
    for (int c = 0; c < row.getCellCount(); c++) {
      String text = row.getCellText(c);
      if (text != null && !text.isBlank()) {
        return false;
      }
    }
    return true;
  }

  private static void requireColumns(Map<String, String> header) {
    for (String needed : List.of("number", "name", "stage")) {
      if (!header.containsKey(needed)) {
        throw ApiException.badRequest("roster.missing_column",
            "The header row needs the columns number, name, stage (phone and role are optional); missing: " + needed);
      }
    }
  }

  private static InputStream skipBom(InputStream in) throws IOException {
    java.io.PushbackInputStream pushback = new java.io.PushbackInputStream(in, 3);
    byte[] bom = new byte[3];
    int read = pushback.read(bom, 0, 3);
    if (read != 3 || bom[0] != (byte) 0xEF || bom[1] != (byte) 0xBB || bom[2] != (byte) 0xBF) {
      if (read > 0) {
        pushback.unread(bom, 0, read);
      }
    }
    return pushback;
  }

  private static ApiException tooMany() {
    return ApiException.badRequest("roster.too_many_rows", "A roster import holds at most " + MAX_ROWS + " rows");
  }
}
