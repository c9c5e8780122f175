/**
 * Check-in with a weak signal. A scan that gets no answer is kept on the phone with the time it was made
 * (`scannedAt`) and sent when the network is back; the server judges it as of that time and marks the record
 * `offline: true`, and refuses it if it arrives too late (ZHIBU_OFFLINE_UPLOAD_HOURS). A refusal is kept to be
 * shown once; nothing is retried after the server has answered.
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
}

export interface Refusal {
  scan: QueuedScan;
  message: string;
}

const QUEUE = 'zhibu.checkin-queue';
const REFUSED = 'zhibu.checkin-refused';

export function queued(): QueuedScan[] {
  const value = wx.getStorageSync(QUEUE);
  return Array.isArray(value) ? (value as QueuedScan[]) : [];
}

function keep(list: QueuedScan[]): void {
  wx.setStorageSync(QUEUE, list);
}

/** Refusals of queued scans not yet shown; reading them clears them. */
export function takeRefusals(): Refusal[] {
  const value = wx.getStorageSync(REFUSED);
  wx.removeStorageSync(REFUSED);
  return Array.isArray(value) ? (value as Refusal[]) : [];
}

export type Outcome = { status: 'done'; checkin: Checkin } | { status: 'queued'; scan: QueuedScan };

/** Checks in now; with no network, keeps the scan for later. A refusal (ApiError) is thrown as is. */
export async function checkIn(scan: Omit<QueuedScan, 'scannedAt'>, now = new Date()): Promise<Outcome> {
  const body = { code: scan.code, lat: scan.lat, lng: scan.lng };
  try {
    const checkin = await api.post('/events/{id}/checkins', { path: { id: scan.eventId }, body });
    return { status: 'done', checkin };
  } catch (e) {
    if (e instanceof NetworkError) {
      const kept: QueuedScan = { ...scan, scannedAt: now.toISOString() };
      keep([...queued().filter((q) => q.eventId !== scan.eventId), kept]);
      return { status: 'queued', scan: kept };
    }
    throw e;
  }
}

let flushing: Promise<{ sent: number; refused: number }> | null = null;

/** Sends what was kept, oldest first; stops at the first network failure. */
export function flushQueue(): Promise<{ sent: number; refused: number }> {
  if (!flushing) {
    flushing = (async () => {
      let sent = 0;
      let refused = 0;
      for (const scan of queued()) {
        try {
          await api.post('/events/{id}/checkins', {
            path: { id: scan.eventId },
            body: { code: scan.code, lat: scan.lat, lng: scan.lng, scannedAt: scan.scannedAt },
          });
          sent += 1;
        } catch (e) {
          if (e instanceof NetworkError) {
            break;
          }
          refused += 1;
          const list = wx.getStorageSync(REFUSED);
          wx.setStorageSync(REFUSED, [...(Array.isArray(list) ? list : []),
            { scan, message: e instanceof ApiError ? describe(e) : '签到未成功' }]);
        }
        keep(queued().filter((q) => !(q.eventId === scan.eventId && q.scannedAt === scan.scannedAt)));
      }
      return { sent, refused };
    })().finally(() => { flushing = null; });
  }
  return flushing;
}
