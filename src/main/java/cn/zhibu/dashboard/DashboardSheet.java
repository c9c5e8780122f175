package cn.zhibu.dashboard;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import cn.zhibu.platform.Spreadsheet;

/** The dashboard as a workbook for the monthly report (月报): one sheet per chart, the same numbers. */
final class DashboardSheet {
  private DashboardSheet() {
  }

  static Buffer xlsx(JsonObject d) {
    return Spreadsheet.write(book -> {
      sheet(book, "出勤率", List.of("月份", "出勤率"), d.getJsonArray("attendanceByMonth"), "month", "rate");
      sheet(book, "志愿服务", List.of("月份", "小时"), d.getJsonArray("volunteerHoursByMonth"), "month", "hours");
      sheet(book, "学时", List.of("完成度", "人数"), d.getJsonObject("study").getJsonArray("distribution"), "share", "members");
      JsonObject r = d.getJsonObject("requests");
      book.table("办实事", List.of("指标", "数值")).row("受理", r.getValue("received"))
          .row("响应率", r.getValue("responseRate")).row("解决率", r.getValue("resolutionRate"))
          .row("满意率", r.getValue("satisfactionRate")).row("超期", r.getValue("overdue"));
      Spreadsheet.Table compliance = book.table("三会一课", List.of("支部", "未落实", "本月出勤率"));
      d.getJsonObject("compliance").getJsonArray("branches").forEach(b -> {
        JsonObject branch = (JsonObject) b;
        compliance.row(branch.getString("name"), String.join("、", branch.getJsonArray("missing").getList()),
            branch.getValue("attendanceRate"));
      });
      sheet(book, "积分前十", List.of("名次", "姓名", "积分"), d.getJsonArray("topMembers"), "rank", "name", "points");
      sheet(book, "支部排名", List.of("名次", "支部", "人均积分"), d.getJsonArray("topBranches"), "rank", "name",
          "averagePoints");
    });
  }

  private static void sheet(Spreadsheet book, String name, List<String> header, JsonArray rows, String... fields) {
    Spreadsheet.Table sheet = book.table(name, header);
    rows.forEach(o -> {
      JsonObject row = (JsonObject) o;
      sheet.row(java.util.Arrays.stream(fields).map(row::getValue).toList());
    });
  }
}
