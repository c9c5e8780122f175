package cn.zhibu.statistics;

import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.Spreadsheet;
import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * 党内统计 (seed 002 §20 持续加强党内统计) of a subtree as of a date: people by stage × category; the party members by
 * gender, ethnicity, age band and education; orgs by kind and category; the 双带头人 share of teacher branches (seed 002
 * §14: 100 %); the year's development. Stages, categories and roles are as recorded now — the roster keeps no history
 * of them — while ages, roster entry and development counts follow the date.
 */
final class StatisticsService {
  static final List<String> STAGES = List.of("applicant", "activist", "candidate", "probationary", "full");
  static final Map<String, String> PERSON_CATEGORIES = labels("student", "学生", "teacher", "教师", "staff", "职工",
      "retired", "离退休", "other", "其他");
  static final Map<String, String> ORG_CATEGORIES = labels("student", "学生", "teacher", "教师", "staff", "职工",
      "retired", "离退休", "mixed", "混合");
  static final Map<String, String> KINDS = labels("college", "院级党组织", "branch", "党支部", "group", "党小组");
  static final Map<String, String> GENDERS = labels("male", "男", "female", "女");
  static final Map<String, String> ETHNICITIES = labels("han", "汉族", "minority", "少数民族");
  static final Map<String, String> EDUCATION = labels("doctorate", "博士研究生", "master", "硕士研究生", "bachelor", "大学本科",
      "associate", "大学专科", "vocational", "中专", "senior", "高中", "junior", "初中", "primary", "小学及以下");
  /** The upper age of each band, inclusive; the last band is open. */
  static final int[] AGE_BANDS = {30, 35, 40, 45, 50, 55, 60, 70, 80};
  static final String UNKNOWN = "未填";

  private final Vertx vertx;
  private final StatisticsRepository counts;
  private final Scope scope;
  private final Clock clock;

  StatisticsService(Vertx vertx, StatisticsRepository counts, Scope scope, Clock clock) {
    this.vertx = vertx;
    this.counts = counts;
    this.scope = scope;
    this.clock = clock;
  }

  Future<PartyStatistics.Report> report(Caller caller, UUID orgId, String date) {
    LocalDate on = date == null ? LocalDate.now(clock.withZone(Times.SCHOOL_ZONE)) : LocalDate.parse(date);
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> Future.all(counts.people(org.id(), on),
            counts.orgs(org.id()), counts.development(org.id(), on.withDayOfYear(1), on))
        .map(all -> assemble(org.id(), on, all.resultAt(0), all.resultAt(1), all.resultAt(2))));
  }

  static PartyStatistics.Report assemble(UUID orgId, LocalDate on, List<StatisticsRepository.Tally> people,
      List<StatisticsRepository.Tally> orgs, List<StatisticsRepository.Tally> development) {
    Map<String, int[]> byCategory = new LinkedHashMap<>();
    PERSON_CATEGORIES.keySet().forEach(c -> byCategory.put(c, new int[STAGES.size()]));
    byCategory.put(null, new int[STAGES.size()]);
    int partyMembers = 0;
    for (StatisticsRepository.Tally t : people) {
      if ("stage".equals(t.dimension())) {
        byCategory.computeIfAbsent(t.other(), c -> new int[STAGES.size()])[STAGES.indexOf(t.key())] += t.count();
        partyMembers += "probationary".equals(t.key()) || "full".equals(t.key()) ? t.count() : 0;
      }
    }
    List<PartyStatistics.StageRow> rows = new ArrayList<>();
    byCategory.forEach((category, n) -> rows.add(new PartyStatistics.StageRow(category, n[0], n[1], n[2], n[3], n[4],
        n[0] + n[1] + n[2] + n[3] + n[4])));
    int[] ages = new int[AGE_BANDS.length + 2];
    for (StatisticsRepository.Tally t : people) {
      if ("age".equals(t.dimension())) {
        ages[t.key() == null ? ages.length - 1 : band(Integer.parseInt(t.key()))] += t.count();
      }
    }
    List<PartyStatistics.Count> ageBands = new ArrayList<>();
    for (int i = 0; i < ages.length; i++) {
      ageBands.add(new PartyStatistics.Count(ageKey(i), ageLabel(i), ages[i]));
    }
    Map<String, Integer> teacher = tally(orgs, "teacher_branch");
    int teacherBranches = teacher.values().stream().mapToInt(Integer::intValue).sum();
    int dual = teacher.getOrDefault("dual", 0);
    List<PartyStatistics.OrgCount> orgCounts = orgs.stream().filter(t -> "org".equals(t.dimension()))
        .map(t -> new PartyStatistics.OrgCount(t.key(), t.other(), t.count()))
        .sorted(java.util.Comparator.comparingInt((PartyStatistics.OrgCount o) -> List.copyOf(KINDS.keySet()).indexOf(o.kind()))
            .thenComparing(o -> o.category() == null ? "~" : o.category()))
        .toList();
    Map<String, Integer> steps = tally(development, "milestone");
    return new PartyStatistics.Report(orgId, on.toString(), rows, partyMembers,
        counted(people, "gender", GENDERS), counted(people, "ethnicity", ETHNICITIES), ageBands,
        counted(people, "education", EDUCATION), orgCounts,
        new PartyStatistics.TeacherBranches(teacherBranches, dual,
            teacherBranches == 0 ? null : Math.round(dual * 1000.0 / teacherBranches) / 1000.0),
        new PartyStatistics.Development(on.getYear(), steps.getOrDefault("application", 0),
            steps.getOrDefault("activist", 0), steps.getOrDefault("candidate", 0), steps.getOrDefault("admitted", 0),
            steps.getOrDefault("full_member", 0)));
  }

  /** The band of an age: 30 and under, 31–35, … 71–80, 81 and over. */
  static int band(int age) {
    for (int i = 0; i < AGE_BANDS.length; i++) {
      if (age <= AGE_BANDS[i]) {
        return i;
      }
    }
    return AGE_BANDS.length;
  }

  private static String ageKey(int i) {
    if (i == AGE_BANDS.length + 1) {
      return "unknown";
    }
    return i == 0 ? "-30" : i == AGE_BANDS.length ? (AGE_BANDS[i - 1] + 1) + "-" : (AGE_BANDS[i - 1] + 1) + "-" + AGE_BANDS[i];
  }

  private static String ageLabel(int i) {
    if (i == AGE_BANDS.length + 1) {
      return UNKNOWN;
    }
    return i == 0 ? "30岁及以下" : i == AGE_BANDS.length ? (AGE_BANDS[i - 1] + 1) + "岁及以上"
        : (AGE_BANDS[i - 1] + 1) + "至" + AGE_BANDS[i] + "岁";
  }

  private static List<PartyStatistics.Count> counted(List<StatisticsRepository.Tally> tallies, String dimension,
      Map<String, String> labels) {
    Map<String, Integer> n = tally(tallies, dimension);
    List<PartyStatistics.Count> out = new ArrayList<>();
    labels.forEach((key, label) -> out.add(new PartyStatistics.Count(key, label, n.getOrDefault(key, 0))));
    out.add(new PartyStatistics.Count("unknown", UNKNOWN, n.getOrDefault(null, 0)));
    return out;
  }

  private static Map<String, Integer> tally(List<StatisticsRepository.Tally> tallies, String dimension) {
    Map<String, Integer> n = new java.util.HashMap<>();
    tallies.stream().filter(t -> dimension.equals(t.dimension())).forEach(t -> n.merge(t.key(), t.count(), Integer::sum));
    return n;
  }

  private static Map<String, String> labels(String... pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      map.put(pairs[i], pairs[i + 1]);
    }
    return map;
  }

  /** The workbook a 组织部 hands upwards: one sheet per table, the date in every title. */
  Future<Buffer> spreadsheet(Caller caller, UUID orgId, String date) {
    return report(caller, orgId, date).compose(r -> vertx.executeBlocking(() -> Spreadsheet.write(book -> {
      String asOf = "（截至 " + r.date() + "）";
      Spreadsheet.Table people = book.table("党员队伍", "党员和入党积极分子等情况" + asOf,
          List.of("人员类别", "入党申请人", "入党积极分子", "发展对象", "预备党员", "正式党员", "合计", "其中党员"));
      for (PartyStatistics.StageRow row : r.people()) {
        people.row(row.category() == null ? "未分类" : PERSON_CATEGORIES.get(row.category()), row.applicant(),
            row.activist(), row.candidate(), row.probationary(), row.full(), row.total(), row.probationary() + row.full());
      }
      people.note("党员合计 " + r.partyMembers() + " 名。人员类别和政治面貌按当前名册记录统计。");
      Spreadsheet.Table makeup = book.table("党员构成", "党员性别、民族、年龄、学历构成" + asOf, List.of("项目", "分组", "人数"));
      for (var part : List.of(Map.entry("性别", r.gender()), Map.entry("民族", r.ethnicity()),
          Map.entry("年龄", r.ageBands()), Map.entry("学历", r.education()))) {
        for (PartyStatistics.Count c : part.getValue()) {
          makeup.row(part.getKey(), c.label(), c.count());
        }
      }
      Spreadsheet.Table orgTable = book.table("党组织", "党组织设置情况" + asOf, List.of("组织类型", "类别", "个数"));
      for (PartyStatistics.OrgCount o : r.orgs()) {
        orgTable.row(KINDS.getOrDefault(o.kind(), o.kind()), o.category() == null ? "未分类"
            : ORG_CATEGORIES.getOrDefault(o.category(), o.category()), o.count());
      }
      PartyStatistics.TeacherBranches t = r.teacherBranches();
      orgTable.note("教师党支部 " + t.count() + " 个，书记为“双带头人”的 " + t.withDualLeader() + " 个"
          + (t.share() == null ? "" : "（" + Math.round(t.share() * 1000) / 10.0 + "%，要求 100%）") + "。");
      PartyStatistics.Development d = r.development();
      book.table("发展党员", d.year() + " 年发展党员情况" + asOf,
              List.of("递交入党申请书", "确定为入党积极分子", "确定为发展对象", "接收为预备党员", "预备党员转正"))
          .row(d.applications(), d.activists(), d.candidates(), d.admitted(), d.fullMembers());
    }), false));
  }
}
