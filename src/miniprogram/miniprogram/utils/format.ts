/** Dates and numbers as a Chinese reader expects them (times in Beijing time, whatever the phone's zone). */
import { LABELS } from '../api/labels';

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

/** From api-spec/labels.json (generated into api/labels.ts): the words the server and the console use too. */
export const EVENT_TYPES: Record<string, string> = LABELS.eventTypes;
export const REQUEST_STATUS: Record<string, string> = LABELS.requestStatuses;
export const REQUEST_ACTION: Record<string, string> = LABELS.requestActions;
export const LEAVE_STATUS: Record<string, string> = LABELS.decisions;
export const STAGE: Record<string, string> = LABELS.stages;
export const HONOUR_KIND: Record<string, string> = LABELS.honourKinds;

/** The 民主评议 grades, in order, as the radio groups offer them (members' ballots, 群众's, the committee's). */
export const REVIEW_GRADES = [
  { value: 'excellent', label: '优秀' }, { value: 'qualified', label: '合格' },
  { value: 'basically_qualified', label: '基本合格' }, { value: 'unqualified', label: '不合格' },
];
export type ReviewGrade = 'excellent' | 'qualified' | 'basically_qualified' | 'unqualified';
