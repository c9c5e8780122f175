package cn.zhibu.platform;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a problem says to a person, in their language: Chinese unless the request asks for English first
 * ({@code Accept-Language: en…}). The {@code code} never changes; {@code title} and {@code detail} do. The
 * English texts are the ones the code throws; the Chinese ones live here, one per code (ErrorCatalogueTest
 * keeps this list complete).
 */
public final class Messages {
  private Messages() {
  }

  /** Whether the caller asked for English before any other language. */
  public static boolean english(String acceptLanguage) {
    if (acceptLanguage == null || acceptLanguage.isBlank()) {
      return false;
    }
    String first = acceptLanguage.split(",")[0].strip().toLowerCase();
    return first.startsWith("en");
  }

  static String title(int status) {
    return switch (status) {
      case 400 -> "请求有误";
      case 401 -> "请先登录";
      case 403 -> "无权操作";
      case 404 -> "未找到";
      case 405 -> "不支持的操作";
      case 409 -> "与当前状态冲突";
      case 415 -> "不支持的内容类型";
      case 422 -> "不符合业务规则";
      case 429 -> "操作过于频繁";
      case 501 -> "尚未提供";
      case 502, 503 -> "服务暂不可用";
      default -> "服务器内部错误";
    };
  }

  /** The Chinese detail of a problem; a validation error names the field and the rule. */
  static String detail(ApiException problem) {
    if ("request.invalid".equals(problem.code())) {
      return validation(problem.getMessage());
    }
    if (problem instanceof ApiException.RateLimited limited) {
      // what was refused (the code's sentence), then when to come back, in hours and minutes
      return ZH.getOrDefault(limited.code(), ZH.get("rate_limited")) + "，请 " + waitInWords(limited.retryAfterSeconds())
          + "后再试";
    }
    if (problem instanceof Duplicates.Refused duplicate) {
      return duplicate.chinese();
    }
    return ZH.getOrDefault(problem.code(), title(problem.status()));
  }

  /** A wait in words: 「23 小时 59 分钟」, not 「86399 秒」; under a minute in seconds. */
  static String waitInWords(long seconds) {
    if (seconds < 60) {
      return Math.max(1, seconds) + " 秒";
    }
    long minutes = (seconds + 59) / 60;
    long hours = minutes / 60;
    long rest = minutes % 60;
    return hours == 0 ? rest + " 分钟" : rest == 0 ? hours + " 小时" : hours + " 小时 " + rest + " 分钟";
  }

  private static final Pattern BODY_FIELD = Pattern.compile("Property \"([^\"]+)\"|at #/([A-Za-z0-9_/]+)");
  private static final Pattern PARAMETER = Pattern.compile("parameter ([A-Za-z0-9_-]+) is invalid");
  private static final Pattern MISSING = Pattern.compile("required parameter ([A-Za-z0-9_-]+)", Pattern.CASE_INSENSITIVE);

  /** The library's English validation message, said in Chinese: which field, and what kind of rule. */
  static String validation(String english) {
    String text = english == null ? "" : english;
    String rule = rule(text);
    Matcher parameter = PARAMETER.matcher(text);
    if (parameter.find()) {
      return "参数 " + parameter.group(1) + " 无效：" + rule;
    }
    Matcher missing = MISSING.matcher(text);
    if (missing.find()) {
      return "缺少必填参数 " + missing.group(1);
    }
    if (text.contains("does not contain the required body")) {
      return "请求缺少必需的内容：上传的文件是空的，或没有填写内容";
    }
    if (text.contains("can't be decoded") || text.contains("decode")) {
      return "请求体不是有效的 JSON";
    }
    if (text.contains("format of the request body is not supported")) {
      return "不支持这种请求内容类型，请按接口说明发送";
    }
    Matcher field = BODY_FIELD.matcher(text);
    String name = null;
    while (field.find()) {
      name = field.group(1) != null ? field.group(1) : field.group(2).replace('/', '.');
    }
    return name == null ? "请求内容不符合要求：" + rule : "字段 " + name + " 不符合要求：" + rule;
  }

  private static String rule(String text) {
    String t = text.toLowerCase();
    if (t.contains("additional properties")) {
      return "含有不允许的字段，或字段的值不合规";
    }
    if (t.contains("required")) {
      return "缺少必填项";
    }
    if (t.contains("format") && t.contains("uuid")) {
      return "不是有效的编号（UUID）";
    }
    if (t.contains("format") && t.contains("date-time")) {
      return "不是有效的时间（如 2026-11-24T08:00:00+08:00）";
    }
    if (t.contains("maxlength") || t.contains("max length") || t.contains("longer")) {
      return "太长";
    }
    if (t.contains("minlength") || t.contains("min length") || t.contains("shorter")) {
      return "太短或为空";
    }
    if (t.contains("maximum") || t.contains("greater")) {
      return "数值太大";
    }
    if (t.contains("minimum") || t.contains("less than")) {
      return "数值太小";
    }
    if (t.contains("maxitems") || t.contains("items")) {
      return "项目个数不符合要求";
    }
    if (t.contains("enum") || t.contains("const")) {
      return "不是允许的取值之一";
    }
    if (t.contains("pattern")) {
      return "格式不正确";
    }
    if (t.contains("type")) {
      return "类型不对（例如应为数字、文本或布尔值）";
    }
    return "格式或取值不正确";
  }

  /** One Chinese sentence per error code. */
  static final Map<String, String> ZH = Map.ofEntries(
      Map.entry("attachment.too_large", "文件太大，每个文件最多 10 MB"),
      Map.entry("photo.unsupported_type", "请上传 JPEG 或 PNG 照片（按文件内容判断，与文件名无关）"),
      Map.entry("photo.too_large", "照片不能超过 5 MB"),
      Map.entry("photo.too_many", "今天上传的照片已达 30 张"),
      Map.entry("attachment.too_many", "每次会议最多保存 20 个文件"),
      Map.entry("attachment.unsupported_type", "请上传 JPEG、PNG 照片或 PDF 文件（按文件内容判断，与文件名无关）"),
      Map.entry("attendance.outside_window", "补签只能在签到开始后至会议结束 30 天内进行"),
      Map.entry("attendance.own_record", "本人的出勤须由其他支委或书记补签"),
      Map.entry("auth.already_bound", "该微信已绑定其他人员"),
      Map.entry("auth.bind_failed", "学号/工号、姓名或激活码不匹配，请核对后再试"),
      Map.entry("auth.code_invalid", "微信登录凭证无效或已过期，请重新登录"),
      Map.entry("auth.code_used", "微信登录凭证已使用过，请重新登录"),
      Map.entry("auth.forbidden", "您的角色或所属组织无权进行此操作"),
      Map.entry("auth.poll_token_invalid", "只有发起扫码登录的浏览器才能查询此二维码"),
      Map.entry("auth.refresh_invalid", "登录已失效，请重新登录"),
      Map.entry("auth.refresh_reused", "为保障安全，此次登录已被结束，请重新登录"),
      Map.entry("auth.required", "请先登录"),
      Map.entry("auth.risky_user", "微信判定该账号存在风险，暂不能登录"),
      Map.entry("auth.session_revoked", "登录已结束，请重新登录"),
      Map.entry("auth.ticket_used", "该登录二维码已被确认过"),
      Map.entry("auth.token_invalid", "登录凭证无效或已过期，请重新登录"),
      Map.entry("checkin.closed", "签到已结束"),
      Map.entry("checkin.code_expired", "签到码已过期，请扫描屏幕上最新的签到码"),
      Map.entry("checkin.code_invalid", "这不是本次活动的签到码"),
      Map.entry("checkin.not_expected", "您不在本次活动的应到名单中"),
      Map.entry("checkin.not_open", "签到尚未开始"),
      Map.entry("checkin.out_of_area", "不在签到范围内，请到会场签到（需开启定位）"),
      Map.entry("checkin.scan_in_future", "扫码时间晚于当前时间，请检查手机时间设置"),
      Map.entry("checkin.upload_too_late", "离线扫码须在扫码后 2 小时内上传，已超时"),
      Map.entry("compliance.duplicate_type", "每种会议在规则中只能出现一次"),
      Map.entry("conflict.duplicate", "该记录已存在"),
      Map.entry("contest.already_entered", "本支部已报名该比赛"),
      Map.entry("contest.already_voted_today", "今天已经投过票了，明天再来"),
      Map.entry("contest.closed", "比赛已结束"),
      Map.entry("contest.not_eligible", "不符合参赛或投票条件"),
      Map.entry("course.credit_exceeds_length", "学时不能超过课程视频时长（每 45 分钟计 1 学时）"),
      Map.entry("course.invalid_quiz", "测验题目设置有误，请检查题目、选项和答案"),
      Map.entry("course.no_quiz", "本课程没有测验"),
      Map.entry("db.retry", "数据正在被同时修改，请稍后重试"),
      Map.entry("db.unavailable", "数据库暂不可用，请稍后重试"),
      Map.entry("event.already_started", "会议已开始，不能再修改时间、地点或取消"),
      Map.entry("event.backdated", "会议开始时间不能早于一小时前；会后补记请使用“补录”"),
      Map.entry("event.backfill_time", "补录仅限已经结束、且在 400 天以内的会议"),
      Map.entry("event.cancelled", "会议已取消"),
      Map.entry("event.invalid_time", "结束时间须晚于开始时间"),
      Map.entry("event.invalid_audience", "参加对象不符合要求：支委会只面向本组织的支委；点名参加的人须在本组织及下属组织的名册上"),
      Map.entry("event.study_hours_exceed_length", "计入的学时不能超过会议时长（每 45 分钟 1 学时）"),
      Map.entry("event.not_approved", "补录的会议尚未通过审批"),
      Map.entry("event.not_editable", "该会议已取消或未通过审批，不能再修改"),
      Map.entry("event.not_pending", "该会议不在待审批状态"),
      Map.entry("event.own_backfill", "本人补录的会议须由其他上级负责人审批"),
      Map.entry("event.record_closed", "会议结束已超过 30 天，会议记录不能再修改"),
      Map.entry("internal", "服务器出错了，请稍后再试；如反复出现请联系管理员"),
      Map.entry("leaderboard.unavailable", "排行榜正在重建，积分照常记录，请稍后查看"),
      Map.entry("leave.already_checked_in", "已经签到，无需请假"),
      Map.entry("leave.already_decided", "该请假已被处理"),
      Map.entry("leave.already_requested", "已经提交过请假"),
      Map.entry("transfer.destination", "请填写转入的校内支部，或校外接收单位（二选一）"),
      Map.entry("transfer.not_a_branch", "组织关系只能转入党支部"),
      Map.entry("transfer.same_org", "此人已在该支部"),
      Map.entry("transfer.pending", "此人已有一项待审批的组织关系转接"),
      Map.entry("transfer.own_decision", "转接须由申请人和本人以外的人审批"),
      Map.entry("transfer.already_decided", "该转接已审批"),
      Map.entry("transfer.not_approved", "转接批准后才能开具介绍信"),
      Map.entry("profile.future_date", "日期不能晚于今天"),
      Map.entry("profile.dates_out_of_order", "转正时间不能早于入党时间"),
      Map.entry("review.not_open", "民主评议不在进行中（未开始或已结束）"),
      Map.entry("review.not_closed", "民主评议结束后才能评定等次"),
      Map.entry("review.self_rating", "不能给自己评议"),
      Map.entry("review.unknown_ratee", "只能评议本次参评的党员，每人一次"),
      Map.entry("review.already_voted", "您已提交过评议票，每人只能投一次"),
      Map.entry("review.own_grade", "不能为自己评定等次，书记的等次由上级评定"),
      Map.entry("profile.implausible_date", "日期不能早于1900年，请检查是否输入有误"),
      Map.entry("profile.own_record", "本人的党员信息须由其他支委或管理员修改"),
      Map.entry("dues.duplicate_person", "同一人在一次核定中只能出现一次"),
      Map.entry("dues.own_base", "本人的党费基数须由其他支委或管理员核定"),
      Map.entry("quiz.lessons_incomplete", "请先学完本课程的全部课节，再参加测验（不会占用测验次数）"),
      Map.entry("db.timeout", "查询时间过长已被中止（未做任何修改），请缩短时间范围或稍后再试"),
      Map.entry("wechat.bad_signature", "消息签名无效，不是来自微信的推送"),
      Map.entry("review.invalid_time", "结束时间应晚于开始时间"),
      Map.entry("dues.already_paid", "所选月份中有已缴纳的月份，同一月份不能重复缴纳"),
      Map.entry("dues.amount_short", "缴纳金额少于所选月份应缴金额（可多缴，不可少缴）"),
      Map.entry("dues.no_base", "请先为该党员核定当年的党费缴纳基数"),
      Map.entry("dues.base_required", "在职和离退休党员须填写月缴纳基数"),
      Map.entry("dues.not_on_roster", "该人员不在本组织的名册上"),
      Map.entry("dues.own_payment", "本人的党费须由其他支委登记"),
      Map.entry("dues.invalid_month", "月份格式应为 YYYY-MM，且不能重复"),
      Map.entry("development.out_of_order", "发展党员须按程序逐步记录，请先记录上一个环节"),
      Map.entry("development.too_early", "未到该环节的最早时间（如积极分子培养满一年、公示满 5 个工作日、预备期满一年）"),
      Map.entry("development.future_date", "环节完成后才能记录，日期不能晚于今天"),
      Map.entry("development.own_record", "本人的发展环节须由他人记录"),
      Map.entry("leave.own_request", "本人的请假须由他人审批"),
      Map.entry("leave.too_late", "会议结束后不能再请假"),
      Map.entry("ledger.invalid_period", "时间范围有误：起始月份须不晚于结束月份，且最多 24 个月"),
      Map.entry("method_not_allowed", "不支持此操作"),
      Map.entry("not_found", "未找到该内容，或您无权查看"),
      Map.entry("not_implemented", "该功能尚未提供"),
      Map.entry("notice.remind_too_soon", "这条通知 24 小时内已提醒过"),
      Map.entry("org.term_in_future", "任期从选举之日起算，开始日期不能晚于今天"),
      Map.entry("org.group_has_no_term", "党小组属于所在支部，没有自己的任期和类别"),
      Map.entry("election.no_quorum", "到会有选举权的党员未超过应到会人数的一半，选举无效"),
      Map.entry("election.no_competition", "候选人人数须多于应选人数（差额选举）"),
      Map.entry("election.invalid_candidates", "候选人须是本组织名册上的正式党员，各列一次，得票不超过到会人数"),
      Map.entry("election.tie", "最后一个名额得票相同，须就这几人另行投票"),
      Map.entry("election.not_elected", "书记、副书记和委员分工须从当选人中确定"),
      Map.entry("election.pending", "本组织已有一次选举在等待上级批复"),
      Map.entry("election.own_decision", "选举的记录人和候选人不能批复这次选举"),
      Map.entry("election.already_decided", "这次选举已经批复过了"),
      Map.entry("assessment.invalid_indicators", "考核指标须是系统能计算的指标，各列一次，权重大于 0"),
      Map.entry("assessment.invalid_dates", "考核的截止时间须晚于开始时间"),
      Map.entry("assessment.invalid_level", "学院或学校党委考核所属党支部，学校党委考核院级党组织；等次须是规定的等次之一"),
      Map.entry("assessment.duplicate", "本组织这一年度的这一层级考核已经创建"),
      Map.entry("assessment.not_closed", "考核截止后才能评定等次"),
      Map.entry("assessment.not_assessed", "该组织不在本次考核范围内"),
      Map.entry("assessment.own_org", "不能为自己担任班子成员的组织评定等次"),
      Map.entry("rectification.past_due", "整改期限不能早于今天"),
      Map.entry("rectification.invalid_owner", "整改责任人须在本组织或下级组织的名册上"),
      Map.entry("rectification.invalid_state", "整改事项当前的状态不能进行这一操作"),
      Map.entry("rectification.own_verification", "整改责任人不能验收自己的整改"),
      Map.entry("rectification.note_required", "退回整改时请说明还需整改的内容"),
      Map.entry("assessment.closed", "考核已经截止"),
      Map.entry("assessment.not_open", "述职评议只在考核进行期间开放"),
      Map.entry("assessment.no_report", "该组织书记尚未提交述职报告"),
      Map.entry("assessment.already_rated", "您已经评议过这份述职报告"),
      Map.entry("assessment.own_report", "述职的书记不能评议自己的述职报告"),
      Map.entry("honour.invalid_kind", "表彰类别须是本次评选的类别，且各列一次"),
      Map.entry("honour.nominations_closed", "推荐已经截止"),
      Map.entry("honour.invalid_nominee", "支部书记推荐本支部党员或本支部，优秀共产党员和优秀党务工作者须是党员"),
      Map.entry("honour.own_nomination", "不能推荐或确定自己"),
      Map.entry("honour.duplicate", "已推荐过，不能重复推荐"),
      Map.entry("honour.nominations_open", "推荐截止后才能确定公示名单"),
      Map.entry("honour.unknown_nomination", "只能从本次评选的推荐中确定"),
      Map.entry("honour.already_shortlisted", "公示已经开始"),
      Map.entry("honour.notice_running", "公示期满后才能确定表彰"),
      Map.entry("honour.not_shortlisted", "只能确定公示名单中的推荐"),
      Map.entry("honour.already_confirmed", "表彰已经确定"),
      Map.entry("mobility.destination_required", "请填写流动去向（流入地或单位）"),
      Map.entry("mobility.invalid_dates", "返回日期不能早于外出日期"),
      Map.entry("org.duplicate_name", "同一上级下已有同名组织"),
      Map.entry("org.invalid_kind", "不能在此类组织下建立该类组织"),
      Map.entry("points.key_reused", "该幂等键已用于另一条奖励"),
      Map.entry("points.self_award", "不能给自己加分"),
      Map.entry("quiz.no_attempts_left", "测验次数已用完"),
      // the three 429 codes: the wait is added to them (detail above)
      Map.entry("rate_limited", "操作太频繁"),
      Map.entry("redis.unavailable", "缓存服务暂不可用，请稍后重试"),
      Map.entry("request.assignee_out_of_scope", "只能转办给本组织下属的组织"),
      Map.entry("request.assignee_required", "请选择承办组织"),
      Map.entry("request.bad_cursor", "分页参数无效，请从第一页重新加载"),
      Map.entry("request.content_refused", "内容未通过微信内容安全检测，请修改后再提交"),
      Map.entry("request.invalid", "请求内容不符合要求"),
      Map.entry("request.invalid_character", "内容中含有不允许的控制字符（NUL）"),
      Map.entry("request.invalid_transition", "当前状态下不能进行此操作"),
      Map.entry("request.malformed_json", "请求体不是有效的 JSON"),
      Map.entry("request.note_required", "请填写理由"),
      Map.entry("request.rating_required", "请先评分（1-5 分）"),
      Map.entry("request.too_large", "提交的内容太大"),
      Map.entry("request.unknown_category", "请选择有效的诉求类别"),
      Map.entry("request.unsupported_media_type", "不支持这种内容类型，请按接口说明发送"),
      Map.entry("roles.group_member_only", "党小组只设组员，支委和书记职务属于支部"),
      Map.entry("roles.not_a_party_member", "只有预备党员和正式党员可以担任此职务"),
      Map.entry("roles.not_on_roster", "该人员不在本组织名册中（学院、学校的领导班子须是其下属组织的党员）"),
      Map.entry("development.vote_failed", "表决未通过或人数不符：到会须超过应到会有表决权正式党员的半数，赞成须超过其半数，赞成、反对、弃权之和不超过到会人数"),
      Map.entry("development.vote_missing", "“支部大会讨论”须同时记录表决情况（应到、到会、赞成、反对、弃权人数），其他环节不记录表决"),
      Map.entry("development.contact_not_full_member", "培养联系人和入党介绍人须是您所管理组织名册上的正式党员，且不能是本人"),
      Map.entry("development.introducers_too_early", "确定为发展对象后才能确定入党介绍人"),
      Map.entry("development.not_in_development", "只有入党申请人、积极分子、发展对象和预备党员需要确定培养联系人"),
      Map.entry("thought_report.future_period", "思想汇报只能提交本季度或以前季度的"),
      Map.entry("thought_report.not_expected", "思想汇报由入党申请人、积极分子、发展对象和预备党员提交"),
      Map.entry("thought_report.own", "不能阅知自己的思想汇报"),
      Map.entry("thought_report.already_acknowledged", "这份思想汇报已有人阅知"),
      Map.entry("care.future_date", "走访慰问在走访之后登记，日期不能晚于今天"),
      Map.entry("care.invalid_person", "走访对象须是本组织及下属组织名册上的人"),
      Map.entry("review.invalid_code", "评议码无效或已使用"),
      Map.entry("dues.online_payment_off", "本校尚未开通微信支付缴纳党费，请向支部缴纳"),
      Map.entry("dues.month_in_order", "该月份已在另一笔未完成的订单中，请先完成或等待其关闭"),
      Map.entry("dues.no_wechat", "请用微信登录后再缴费"),
      Map.entry("wechatpay.bad_signature", "通知未通过微信支付签名验证"),
      Map.entry("wechatpay.error", "微信支付返回错误，请稍后重试"),
      Map.entry("wechatpay.unavailable", "微信支付暂不可用，请稍后重试"),
      Map.entry("dues.future_date", "记录的日期不能晚于今天"),
      Map.entry("event.invalid_review_year", "会议所评议的年度须是召开当年；1 至 3 月召开的可评议上一年度"),
      Map.entry("talk.future_date", "谈话记录在谈话之后填写，日期不能晚于今天"),
      Map.entry("talk.invalid_people", "谈话对象须是本组织及下属组织名册上的人，且不能是谈话人本人"),
      Map.entry("roles.post_without_committee", "分工（如组织委员）只能给支委（委员）或副书记"),
      Map.entry("roster.empty_file", "上传的文件是空的，或没有表头"),
      Map.entry("roster.file_too_large", "表格太大，超出名册的合理范围（行数、列数或解压后大小）"),
      Map.entry("roster.missing_column", "表头缺少必需的列：学号/工号、姓名、政治面貌"),
      Map.entry("roster.not_a_branch", "名册只能导入到支部"),
      Map.entry("roster.too_many_rows", "一次最多导入 5000 行"),
      Map.entry("roster.already_bound", "此人已绑定，无需激活码；换手机只需用微信重新登录"),
      Map.entry("roster.unreadable_file", "无法读取该文件，请用 Excel 或 WPS 另存为 .xlsx 或 .csv 后重试"),
      Map.entry("study.session_replaced", "已在其他设备上继续学习，本页面的学习进度不再计时"),
      Map.entry("volunteer.already_reviewed", "该记录已审核"),
      Map.entry("volunteer.full", "活动名额已满"),
      Map.entry("volunteer.invalid_time", "结束时间须晚于开始时间，且不能晚于现在"),
      Map.entry("volunteer.not_checked_in", "请先签到"),
      Map.entry("volunteer.not_signed_up", "请先报名该活动"),
      Map.entry("volunteer.overlap", "与您的其他服务记录时间重叠"),
      Map.entry("volunteer.own_record", "本人的服务时长须由他人审核"),
      Map.entry("volunteer.spans_days", "请按天分别申报"),
      Map.entry("volunteer.too_many_hours", "每天最多申报 12 小时"),
      Map.entry("wechat.error", "微信接口返回错误，请稍后重试"),
      Map.entry("wechat.misconfigured", "小程序配置有误（AppID 或 AppSecret），请联系管理员"),
      Map.entry("wechat.not_subscribed", "用户未订阅该消息"),
      Map.entry("wechat.rate_limited", "微信接口调用过于频繁，请稍后重试"),
      Map.entry("wechat.unavailable", "微信服务暂不可用，请稍后重试"));
}
