package cn.zhibu.volunteer;

import cn.zhibu.platform.Spreadsheet;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/** The branch volunteer report as .xlsx. */
final class Sheets {
  private Sheets() {
  }

  static Buffer volunteer(HourRecords.Report report) {
    return Spreadsheet.write(book -> {
      Spreadsheet.Table sheet = book.table("志愿服务", List.of("学号/工号", "姓名", "已认定时长", "待审核时长"));
      report.members().forEach(m -> sheet.row(m.number(), m.name(), m.approvedHours(), m.pendingHours()));
    });
  }
}
