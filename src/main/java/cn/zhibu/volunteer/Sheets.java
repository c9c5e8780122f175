package cn.zhibu.volunteer;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/** The branch volunteer report as .xlsx. */
final class Sheets {
  private Sheets() {
  }

  static Buffer volunteer(JsonObject report) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Workbook workbook = new Workbook(out, "zhibu", "1.0")) {
      Worksheet sheet = workbook.newWorksheet("志愿服务");
      String[] header = {"学号/工号", "姓名", "已认定时长", "待审核时长"};
      for (int c = 0; c < header.length; c++) {
        sheet.value(0, c, header[c]);
      }
      JsonArray members = report.getJsonArray("members");
      for (int i = 0; i < members.size(); i++) {
        JsonObject m = members.getJsonObject(i);
        sheet.value(i + 1, 0, m.getString("number"));
        sheet.value(i + 1, 1, m.getString("name"));
        sheet.value(i + 1, 2, m.getDouble("approvedHours"));
        sheet.value(i + 1, 3, m.getDouble("pendingHours"));
      }
    }
    return Buffer.buffer(out.toByteArray());
  }
}
