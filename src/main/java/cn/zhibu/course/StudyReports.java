package cn.zhibu.course;

import cn.zhibu.platform.Spreadsheet;
import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import java.util.List;
import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;

/** Study hours against the yearly requirement: one's own, and an org's report (述学、考学、评学). */
public final class StudyReports {
  private final Vertx vertx;
  private final HoursRepository hours;
  private final Scope scope;
  private final Clock clock;

  /** {@code MyStudy}: the caller's hours of a year, what they came from, and what is required of them. */
  record Mine(int year, double creditedHours, double onlineHours, double collectiveHours, boolean trainingAttended,
      int requiredHours, boolean trainingRequired, boolean meetsRequirement, List<HoursRepository.Completed> courses,
      List<HoursRepository.Collective> collective) {
  }

  /** One member of {@code StudyReport}: the number masked unless the caller is an admin over the org. */
  record Member(UUID personId, String number, String name, double hours, int requiredHours, boolean trainingRequired,
      boolean trainingAttended, boolean meetsRequirement, boolean behindPace) {
  }

  /** {@code StudyReport}. */
  record Report(UUID orgId, int year, double expectedShare, int behind, List<Member> members) {
  }

  StudyReports(Vertx vertx, Pool pool, Scope scope, Clock clock) {
    this.vertx = vertx;
    this.hours = new HoursRepository(pool);
    this.scope = scope;
    this.clock = clock;
  }

  /** Hours credited in {@code year}: online courses and collective study together. */
  public Future<Double> hours(UUID personId, int year) {
    return hours.hours(personId, year);
  }

  int thisYear() {
    return clock.instant().atZone(Times.SCHOOL_ZONE).getYear();
  }

  Future<Mine> mine(Caller caller, Integer year) {
    int y = year == null ? thisYear() : year;
    boolean leader = caller.roles().stream().anyMatch(g -> Role.TEAM.contains(g.role()));
    boolean member = leader || caller.roles().stream().anyMatch(g -> g.role() == Role.MEMBER);
    Future<List<HoursRepository.Completed>> online = hours.completed(caller.personId(), y);
    Future<List<HoursRepository.Collective>> collective = hours.collective(caller.personId(), y);
    // what counts is the school's rule on online credit (credited_hours, V49), the same for every report
    Future<Double> counted = hours.hours(caller.personId(), y);
    return Future.all(online, collective, counted).map(all -> {
      double onlineHours = online.result().stream().mapToDouble(HoursRepository.Completed::creditHours).sum();
      double collectiveHours = collective.result().stream().mapToDouble(HoursRepository.Collective::studyHours).sum();
      boolean training = collective.result().stream().anyMatch(c -> "training".equals(c.type()));
      double credited = round(counted.result());
      return new Mine(y, credited, round(onlineHours), round(collectiveHours), training,
          StudyCredit.requiredHours(leader, member), leader, StudyCredit.meets(credited, leader, member, training),
          online.result(), collective.result());
    });
  }

  private static double round(double hours) {
    return Math.round(hours * 100) / 100.0;
  }

  /**
   * Every party member on a roster in the org's subtree, with hours against 32 h (56 h for secretaries and
   * committee members); behind pace when short of the share of the year already gone.
   */
  Future<Report> report(Caller caller, UUID orgId, Integer year) {
    int y = year == null ? thisYear() : year;
    LocalDate today = clock.instant().atZone(Times.SCHOOL_ZONE).toLocalDate();
    double elapsed = StudyCredit.elapsedShare(y, today);
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> hours.ofSubtree(org.id(), y))
        .compose(rows -> scope.adminOver(caller, orgId).map(full -> {
          List<Member> members = new java.util.ArrayList<>(rows.size());
          int behind = 0;
          for (HoursRepository.MemberHours row : rows) {
            int required = StudyCredit.requiredHours(row.leader(), true);
            boolean late = row.hours() < required * elapsed;
            behind += late ? 1 : 0;
            members.add(new Member(row.personId(), cn.zhibu.platform.Masks.number(row.number(), full), row.name(),
                row.hours(), required, row.leader(), row.trained(),
                StudyCredit.meets(row.hours(), row.leader(), true, row.trained()), late));
          }
          return new Report(orgId, y, Math.round(elapsed * 1000) / 1000.0, behind, members);
        }));
  }

  Future<Buffer> spreadsheet(Caller caller, UUID orgId, Integer year) {
    return report(caller, orgId, year).compose(report -> vertx.executeBlocking(() -> Spreadsheet.write(book -> {
      Spreadsheet.Table sheet = book.table("学时", List.of("学号/工号", "姓名", "已完成学时", "要求学时", "须参加集中培训",
          "已参加集中培训", "达到要求", "进度落后"));
      report.members().forEach(m -> sheet.row(m.number(), m.name(), m.hours(), m.requiredHours(), m.trainingRequired(),
          m.trainingAttended(), m.meetsRequirement(), m.behindPace()));
    }), false));
  }
}
