import { codeLink, parseScan, refToUuid } from '../../miniprogram/api/scan';

// A code as the server makes it for event 0d6dc6ea-cff5-4b7a-a74a-937bea6a28d4: base64url of the id, a dot, 8 base32.
const EVENT = '0d6dc6ea-cff5-4b7a-a74a-937bea6a28d4';
const REF = Buffer.from(EVENT.replace(/-/g, ''), 'hex').toString('base64url');
const CODE = `${REF}.abcdef23`;

describe('what a scanned code means', () => {
  test('a ref decodes to the UUID the server encoded', () => {
    expect(REF).toHaveLength(22);
    expect(refToUuid(REF)).toBe(EVENT);
    expect(refToUuid('short')).toBeNull();
  });

  test('a meeting code drawn on the secretary phone is a check-in', () => {
    expect(parseScan(codeLink('https://x.edu.cn/m/', 'e', CODE))).toEqual({ kind: 'checkin', eventId: EVENT, code: CODE });
  });

  test('a volunteer code names the activity', () => {
    expect(parseScan(codeLink('https://x.edu.cn/m/', 'v', CODE))).toEqual({ kind: 'volunteer', activityId: EVENT, code: CODE });
  });

  test('the URL that opened the mini-program arrives encoded (q=) and is read the same', () => {
    expect(parseScan(encodeURIComponent(`https://x.edu.cn/m/e/${CODE}`)).kind).toBe('checkin');
  });

  test('the console scan-to-login scene is a web login', () => {
    expect(parseScan(encodeURIComponent('t=ABCDEFGH12345678'))).toEqual({ kind: 'web-login', ticket: 'ABCDEFGH12345678' });
  });

  test('a printed poster names its meeting but is not a check-in', () => {
    expect(parseScan(encodeURIComponent(`e=${REF}`))).toEqual({ kind: 'poster', eventId: EVENT });
  });

  test('anything else is unknown, never a check-in', () => {
    expect(parseScan('https://example.com/e/not-a-code').kind).toBe('unknown');
    expect(parseScan(`https://x.edu.cn/m/e/${REF}.ABCDEFGH`).kind).toBe('unknown');
    expect(parseScan('').kind).toBe('unknown');
  });
});
