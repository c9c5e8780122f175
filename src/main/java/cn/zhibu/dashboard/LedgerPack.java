package cn.zhibu.dashboard;

import cn.zhibu.platform.Spreadsheet;
import cn.zhibu.platform.WorkbookExport;
import cn.zhibu.auth.Caller;
import cn.zhibu.auth.Role;
import cn.zhibu.compliance.ComplianceService;
import cn.zhibu.org.Scope;
import cn.zhibu.platform.ApiException;
import cn.zhibu.platform.Masks;
import cn.zhibu.platform.Times;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.YearMonth;
import cn.zhibu.platform.Exports;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The 台账 an inspector asks for (seed 002 三(二)): one workbook per org and period — meetings with their record,
 * attendance per person per meeting, compliance per month, study hours, volunteer hours, requests, notices and
 * their receipts, and the sheets other features add ({@link PackSheet}: 党费, 发展党员, 民主评议) — each sheet with a title
 * row naming the org and the period, Chinese headers, cancelled and 补录 meetings marked.
 */
final class LedgerPack {
  static final int MAX_MONTHS = 24;
  /** Meeting types as the 台账 and the dashboard sheet say them. */
  static final Map<String, String> TYPES = cn.zhibu.meeting.EventTypes.LABELS;
  private static final Map<String, String> STATUS = Map.of("scheduled", "正常", "cancelled", "已取消",
      "pending_approval", "补录待审批", "refused", "补录未通过");
  private static final Map<String, String> REQUEST_STATUS = cn.zhibu.platform.Labels.of("requestStatuses");
  private static final Map<String, String> PRESENCE = Map.of("present", "出席", "leave", "请假", "absent", "缺席");
  private final Vertx vertx;
  private final Exports exports;
  private final java.time.Clock clock;
  private final List<PackSheet> extra;
  private final Scope scope;
  private final ComplianceService compliance;

  LedgerPack(Vertx vertx, Exports exports, Scope scope, ComplianceService compliance, java.time.Clock clock,
      List<PackSheet> extra) {
    this.clock = clock;
    this.extra = extra;
    this.vertx = vertx;
    this.exports = exports;
    this.scope = scope;
    this.compliance = compliance;
  }

  /** The workbook as a temporary file (the caller sends and deletes it). */
  Future<Path> workbook(Caller caller, java.util.UUID orgId, String from, String to) {
    YearMonth first = YearMonth.parse(from);
    YearMonth last = YearMonth.parse(to);
    if (last.isBefore(first) || first.plusMonths(MAX_MONTHS - 1).isBefore(last)) {
      return Future.failedFuture(ApiException.unprocessable("ledger.invalid_period",
          "The period runs from an earlier month to a later one, at most " + MAX_MONTHS + " months"));
    }
    Instant start = first.atDay(1).atStartOfDay(Times.SCHOOL_ZONE).toInstant();
    Instant end = last.plusMonths(1).atDay(1).atStartOfDay(Times.SCHOOL_ZONE).toInstant();
    Tuple window = Tuple.of(orgId, start.atOffset(java.time.ZoneOffset.UTC), end.atOffset(java.time.ZoneOffset.UTC));
    // Meetings are read with "now" too: one not yet ended has no attendance to report.
    Tuple meetings = Tuple.of(orgId, start.atOffset(java.time.ZoneOffset.UTC), end.atOffset(java.time.ZoneOffset.UTC),
        clock.instant().atOffset(java.time.ZoneOffset.UTC));
    return scope.require(caller, orgId, Role.MANAGERS).compose(org -> scope.adminOver(caller, orgId).compose(full -> {
      List<YearMonth> months = new ArrayList<>();
      for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
        months.add(m);
      }
      String title = org.name() + " 组织生活台账 " + from + " 至 " + to;
      // One query after another, never all at once, each read through a cursor a chunk at a time and written to a
      // file as it comes: a pack holds one connection and one chunk of rows, so a school's 12-month pack (560,000
      // attendance rows at 40,000 members) neither waits out the pool nor fills the heap, and members' own
      // requests go on meanwhile. The twelve months of compliance come from one read of the meetings.
      return WorkbookExport.write(vertx, book -> book.sheet("会议", title + "：会议", MEETING_HEADER,
              rows(MEETINGS, meetings), LedgerPack::meeting)
            .compose(v -> book.sheet("出勤", title + "：每次会议每人出勤", ATTENDANCE_HEADER, rows(ATTENDANCE, meetings),
                r -> attendance(r, full)))
            .compose(v -> compliance.reports(caller, orgId, months.stream().map(YearMonth::toString).toList()))
            .compose(monthly -> book.write(sheets -> complianceSheet(sheets, title, monthly)))
            .compose(v -> book.sheet("学时", title + "：" + to.substring(0, 4) + " 年学习学时", STUDY_HEADER,
                rows(STUDY, Tuple.of(orgId, last.getYear())), r -> study(r, full)))
            .compose(v -> book.sheet("志愿服务", title + "：志愿服务时长", VOLUNTEER_HEADER, rows(VOLUNTEER, window),
                r -> volunteer(r, full)))
            .compose(v -> book.sheet("办实事", title + "：我为群众办实事（不含提出人）", REQUEST_HEADER, rows(REQUESTS, window),
                LedgerPack::request))
            .compose(v -> book.sheet("通知", title + "：通知与签收", NOTICE_HEADER, rows(NOTICES, window), LedgerPack::notice))
            .compose(v -> others(book, caller, orgId, last.getYear(), title)));
    }));
  }

  /** The sheets other features add (党费, 发展党员, 民主评议), one after another. */
  private Future<Void> others(WorkbookExport book, Caller caller, java.util.UUID orgId, int year, String title) {
    Future<Void> chain = Future.succeededFuture();
    for (PackSheet sheet : extra) {
      chain = chain.compose(v -> sheet.addTo(book, caller, orgId, year, title));
    }
    return chain;
  }

  private WorkbookExport.Rows rows(String sql, Tuple args) {
    return exports.rows(sql, args);
  }

  private static final String IN_SUBTREE = "(SELECT id FROM orgs WHERE $1 = ANY(ancestry))";

  private static final String MEETINGS = """
      SELECT e.starts_at, e.type, e.title, o.name AS org, e.status, e.backfilled, e.lecturer, e.agenda, e.minutes,
             e.study_hours, e.cancel_reason,
             c.expected, c.present, c.on_leave, e.ends_at <= $4 AS ended,
             (SELECT count(*) FROM event_attachments f WHERE f.event_id = e.id) AS files
      FROM events e JOIN orgs o ON o.id = e.org_id
      CROSS JOIN LATERAL (SELECT count(*) AS expected, count(*) FILTER (WHERE a.status = 'present') AS present,
                                 count(*) FILTER (WHERE a.status = 'leave') AS on_leave
                          FROM attendance a WHERE a.event_id = e.id) c
      WHERE e.org_id IN\s""" + IN_SUBTREE + " AND e.starts_at >= $2 AND e.starts_at < $3 ORDER BY e.starts_at, e.id";

  private static final String ATTENDANCE = """
      SELECT e.starts_at, e.title, e.status AS event_status, p.number, p.name, a.status, a.marked, a.mark_reason,
             a.offline, a.checked_in_at, e.ends_at <= $4 AS ended
      FROM attendance a JOIN events e ON e.id = a.event_id JOIN persons p ON p.id = a.person_id
      WHERE e.org_id IN\s""" + IN_SUBTREE + " AND e.starts_at >= $2 AND e.starts_at < $3 ORDER BY e.starts_at, e.id, p.number";

  private static final String STUDY = """
      SELECT p.number, p.name, h.online, h.collective, credited_hours(h.online, h.collective) AS credited,
             h.trained AS training,
             EXISTS (SELECT 1 FROM org_roles r WHERE r.person_id = p.id AND leader_role(r.role)) AS leader
      FROM study_hours_in($1, $2) h JOIN persons p ON p.id = h.person_id
      WHERE p.anonymised_at IS NULL AND p.stage IN ('probationary', 'full') ORDER BY p.number
      """;

  private static final String VOLUNTEER = """
      SELECT p.number, p.name,
             coalesce(sum(r.minutes) FILTER (WHERE r.status = 'approved'), 0) AS approved,
             coalesce(sum(r.minutes) FILTER (WHERE r.status LIKE 'pending%'), 0) AS pending
      FROM persons p LEFT JOIN volunteer_records r ON r.person_id = p.id AND r.started_at >= $2 AND r.started_at < $3
      WHERE p.org_id IN\s""" + IN_SUBTREE + " AND p.anonymised_at IS NULL GROUP BY p.id ORDER BY p.number";

  private static final String REQUESTS = """
      SELECT r.created_at, r.category, r.title, o.name AS org, r.status, r.resolved_at, r.rating, r.overdue
      FROM requests r JOIN orgs o ON o.id = r.org_id
      WHERE r.org_id IN\s""" + IN_SUBTREE + " AND r.created_at >= $2 AND r.created_at < $3 ORDER BY r.created_at";

  private static final String NOTICES = """
      SELECT n.created_at, n.title, a.name AS author, n.must_read,
             (SELECT count(*) FROM notice_reads r WHERE r.notice_id = n.id) AS reads
      FROM notices n JOIN persons a ON a.id = n.author_id
      WHERE EXISTS (SELECT 1 FROM notice_targets t WHERE t.notice_id = n.id AND t.org_id IN\s""" + IN_SUBTREE + """
      ) AND n.created_at >= $2 AND n.created_at < $3 ORDER BY n.created_at
      """;

  private static final List<String> MEETING_HEADER = List.of("日期", "类型", "题目", "组织", "状态", "补录", "主讲人", "议程",
      "会议记录", "学时", "应到", "实到", "请假", "出席率", "附件数", "取消原因");
  private static final List<String> ATTENDANCE_HEADER = List.of("日期", "会议", "会议状态", "学号/工号", "姓名", "出勤",
      "补签", "补签原因", "弱网签到", "签到时间");
  private static final List<String> STUDY_HEADER = List.of("学号/工号", "姓名", "网络学习", "集中学习", "计入学时", "要求",
      "参加集中培训");
  private static final List<String> VOLUNTEER_HEADER = List.of("学号/工号", "姓名", "已认定小时", "待审核小时");
  private static final List<String> REQUEST_HEADER = List.of("提出时间", "类别", "标题", "承办组织", "状态", "办结时间",
      "评价", "超时");
  private static final List<String> NOTICE_HEADER = List.of("发布时间", "标题", "发布人", "必读", "已读人数");

  private static List<Object> meeting(Row r) {
    long expected = r.getLong("expected");
    long onLeave = r.getLong("on_leave");
    return Arrays.asList(r.getOffsetDateTime("starts_at"),
        TYPES.getOrDefault(r.getString("type"), r.getString("type")), r.getString("title"), r.getString("org"),
        STATUS.get(r.getString("status")), r.getBoolean("backfilled") ? "是" : "否", r.getString("lecturer"),
        r.getString("agenda"), r.getString("minutes"),
        r.getValue("study_hours") == null ? null : r.getBigDecimal("study_hours").doubleValue(), expected,
        r.getLong("present"), onLeave,
        r.getBoolean("ended") && expected - onLeave > 0 ? (double) r.getLong("present") / (expected - onLeave) : null,
        r.getLong("files"),
        r.getString("cancel_reason"));
  }

  private static List<Object> attendance(Row r, boolean full) {
    return Arrays.asList(r.getOffsetDateTime("starts_at"), r.getString("title"),
        STATUS.get(r.getString("event_status")), Masks.number(r.getString("number"), full), r.getString("name"),
        presence(r), r.getBoolean("marked") ? "是" : "否", r.getString("mark_reason"),
        r.getBoolean("offline") ? "是" : "否", r.getOffsetDateTime("checked_in_at"));
  }

  /** 出席 / 请假 / 缺席; 未开始 for a meeting not yet ended where nobody has checked in or been excused. */
  private static String presence(Row r) {
    return !r.getBoolean("ended") && "absent".equals(r.getString("status")) ? "未开始" : PRESENCE.get(r.getString("status"));
  }

  private static void complianceSheet(Spreadsheet book, String title, List<cn.zhibu.compliance.Reports.Report> compliance) {
    Spreadsheet.Table sheet = book.table("三会一课", title + "：每月应开会议（到会过半，请假不计）",
        List.of("月份", "支部", "会议", "周期", "已开", "缺"));
    for (cn.zhibu.compliance.Reports.Report month : compliance) {
      for (cn.zhibu.compliance.Reports.Branch branch : month.branches()) {
        for (cn.zhibu.compliance.Reports.Requirement req : branch.requirements()) {
          if (!req.required()) {
            continue;
          }
          sheet.row(month.period(), branch.name(), TYPES.getOrDefault(req.type(), req.type()), cadence(req.cadence()),
              req.held() ? "是" : "否", branch.missing().contains(req.type()) ? "缺" : "");
        }
      }
    }
  }

  private static List<Object> study(Row r, boolean full) {
    double online = r.getBigDecimal("online").doubleValue();
    double collective = r.getBigDecimal("collective").doubleValue();
    return Arrays.asList(Masks.number(r.getString("number"), full), r.getString("name"), online, collective,
        r.getBigDecimal("credited").doubleValue(), r.getBoolean("leader") ? 56 : 32, r.getBoolean("training") ? "是" : "否");
  }

  private static List<Object> volunteer(Row r, boolean full) {
    return Arrays.asList(Masks.number(r.getString("number"), full), r.getString("name"), r.getLong("approved") / 60.0,
        r.getLong("pending") / 60.0);
  }

  private static List<Object> request(Row r) {
    return Arrays.asList(r.getOffsetDateTime("created_at"), r.getString("category"), r.getString("title"),
        r.getString("org"), REQUEST_STATUS.getOrDefault(r.getString("status"), r.getString("status")),
        r.getOffsetDateTime("resolved_at"), r.getInteger("rating"),
        Boolean.TRUE.equals(r.getBoolean("overdue")) ? "是" : "否");
  }

  private static List<Object> notice(Row r) {
    return Arrays.asList(r.getOffsetDateTime("created_at"), r.getString("title"), r.getString("author"),
        r.getBoolean("must_read") ? "是" : "否", r.getLong("reads"));
  }

  private static String cadence(String cadence) {
    return switch (cadence) {
      case "monthly" -> "每月";
      case "quarterly" -> "每季度";
      case "biennial" -> "每两年";
      default -> "每年";
    };
  }
}
