/**
 * What a scanned code means. The secretary's phone draws check-in codes as `<qrPrefix>e/<code>` (a meeting) or
 * `<qrPrefix>v/<code>` (a volunteer activity); the code itself names its event or activity (the first 22
 * characters are its id in base64url, see CheckinCode on the server). The mini-program code of the web
 * console's scan-to-login carries the scene `t=<ticket>`; a meeting's printed poster, `e=<event ref>` (it opens
 * the mini-program; the rotating code on the secretary's phone is still what checks in).
 */
export type Scanned =
  | { kind: 'checkin'; eventId: string; code: string }
  | { kind: 'volunteer'; activityId: string; code: string }
  | { kind: 'web-login'; ticket: string }
  | { kind: 'poster'; eventId: string }
  | { kind: 'unknown'; text: string };

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The UUID a 22-character base64url ref stands for, or null. */
export function refToUuid(ref: string): string | null {
  if (!/^[A-Za-z0-9_-]{22}$/.test(ref)) {
    return null;
  }
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const ch of ref) {
    value = (value << 6) | B64URL.indexOf(ch);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >> bits) & 0xff);
    }
  }
  const hex = bytes.slice(0, 16).map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function fromCode(kind: 'e' | 'v', code: string): Scanned | null {
  const id = refToUuid(code.split('.')[0]);
  if (!id || !/^[A-Za-z0-9_-]{22}\.[a-z2-7]{8}$/.test(code)) {
    return null;
  }
  return kind === 'e' ? { kind: 'checkin', eventId: id, code } : { kind: 'volunteer', activityId: id, code };
}

/** Reads the text of a QR code scanned inside the mini-program, or the `q` of a URL that opened it. */
export function parseScan(text: string): Scanned {
  const raw = (text || '').trim();
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    decoded = raw;
  }
  const link = /(?:^|\/)([ev])\/([A-Za-z0-9_-]{22}\.[a-z2-7]{8})(?:[?#].*)?$/.exec(decoded);
  if (link) {
    return fromCode(link[1] as 'e' | 'v', link[2]) ?? { kind: 'unknown', text: raw };
  }
  const poster = /^e=([A-Za-z0-9_-]{22})$/.exec(decoded);
  const posterEvent = poster ? refToUuid(poster[1]) : null;
  if (posterEvent) {
    return { kind: 'poster', eventId: posterEvent };
  }
  const scene = /^t=([A-Za-z0-9]{8,32})$/.exec(decoded);
  if (scene) {
    return { kind: 'web-login', ticket: scene[1] };
  }
  return { kind: 'unknown', text: raw };
}

/** The text the secretary's phone draws for a meeting's or an activity's current code. */
export function codeLink(prefix: string, kind: 'e' | 'v', code: string): string {
  return `${prefix}${kind}/${code}`;
}
