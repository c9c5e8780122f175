/**
 * Check-in with a weak signal. A scan that gets no answer — no network, a server that is down or busy (5xx, 429),
 * a session that cannot be renewed offline — is kept on the phone with the time it was made (`scannedAt`) and
 * sent again: when the network returns, when the app comes back to the foreground, and every half minute while
 * it is open, with backoff. The server judges it as of `scannedAt`, marks the record `offline: true`, and takes
 * it only within its upload window (ZHIBU_OFFLINE_UPLOAD_HOURS, 2 h). Only the server's answer about the scan
 * itself (a 4xx with a code: expired code, out of area, not expected…) is final; a scan whose window has passed
 * is given up with a message to see the secretary for 补签. Each refusal is kept to be shown once.
 */
import type { components } from './schema';
import { api } from './client';
import { ApiError, describe } from './problems';
import { NetworkError } from './transport';

type Checkin = components['schemas']['Checkin'];

export interface QueuedScan {
  eventId: string;
  code: string;
  scannedAt: string;
  lat?: number;
  lng?: number;
  title?: string;
  /** How many uploads got no final answer. */
  attempts?: number;
  /** Not to be tried again before this (epoch ms): backoff after a busy or failing server. */
  nextTryAt?: number;
}

export interface Refusal {
  scan: QueuedScan;
  message: string;
}

const QUEUE = 'zhibu.checkin-queue';
const REFUSED = 'zhibu.checkin-refused';
/** The server's default ZHIBU_OFFLINE_UPLOAD_HOURS: after this a kept scan is no longer taken. */
export const UPLOAD_WINDOW_MS = 2 * 60 * 60 * 1000;
const FIRST_BACKOFF_MS = 15_000;
const MAX_BACKOFF_MS = 5 * 60_000;

export function queued(): QueuedScan[] {
  const value = wx.getStorageSync(QUEUE);
  return Array.isArray(value) ? (value as QueuedScan[]) : [];
}

function keep(list: QueuedScan[]): void {
  wx.setStorageSync(QUEUE, list);
}

function refuse(scan: QueuedScan, message: string): void {
  const list = wx.getStorageSync(REFUSED);
  wx.setStorageSync(REFUSED, [...(Array.isArray(list) ? list : []), { scan, message }]);
}

/** Refusals of queued scans not yet shown; reading them clears them. */
export function takeRefusals(): Refusal[] {
  const value = wx.getStorageSync(REFUSED);
  wx.removeStorageSync(REFUSED);
  return Array.isArray(value) ? (value as Refusal[]) : [];
}

/** Worth trying again: no answer, or an answer that says nothing about the scan (busy, down, session trouble). */
export function transient(e: unknown): boolean {
  if (e instanceof NetworkError) {
    return true;
  }
  return e instanceof ApiError && (e.status >= 500 || e.status === 429 || e.status === 408 || e.status === 401);
}

export type Outcome = { status: 'done'; checkin: Checkin } | { status: 'queued'; scan: QueuedScan };

/** Checks in now; with no network (or no server), keeps the scan for later. A refusal (ApiError) is thrown as is. */
export async function checkIn(scan: Omit<QueuedScan, 'scannedAt'>, now = new Date()): Promise<Outcome> {
  const body = { code: scan.code, lat: scan.lat, lng: scan.lng };
  try {
    const checkin = await api.post('/events/{id}/checkins', { path: { id: scan.eventId }, body });
    return { status: 'done', checkin };
  } catch (e) {
    if (transient(e)) {
      const kept: QueuedScan = { ...scan, scannedAt: now.toISOString() };
      keep([...queued().filter((q) => q.eventId !== scan.eventId), kept]);
      return { status: 'queued', scan: kept };
    }
    throw e;
  }
}

let flushing: Promise<{ sent: number; refused: number }> | null = null;

function same(a: QueuedScan, b: QueuedScan): boolean {
  return a.eventId === b.eventId && a.scannedAt === b.scannedAt;
}

/** Sends what was kept and is due, oldest first; stops at the first sign that there is no network. */
export function flushQueue(nowMs = Date.now()): Promise<{ sent: number; refused: number }> {
  if (!flushing) {
    flushing = (async () => {
      let sent = 0;
      let refused = 0;
      for (const scan of queued()) {
        if (Date.parse(scan.scannedAt) + UPLOAD_WINDOW_MS < nowMs) {
          refused += 1;
          refuse(scan, '扫码后 2 小时内未能上传，这次签到没有记录，请联系书记补签');
          keep(queued().filter((q) => !same(q, scan)));
          continue;
        }
        if ((scan.nextTryAt ?? 0) > nowMs) {
          continue;
        }
        try {
          await api.post('/events/{id}/checkins', {
            path: { id: scan.eventId },
            body: { code: scan.code, lat: scan.lat, lng: scan.lng, scannedAt: scan.scannedAt },
          });
          sent += 1;
          keep(queued().filter((q) => !same(q, scan)));
        } catch (e) {
          if (transient(e)) {
            const attempts = (scan.attempts ?? 0) + 1;
            const wait = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** (attempts - 1));
            keep(queued().map((q) => (same(q, scan) ? { ...q, attempts, nextTryAt: nowMs + wait } : q)));
            if (e instanceof NetworkError) {
              break;
            }
            continue;
          }
          refused += 1;
          refuse(scan, e instanceof ApiError ? describe(e) : '签到未成功');
          keep(queued().filter((q) => !same(q, scan)));
        }
      }
      return { sent, refused };
    })().finally(() => { flushing = null; });
  }
  return flushing;
}

let ticker: ReturnType<typeof setInterval> | null = null;

/** While the app is open: every half minute, send what is due (the backoff decides what is). */
export function retryWhileOpen(periodMs = 30_000): void {
  if (!ticker) {
    ticker = setInterval(() => {
      if (queued().length) {
        flushQueue().catch(() => undefined);
      }
    }, periodMs);
  }
}

export function stopRetrying(): void {
  if (ticker) {
    clearInterval(ticker);
    ticker = null;
  }
}
