package cn.zhibu.course;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.Masks;
import cn.zhibu.platform.Spreadsheet;
import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The leaders' training of a year, for the 组织部 and a college's 班子: every 书记, 副书记 and 支委 / 委员 of an org
 * in the subtree, with their hours against 56 (seed 002 §6), whether they attended a 集中培训 (the same), and for a
 * branch secretary whether they were trained in each half of the year (seed 001 二.2: 每半年接受一次集中培训).
 * Behind: short of the year's share of 56 hours, or a half (or the year) over without the training it needed.
 */
final class TrainingReport {
  static final int LEADER_HOURS = 56;
  private final Vertx vertx;
  private final HoursRepository hours;
  private final Scope scope;
  private final Clock clock;

  /** One leader's year. {@code trainedEachHalf} only for branch secretaries (null for others). */
  record Leader(UUID personId, String number, String name, List<String> roles, String orgs, double onlineHours,
      double collectiveHours, double hours, int trainingsFirstHalf, int trainingsSecondHalf, boolean meets56h,
      boolean hadTraining, Boolean trainedEachHalf, boolean behind) {
  }

  /** {@code TrainingReport}. */
  record Report(UUID orgId, int year, double expectedShare, int behind, List<Leader> leaders) {
  }

  TrainingReport(Vertx vertx, HoursRepository hours, Scope scope, Clock clock) {
    this.vertx = vertx;
    this.hours = hours;
    this.scope = scope;
    this.clock = clock;
  }

  Future<Report> report(Caller caller, UUID orgId, Integer year) {
    LocalDate today = clock.instant().atZone(Times.SCHOOL_ZONE).toLocalDate();
    int y = year == null ? today.getYear() : year;
    double elapsed = StudyCredit.elapsedShare(y, today);
    boolean firstHalfOver = y < today.getYear() || (y == today.getYear() && today.getMonthValue() > 6);
    boolean yearOver = y < today.getYear();
    return scope.require(caller, orgId, Role.LEADERS).compose(org -> hours.leaders(org.id(), y))
        .compose(rows -> scope.adminOver(caller, orgId).map(full -> {
          List<Leader> leaders = new ArrayList<>(rows.size());
          int behind = 0;
          for (HoursRepository.LeaderHours row : rows) {
            double total = Math.round(row.credited() * 100) / 100.0;
            Boolean eachHalf = row.branchSecretary() ? row.firstHalf() > 0 && row.secondHalf() > 0 : null;
            boolean late = total < LEADER_HOURS * elapsed
                || (row.branchSecretary() && firstHalfOver && row.firstHalf() == 0)
                || (yearOver && (!row.trained() || (row.branchSecretary() && row.secondHalf() == 0)));
            behind += late ? 1 : 0;
            leaders.add(new Leader(row.personId(), Masks.number(row.number(), full), row.name(), row.roles(), row.orgs(),
                row.online(), row.collective(), total, row.firstHalf(), row.secondHalf(), total >= LEADER_HOURS,
                row.trained(), eachHalf, late));
          }
          return new Report(orgId, y, Math.round(elapsed * 1000) / 1000.0, behind, leaders);
        }));
  }

  Future<Buffer> spreadsheet(Caller caller, UUID orgId, Integer year) {
    return report(caller, orgId, year).compose(report -> vertx.executeBlocking(() -> Spreadsheet.write(book -> {
      Spreadsheet.Table sheet = book.table("领导班子培训", report.year() + " 年书记和班子成员学习培训情况",
          List.of("学号/工号", "姓名", "职务", "任职组织", "网络学时", "集中学习学时", "合计学时", "上半年集中培训（次）",
              "下半年集中培训（次）", "满 56 学时", "参加集中培训", "每半年培训（支部书记）", "落后"));
      for (Leader l : report.leaders()) {
        sheet.row(l.number(), l.name(), String.join("、", l.roles().stream().map(TrainingReport::role).toList()), l.orgs(),
            l.onlineHours(), l.collectiveHours(), l.hours(), l.trainingsFirstHalf(), l.trainingsSecondHalf(), l.meets56h(),
            l.hadTraining(), l.trainedEachHalf(), l.behind());
      }
    }), false));
  }

  private static String role(String wire) {
    return switch (wire) {
      case "secretary" -> "书记";
      case "deputy_secretary" -> "副书记";
      default -> "委员";
    };
  }
}
