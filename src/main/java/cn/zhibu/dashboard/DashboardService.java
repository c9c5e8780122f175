package cn.zhibu.dashboard;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.compliance.ComplianceService;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.Times;
import cn.zhibu.request.RequestReports;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The figures the web console charts for an org's subtree and a year (月报、季评): attendance per month,
 * compliance, study hours against the requirement, volunteer hours per month, request rates, and the top
 * members and branches. Each figure is one aggregate query; nothing here writes.
 */
final class DashboardService {
  /** {@code Dashboard}: every chart's figures (the compliance and request parts as their own services answer). */
  record Dashboard(UUID orgId, int year, List<MonthRate> attendanceByMonth,
      cn.zhibu.compliance.Reports.Report compliance, Study study,
      List<MonthHours> volunteerHoursByMonth, cn.zhibu.request.RequestReports.Metrics requests, List<TopMember> topMembers,
      List<TopBranch> topBranches) {
  }

  /** Checked in over expected and not excused; null for a month without meetings. */
  record MonthRate(int month, Double rate) {
  }

  /** Party members by how far they are towards their yearly hours, and the average. */
  record Study(int members, double averageHours, List<Bucket> distribution) {
  }

  record Bucket(String share, int members) {
  }

  record MonthHours(int month, double hours) {
  }

  record TopMember(int rank, UUID personId, String name, long points) {
  }

  record TopBranch(int rank, UUID orgId, String name, long members, double averagePoints) {
  }

  private static final String[] SHARES = {"0-25%", "25-50%", "50-75%", "75-100%", "已达标"};
  private final DashboardRepository figures;
  private final Scope scope;
  private final ComplianceService compliance;
  private final RequestReports requests;
  private final Clock clock;

  DashboardService(DashboardRepository figures, Scope scope, ComplianceService compliance, RequestReports requests,
      Clock clock) {
    this.figures = figures;
    this.scope = scope;
    this.compliance = compliance;
    this.requests = requests;
    this.clock = clock;
  }

  Future<Dashboard> dashboard(Caller caller, UUID orgId, Integer year) {
    LocalDate today = clock.instant().atZone(Times.SCHOOL_ZONE).toLocalDate();
    int y = year == null ? today.getYear() : year;
    YearMonth month = y == today.getYear() ? YearMonth.from(today) : YearMonth.of(y, 12);
    String from = LocalDate.of(y, 1, 1).atStartOfDay(Times.SCHOOL_ZONE).toOffsetDateTime().toString();
    String to = LocalDate.of(y + 1, 1, 1).atStartOfDay(Times.SCHOOL_ZONE).toOffsetDateTime().toString();
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> {
      Future<List<MonthRate>> attendance = figures.attendanceByMonth(org.id(), y, clock.instant()).map(DashboardService::rates);
      Future<cn.zhibu.compliance.Reports.Report> complianceNow = compliance.report(caller, org.id(), month.toString());
      Future<Study> study = figures.study(org.id(), y).map(DashboardService::study);
      Future<List<MonthHours>> volunteer = figures.volunteerByMonth(org.id(), y).map(DashboardService::hours);
      Future<cn.zhibu.request.RequestReports.Metrics> requestRates = requests.metrics(caller, org.id(), from, to);
      Future<List<TopMember>> top = figures.topMembers(org.id(), y).map(DashboardService::topMembers);
      Future<List<TopBranch>> branches = figures.branches(org.id(), y).map(DashboardService::topBranches);
      return Future.all(List.of(attendance, complianceNow, study, volunteer, requestRates, top, branches))
          .map(all -> new Dashboard(org.id(), y, attendance.result(), complianceNow.result(), study.result(),
              volunteer.result(), requestRates.result(), top.result(), branches.result()));
    });
  }

  private static List<MonthRate> rates(List<DashboardRepository.MonthAttendance> months) {
    Double[] rate = new Double[13];
    for (DashboardRepository.MonthAttendance m : months) {
      long counted = m.expected() - m.onLeave();
      if (counted > 0) {
        rate[m.month()] = Math.round(m.checkedIn() * 10_000.0 / counted) / 10_000.0;
      }
    }
    List<MonthRate> all = new ArrayList<>(12);
    for (int m = 1; m <= 12; m++) {
      all.add(new MonthRate(m, rate[m]));
    }
    return all;
  }

  /** How far the subtree's party members are towards their 32 h or 56 h: counts by quarter of the requirement. */
  private static Study study(List<DashboardRepository.StudyHours> people) {
    int[] buckets = new int[5];
    double total = 0;
    for (DashboardRepository.StudyHours p : people) {
      buckets[Math.min(4, (int) Math.floor(p.hours() / p.required() * 4))]++;
      total += p.hours();
    }
    List<Bucket> distribution = new ArrayList<>(5);
    for (int i = 0; i < 5; i++) {
      distribution.add(new Bucket(SHARES[i], buckets[i]));
    }
    int members = people.size();
    return new Study(members, members == 0 ? 0 : Math.round(total * 100.0 / members) / 100.0, distribution);
  }

  private static List<MonthHours> hours(List<DashboardRepository.MonthMinutes> months) {
    double[] hours = new double[13];
    months.forEach(m -> hours[m.month()] = Math.round(m.minutes() * 100.0 / 60) / 100.0);
    List<MonthHours> all = new ArrayList<>(12);
    for (int m = 1; m <= 12; m++) {
      all.add(new MonthHours(m, hours[m]));
    }
    return all;
  }

  private static List<TopMember> topMembers(List<DashboardRepository.MemberPoints> members) {
    List<TopMember> top = new ArrayList<>(members.size());
    members.forEach(m -> top.add(new TopMember(top.size() + 1, m.personId(), m.name(), m.points())));
    return top;
  }

  /** Branches of the subtree by average points per party member, so size does not win; the ten best. */
  private static List<TopBranch> topBranches(List<DashboardRepository.BranchPoints> branches) {
    List<DashboardRepository.BranchPoints> sorted = new ArrayList<>(branches);
    sorted.sort(java.util.Comparator.comparingDouble(DashboardService::average).reversed());
    List<TopBranch> top = new ArrayList<>(10);
    for (DashboardRepository.BranchPoints b : sorted.subList(0, Math.min(10, sorted.size()))) {
      top.add(new TopBranch(top.size() + 1, b.orgId(), b.name(), b.members(), average(b)));
    }
    return top;
  }

  private static double average(DashboardRepository.BranchPoints b) {
    return b.members() == 0 ? 0.0 : Math.round(b.points() * 100.0 / b.members()) / 100.0;
  }
}
