package cn.zhibu.dashboard;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/** The dashboard as a workbook for the monthly report (月报): one sheet per chart, the same numbers. */
final class DashboardSheet {
  private DashboardSheet() {
  }

  static Buffer xlsx(JsonObject d) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Workbook workbook = new Workbook(out, "zhibu", "1.0")) {
      sheet(workbook, "出勤率", List.of("月份", "出勤率"), d.getJsonArray("attendanceByMonth"), "month", "rate");
      sheet(workbook, "志愿服务", List.of("月份", "小时"), d.getJsonArray("volunteerHoursByMonth"), "month", "hours");
      sheet(workbook, "学时", List.of("完成度", "人数"), d.getJsonObject("study").getJsonArray("distribution"), "share", "members");
      JsonObject r = d.getJsonObject("requests");
      sheet(workbook, "办实事", List.of("指标", "数值"), new JsonArray()
          .add(new JsonObject().put("k", "受理").put("v", r.getValue("received")))
          .add(new JsonObject().put("k", "响应率").put("v", r.getValue("responseRate")))
          .add(new JsonObject().put("k", "解决率").put("v", r.getValue("resolutionRate")))
          .add(new JsonObject().put("k", "满意率").put("v", r.getValue("satisfactionRate")))
          .add(new JsonObject().put("k", "超期").put("v", r.getValue("overdue"))), "k", "v");
      JsonArray compliance = new JsonArray();
      d.getJsonObject("compliance").getJsonArray("branches").forEach(b -> {
        JsonObject branch = (JsonObject) b;
        compliance.add(new JsonObject().put("name", branch.getString("name"))
            .put("missing", String.join("、", branch.getJsonArray("missing").getList()))
            .put("rate", branch.getValue("attendanceRate")));
      });
      sheet(workbook, "三会一课", List.of("支部", "未落实", "本月出勤率"), compliance, "name", "missing", "rate");
      sheet(workbook, "积分前十", List.of("名次", "姓名", "积分"), d.getJsonArray("topMembers"), "rank", "name", "points");
      sheet(workbook, "支部排名", List.of("名次", "支部", "人均积分"), d.getJsonArray("topBranches"), "rank", "name",
          "averagePoints");
    }
    return Buffer.buffer(out.toByteArray());
  }

  private static void sheet(Workbook workbook, String name, List<String> header, JsonArray rows, String... fields) {
    Worksheet sheet = workbook.newWorksheet(name);
    for (int c = 0; c < header.size(); c++) {
      sheet.value(0, c, header.get(c));
    }
    for (int i = 0; i < rows.size(); i++) {
      JsonObject row = rows.getJsonObject(i);
      for (int c = 0; c < fields.length; c++) {
        Object v = row.getValue(fields[c]);
        if (v instanceof Number n) {
          sheet.value(i + 1, c, n);
        } else if (v != null) {
          sheet.value(i + 1, c, String.valueOf(v));
        }
      }
    }
  }
}
