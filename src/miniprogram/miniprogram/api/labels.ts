// Generated from api-spec/labels.json by gen-labels.mjs (npm run gen): do not edit.
export const LABELS: Record<string, Record<string, string>> = {
  "eventTypes": {
    "party_day": "主题党日",
    "branch_assembly": "支部党员大会",
    "committee_meeting": "支委会",
    "group_meeting": "党小组会",
    "party_lesson": "党课",
    "life_meeting": "组织生活会",
    "democratic_review": "民主评议党员",
    "study_session": "集中学习",
    "training": "集中培训",
    "other": "其他"
  },
  "requestStatuses": {
    "held": "待审核",
    "submitted": "待受理",
    "accepted": "已受理",
    "assigned": "已转办",
    "in_progress": "办理中",
    "resolved": "已办结",
    "closed": "已评价",
    "rejected": "不予受理"
  },
  "requestActions": {
    "file": "提交",
    "overdue": "超时催办",
    "accept": "受理",
    "assign": "转办",
    "start": "开始办理",
    "resolve": "办结",
    "return": "退单",
    "reject": "不予受理",
    "confirm": "确认并评价",
    "reopen": "重新办理"
  },
  "decisions": {
    "pending": "待审批",
    "approved": "已批准",
    "refused": "未批准"
  },
  "stages": {
    "applicant": "入党申请人",
    "activist": "入党积极分子",
    "candidate": "发展对象",
    "probationary": "预备党员",
    "full": "正式党员"
  },
  "roles": {
    "admin": "管理员",
    "secretary": "书记",
    "deputy_secretary": "副书记",
    "committee": "支委"
  },
  "assessmentLevels": {
    "advanced": "先进",
    "average": "一般",
    "lagging": "后进",
    "five_star": "五星",
    "four_star": "四星",
    "three_star": "三星",
    "two_star": "二星",
    "one_star": "一星"
  },
  "honourKinds": {
    "excellent_member": "优秀共产党员",
    "excellent_worker": "优秀党务工作者",
    "advanced_org": "先进基层党组织"
  }
};
