package cn.zhibu.dashboard;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import cn.zhibu.platform.Spreadsheet;

/** The dashboard as a workbook for the monthly report (月报): one sheet per chart, the same numbers. */
final class DashboardSheet {
  private DashboardSheet() {
  }

  static Buffer xlsx(DashboardService.Dashboard d) {
    return Spreadsheet.write(book -> {
      Spreadsheet.Table attendance = book.table("出勤率", List.of("月份", "出勤率"));
      d.attendanceByMonth().forEach(m -> attendance.row(m.month(), m.rate()));
      Spreadsheet.Table volunteer = book.table("志愿服务", List.of("月份", "小时"));
      d.volunteerHoursByMonth().forEach(m -> volunteer.row(m.month(), m.hours()));
      Spreadsheet.Table study = book.table("学时", List.of("完成度", "人数"));
      d.study().distribution().forEach(b -> study.row(b.share(), b.members()));
      cn.zhibu.request.RequestReports.Metrics r = d.requests();
      book.table("办实事", List.of("指标", "数值")).row("受理", r.received())
          .row("响应率", r.responseRate()).row("解决率", r.resolutionRate())
          .row("满意率", r.satisfactionRate()).row("超期", r.overdue());
      Spreadsheet.Table compliance = book.table("三会一课", List.of("支部", "未落实", "本月出勤率"));
      d.compliance().branches().forEach(branch -> compliance.row(branch.name(), branch.missing().stream()
          .map(type -> LedgerPack.TYPES.getOrDefault(type, type)).collect(java.util.stream.Collectors.joining("、")),
          branch.attendanceRate()));
      Spreadsheet.Table members = book.table("积分前十", List.of("名次", "姓名", "积分"));
      d.topMembers().forEach(m -> members.row(m.rank(), m.name(), m.points()));
      Spreadsheet.Table branches = book.table("支部排名", List.of("名次", "支部", "人均积分"));
      d.topBranches().forEach(b -> branches.row(b.rank(), b.name(), b.averagePoints()));
    });
  }
}
