import { FakeRequest, installWx, settle } from '../support/fake-wx';
import { loadPage, text } from '../support/pages';

const EVENT = '0d6dc6ea-cff5-4b7a-a74a-937bea6a28d4';
const CODE = `${Buffer.from(EVENT.replace(/-/g, ''), 'hex').toString('base64url')}.abcdef23`;
const LINK = encodeURIComponent(`https://dangjian.example.edu.cn/m/e/${CODE}`);

function signedIn(wx: ReturnType<typeof installWx>): void {
  wx.storage.set('zhibu.session', { accessToken: 'a', refreshToken: 'r', expiresAt: Date.now() + 600_000 });
}

const checkins = (wx: ReturnType<typeof installWx>): FakeRequest[] => wx.requests.filter((r) => r.url.includes('/checkins'));

describe('扫码 page', () => {
  test('a check-in link checks in with the code and the phone’s place', async () => {
    const wx = installWx(() => ({ status: 201, data: { id: 'c1', eventId: EVENT, personId: 'u1', checkedInAt: '2026-11-25T01:00:00Z', offline: false } }));
    signedIn(wx);
    const page = loadPage('pages/scan/scan');
    await page.instance.onLoad({ q: LINK });
    await settle();
    expect(checkins(wx)[0].url).toContain(`/events/${EVENT}/checkins`);
    expect(checkins(wx)[0].data).toMatchObject({ code: CODE, lat: 31.2304, lng: 121.4737 });
    expect(text(page, '#done')).toContain('签到成功');
  });

  test('with no network the scan is kept with its time and the person is told it will go up later', async () => {
    const wx = installWx(() => 'network-down');
    signedIn(wx);
    const page = loadPage('pages/scan/scan');
    wx.scanResult = decodeURIComponent(LINK);
    page.querySelector('#scan')!.dispatchEvent('tap');
    await settle();
    expect(text(page, '#queued')).toContain('恢复网络后会自动上传');
    expect(text(page, '#queued')).toContain('2 小时内');
    const kept = wx.storage.get('zhibu.checkin-queue') as { eventId: string; code: string; scannedAt: string }[];
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatchObject({ eventId: EVENT, code: CODE });
    expect(Date.now() - Date.parse(kept[0].scannedAt)).toBeLessThan(5000);
  });

  test('a refusal says why in Chinese', async () => {
    const wx = installWx(() => ({ status: 422, data: { status: 422, code: 'checkin.code_expired', title: '无法处理',
      detail: '签到码已过期，请扫描最新的二维码' } }));
    signedIn(wx);
    const page = loadPage('pages/scan/scan');
    await page.instance.onLoad({ q: LINK });
    await settle();
    expect(text(page, '#refused')).toBe('签到码已过期，请扫描最新的二维码');
    expect(wx.storage.get('zhibu.checkin-queue')).toBeUndefined();
  });

  test('a code that is not ours is never sent', async () => {
    const wx = installWx();
    const page = loadPage('pages/scan/scan');
    await page.instance.onLoad({ q: encodeURIComponent('https://example.com/pay?x=1') });
    await settle();
    expect(text(page, '#refused')).toBe('这不是支部的签到码');
    expect(wx.requests).toHaveLength(0);
  });

  test('the console’s login code opens the confirmation page', async () => {
    const wx = installWx();
    const page = loadPage('pages/scan/scan');
    await page.instance.onLoad({ scene: encodeURIComponent('t=ABCDEFGH12345678') });
    expect(wx.navigations).toEqual([`/pages/login/scan?scene=${encodeURIComponent('t=ABCDEFGH12345678')}`]);
  });
});

describe('登录确认 page', () => {
  test('shows where the browser is, then confirms', async () => {
    const wx = installWx((req) => (req.url.endsWith('/details')
      ? { status: 200, data: { createdAt: '2026-11-25T01:00:00Z', expiresAt: '2026-11-25T01:02:00Z', ip: '10.1.2.3', userAgent: 'Chrome', status: 'pending' } }
      : { status: 200, data: { confirmed: true } }));
    signedIn(wx);
    const page = loadPage('pages/login/scan');
    await page.instance.onLoad({ scene: encodeURIComponent('t=ABCDEFGH12345678') });
    await settle();
    expect(text(page, '#ip')).toBe('10.1.2.3');
    page.querySelector('#confirm')!.dispatchEvent('tap');
    await settle();
    expect(wx.requests[1].url).toMatch(/\/auth\/web-tickets\/ABCDEFGH12345678\/confirm$/);
    expect(text(page, '#confirmed')).toContain('已登录电脑端');
  });
});

describe('扫码 page without location', () => {
  test('location refused at a meeting that checks the place: the way to WeChat settings, then the same scan again', async () => {
    let tries = 0;
    const wx = installWx((req) => {
      if (!req.url.includes('/checkins')) return { status: 404 };
      tries += 1;
      const body = req.data as { lat?: number };
      return body.lat === undefined
        ? { status: 422, data: { status: 422, code: 'checkin.out_of_area', title: '无法处理', detail: '本次签到需要您的位置' } }
        : { status: 201, data: { id: 'c1', eventId: EVENT, personId: 'u1', checkedInAt: '2026-11-25T01:00:00Z', offline: false } };
    });
    signedIn(wx);
    wx.locationAllowed = false;
    const page = loadPage('pages/scan/scan');
    wx.scanResult = decodeURIComponent(LINK);
    page.querySelector('#scan')!.dispatchEvent('tap');
    await settle();
    expect(text(page, '#location')).toContain('允许');
    page.instance.openSettings(); // the person allows it in WeChat's settings and comes back
    await settle();
    expect(tries).toBe(2);
    expect(text(page, '#done')).toContain('签到成功');
  });
});

