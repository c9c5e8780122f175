// The words the console shows for the server's codes. Those the server and the mini-program show too (meeting
// types, request states and actions, decisions, stages, roles, assessment levels, honour kinds) come from the one file they all read,
// api-spec/labels.json, imported at build; a request's allowed actions come with the request (allowedActions).
import LABELS from '../../../api-spec/labels.json';

export const ROLE = LABELS.roles;
export const STAGE = LABELS.stages;
export const TYPES = LABELS.eventTypes;
export const REQUEST_STATUS = LABELS.requestStatuses;
export const REQUEST_ACTION = LABELS.requestActions;
export const DECISION = LABELS.decisions;
export const ASSESSMENT_LEVEL = LABELS.assessmentLevels;
export const HONOUR_KIND = LABELS.honourKinds;
export const DELIVERY = { pending: '推送中', sent: '已推送', no_credit: '未订阅', undeliverable: '无法推送', failed: '推送失败' };
export const EVENT_STATUS = { scheduled: '', cancelled: '已取消', pending_approval: '补录待审批', refused: '补录未通过' };
export const PRESENCE = { checked_in: '已签到', on_leave: '请假', absent: '未签到' };
export const CATEGORY = { student: '学生', employed: '在职', retired: '离退休', other: '其他' };
export const ROUND = { upcoming: '未开始', open: '进行中', closed: '已结束' };
export const GRADE = { excellent: '优秀', qualified: '合格', basically_qualified: '基本合格', unqualified: '不合格' };
/** 人员类别 and 组织类别 for 党内统计 (not the dues category above). */
export const PERSON_KIND = { student: '学生', teacher: '教师', staff: '职工', retired: '离退休', other: '其他' };
export const ORG_KIND = { student: '学生', teacher: '教师', staff: '职工', retired: '离退休', mixed: '混合' };
export const ORG_LEVEL = { school: '学校党委', college: '院级党组织', branch: '党支部', group: '党小组' };
export const ELECTION = { pending: '待上级批复', approved: '已批准', rejected: '未批准' };
/** 关怀帮扶: who is cared for, and the campaigns of visits. */
export const CARE_KIND = { elder: '老党员', hardship: '困难党员', frontline: '急难险重任务党员' };
export const CAMPAIGN = { spring_festival: '元旦春节', july_first: '七一', other: '其他' };
export const GENDER = { male: '男', female: '女' };
export const EDUCATION = { primary: '小学及以下', junior: '初中', senior: '高中', vocational: '中专', associate: '大专', bachelor: '本科', master: '硕士研究生', doctorate: '博士研究生' };

/** Options for a t-select from one of the tables above. */
export const options = (table) => Object.entries(table).map(([value, label]) => ({ value, label }));

const zone = { timeZone: 'Asia/Shanghai', hour12: false };
/** 11/3 14:00 in the school's time zone, whatever the desk's clock says. */
export const at = (iso) => (iso ? new Date(iso).toLocaleString('zh-CN', { ...zone, month: 'numeric', day: 'numeric',
  hour: '2-digit', minute: '2-digit' }) : '—');
export const stamp = (iso) => (iso ? new Date(iso).toLocaleString('zh-CN', zone) : '—');
/** Today in Beijing as YYYY-MM-DD. */
export const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
/** A Beijing wall-clock date and time as an instant. */
export const beijing = (date, time) => new Date(date + 'T' + time + ':00+08:00').toISOString();
export const yuan = (fen) => (fen === null || fen === undefined ? '—' : (fen / 100).toFixed(2));
export const percent = (v) => (v === null || v === undefined ? '—' : Math.round(v * 1000) / 10 + '%');
