/** Dates and numbers as a Chinese reader expects them (times in Beijing time, whatever the phone's zone). */

const pad = (n: number): string => String(n).padStart(2, '0');

function beijing(iso: string): Date {
  return new Date(new Date(iso).getTime() + 8 * 3600_000);
}

/** 11月25日 14:30 */
export function dateTime(iso?: string | null): string {
  if (!iso) {
    return '';
  }
  const d = beijing(iso);
  return `${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** 2026-11-25 */
export function day(iso?: string | null): string {
  if (!iso) {
    return '';
  }
  const d = beijing(iso);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** 1.5 小时 */
export function hours(value: number): string {
  return `${Math.round(value * 10) / 10} 小时`;
}

export const EVENT_TYPES: Record<string, string> = {
  party_day: '主题党日', branch_assembly: '支部党员大会', committee_meeting: '支委会', group_meeting: '党小组会',
  party_lesson: '党课', life_meeting: '组织生活会', democratic_review: '民主评议', study_session: '集中学习',
  training: '集中培训', other: '其他',
};

export const REQUEST_STATUS: Record<string, string> = {
  held: '待审核', submitted: '待受理', accepted: '已受理', assigned: '已转办', in_progress: '办理中',
  resolved: '已办结', closed: '已评价', rejected: '不予受理',
};

export const LEAVE_STATUS: Record<string, string> = { pending: '待审批', approved: '已批准', refused: '未批准' };
