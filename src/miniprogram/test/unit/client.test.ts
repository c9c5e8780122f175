import { api } from '../../miniprogram/api/client';
import { ApiError, describe as say } from '../../miniprogram/api/problems';
import { session } from '../../miniprogram/api/session';
import { checkIn, flushQueue, queued, takeRefusals } from '../../miniprogram/api/offline';
import { configure } from '../../miniprogram/config';
import { FakeRequest, installWx, settle } from '../support/fake-wx';

const BASE = 'https://api.test/api/v1';
const user = { id: 'u1', name: '王芳', bound: true, roles: [] };
const pair = (n: number) => ({ accessToken: `access-${n}`, refreshToken: `refresh-${n}`, expiresIn: 900 });

function path(req: FakeRequest): string {
  return req.url.replace(BASE, '');
}

beforeEach(() => configure({ apiBase: BASE, devOpenid: '' }));

describe('the thin client', () => {
  test('logs in silently with wx.login when there is no session, then sends the bearer token and zh-CN', async () => {
    const wx = installWx((req) => {
      if (path(req) === '/auth/wechat') {
        return { status: 200, data: { ...pair(1), user } };
      }
      return { status: 200, data: { ...user, unreadNotices: 2 } };
    });
    const me = await api.get('/me');
    expect(me.unreadNotices).toBe(2);
    expect(wx.requests.map(path)).toEqual(['/auth/wechat', '/me']);
    expect((wx.requests[0].data as { code: string }).code).toMatch(/^fake:phone#/);
    expect(wx.requests[1].header.Authorization).toBe('Bearer access-1');
    expect(wx.requests[1].header['Accept-Language']).toBe('zh-CN');
  });

  test('a 401 refreshes once with rotation and retries; concurrent calls share one refresh', async () => {
    const wx = installWx((req) => {
      if (path(req) === '/auth/refresh') {
        expect((req.data as { refreshToken: string }).refreshToken).toBe('refresh-1');
        return { status: 200, data: pair(2) };
      }
      return req.header.Authorization === 'Bearer access-2'
        ? { status: 200, data: { items: [], nextCursor: null } }
        : { status: 401, data: { code: 'auth.token_invalid', title: '未登录', status: 401 } };
    });
    session.save({ ...pair(1), user });
    await Promise.all([api.get('/notices'), api.get('/notices'), api.get('/notices')]);
    expect(wx.requests.filter((r) => path(r) === '/auth/refresh')).toHaveLength(1);
    expect(session.get()?.refreshToken).toBe('refresh-2');
    expect(session.get()?.user?.name).toBe('王芳');
  });

  test('a refused refresh (reused or revoked) falls back to a fresh wx.login', async () => {
    const wx = installWx((req) => {
      if (path(req) === '/auth/refresh') {
        return { status: 401, data: { code: 'auth.refresh_reused', title: '登录已失效', status: 401 } };
      }
      if (path(req) === '/auth/wechat') {
        return { status: 200, data: { ...pair(3), user } };
      }
      return req.header.Authorization === 'Bearer access-3' ? { status: 200, data: { ...user } }
        : { status: 401, data: { code: 'auth.session_revoked', title: '登录已失效', status: 401 } };
    });
    session.save({ ...pair(1), user });
    await api.get('/me');
    expect(wx.logins).toBe(1);
    expect(session.get()?.accessToken).toBe('access-3');
  });

  test('a token about to expire is refreshed before the call, not after a 401', async () => {
    const wx = installWx((req) => (path(req) === '/auth/refresh' ? { status: 200, data: pair(2) }
      : { status: 200, data: { ...user } }));
    session.save({ ...pair(1), expiresIn: 30, user });
    await api.get('/me');
    expect(wx.requests.map(path)).toEqual(['/auth/refresh', '/me']);
  });

  test('a refusal becomes an ApiError with the server’s Chinese words and its stable code', async () => {
    installWx(() => ({ status: 422, data: {
      type: 'x', status: 422, code: 'checkin.code_expired', title: '无法处理', detail: '签到码已过期，请扫描最新的二维码',
    } }));
    session.save({ ...pair(1), user });
    const error = await api.post('/events/{id}/checkins', { path: { id: 'e1' }, body: { code: 'x' } }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('checkin.code_expired');
    expect(say(error)).toBe('签到码已过期，请扫描最新的二维码');
  });

  test('path parameters are encoded and empty query values left out', async () => {
    const wx = installWx(() => ({ status: 200, data: { items: [], nextCursor: null } }));
    session.save({ ...pair(1), user });
    await api.get('/events', { query: { orgId: 'o/1', limit: 20, cursor: undefined } });
    expect(path(wx.requests[0])).toBe('/events?orgId=o%2F1&limit=20');
  });
});

describe('check-in with a weak signal', () => {
  const checkin = { id: 'c1', eventId: 'e1', personId: 'u1', checkedInAt: '2026-11-25T01:00:00Z', offline: true };

  test('a scan with no network is kept with its time and sent with scannedAt when the network is back', async () => {
    let online = false;
    const wx = installWx(() => (online ? { status: 201, data: checkin } : 'network-down'));
    session.save({ ...pair(1), user });
    const scannedAt = new Date('2026-11-25T01:00:00Z');
    const outcome = await checkIn({ eventId: 'e1', code: 'CODE' }, scannedAt);
    expect(outcome.status).toBe('queued');
    expect(queued()).toHaveLength(1);

    online = true;
    expect(await flushQueue(scannedAt.getTime() + 10 * 60_000)).toEqual({ sent: 1, refused: 0 });
    expect(queued()).toHaveLength(0);
    const sent = wx.requests[wx.requests.length - 1];
    expect(sent.data).toMatchObject({ code: 'CODE', scannedAt: scannedAt.toISOString() });
  });

  test('a kept scan the server refuses is dropped and its reason kept to show once', async () => {
    installWx(() => ({ status: 422, data: { status: 422, code: 'checkin.upload_too_late', title: '无法处理',
      detail: '离线签到上传太晚' } }));
    session.save({ ...pair(1), user });
    wx.setStorageSync('zhibu.checkin-queue', [{ eventId: 'e1', code: 'C', scannedAt: '2026-11-25T01:00:00Z' }]);
    expect(await flushQueue(Date.parse('2026-11-25T01:30:00Z'))).toEqual({ sent: 0, refused: 1 });
    expect(queued()).toHaveLength(0);
    expect(takeRefusals().map((r) => r.message)).toEqual(['离线签到上传太晚']);
    expect(takeRefusals()).toHaveLength(0);
  });

  test('still no network: the scan stays queued', async () => {
    installWx(() => 'network-down');
    session.save({ ...pair(1), user });
    wx.setStorageSync('zhibu.checkin-queue', [{ eventId: 'e1', code: 'C', scannedAt: '2026-11-25T01:00:00Z' }]);
    expect(await flushQueue(Date.parse('2026-11-25T01:30:00Z'))).toEqual({ sent: 0, refused: 0 });
    expect(queued()).toHaveLength(1);
  });

  test('offline with a token older than its 15 minutes, a scan is still kept — never lost to a failed wx.login', async () => {
    const wx = installWx((req) => (path(req) === '/auth/refresh' ? { status: 200, data: pair(2) }
      : { status: 201, data: checkin }));
    session.save({ ...pair(1), user, expiresIn: 1 }); // the access token ran out while the phone sat in a pocket
    await new Promise((r) => setTimeout(r, 1100));
    wx.setOnline(false);
    const scannedAt = new Date();
    const outcome = await checkIn({ eventId: 'e1', code: 'CODE' }, scannedAt);
    expect(outcome.status).toBe('queued');
    expect(queued()).toHaveLength(1);
    expect(wx.logins).toBe(0);
    wx.setOnline(true);
    expect(await flushQueue(scannedAt.getTime() + 60_000)).toEqual({ sent: 1, refused: 0 });
    expect(queued()).toHaveLength(0);
    expect(wx.requests.filter((r) => path(r) === '/auth/refresh')).toHaveLength(2); // tried offline, then renewed
  });

  test('a busy or failing server (502, 503, 429) is not a refusal: the scan stays, tried again with backoff, then sent', async () => {
    let answer: { status: number; data?: unknown } = { status: 502, data: '<html>Bad Gateway</html>' };
    const wx = installWx(() => answer);
    session.save({ ...pair(1), user });
    const t0 = Date.parse('2026-11-25T01:00:00Z');
    wx.storage.set('zhibu.checkin-queue', [{ eventId: 'e1', code: 'C', scannedAt: new Date(t0).toISOString() }]);
    const sends = () => wx.requests.filter((r) => r.url.includes('/checkins')).length;
    expect(await flushQueue(t0 + 60_000)).toEqual({ sent: 0, refused: 0 });
    expect(queued()[0]).toMatchObject({ attempts: 1, nextTryAt: t0 + 75_000 });
    expect(await flushQueue(t0 + 65_000)).toEqual({ sent: 0, refused: 0 });
    expect(sends()).toBe(1); // not due yet: nothing sent
    answer = { status: 503, data: { status: 503, code: 'db.unavailable', title: '服务暂不可用' } };
    expect(await flushQueue(t0 + 80_000)).toEqual({ sent: 0, refused: 0 });
    expect(queued()[0]).toMatchObject({ attempts: 2, nextTryAt: t0 + 110_000 });
    answer = { status: 429, data: { status: 429, code: 'rate_limited', title: '请稍后再试' } };
    expect(await flushQueue(t0 + 115_000)).toEqual({ sent: 0, refused: 0 });
    expect(queued()[0]).toMatchObject({ attempts: 3, nextTryAt: t0 + 175_000 });
    answer = { status: 201, data: checkin };
    expect(await flushQueue(t0 + 180_000)).toEqual({ sent: 1, refused: 0 });
    expect(queued()).toHaveLength(0);
    expect(takeRefusals()).toHaveLength(0);
  });

  test('a scan not sent within the 2-hour upload window is given up, with a message to see the secretary', async () => {
    installWx(() => 'network-down');
    session.save({ ...pair(1), user });
    wx.setStorageSync('zhibu.checkin-queue', [{ eventId: 'e1', code: 'C', scannedAt: '2026-11-25T01:00:00Z' }]);
    expect(await flushQueue(Date.parse('2026-11-25T03:00:01Z'))).toEqual({ sent: 0, refused: 1 });
    expect(queued()).toHaveLength(0);
    expect(takeRefusals()[0].message).toContain('补签');
  });

  test('when the network comes back the app sends what was kept, without being reopened', async () => {
    const wx = installWx(() => ({ status: 201, data: checkin }));
    session.save({ ...pair(1), user });
    let app: { onLaunch(): void } | undefined;
    (globalThis as unknown as { App: (o: { onLaunch(): void }) => void }).App = (o) => { app = o; };
    let offline: { stopRetrying(): void } | undefined;
    jest.isolateModules(() => {
      require('../../miniprogram/app');
      offline = require('../../miniprogram/api/offline');
    });
    app!.onLaunch();
    // the app module has its own copy of the session and queue modules: speak to it through storage
    wx.setOnline(false);
    wx.storage.set('zhibu.checkin-queue', [{ eventId: 'e1', code: 'C', scannedAt: new Date().toISOString() }]);
    wx.setOnline(true);
    await settle();
    expect(wx.requests.filter((r) => r.url.includes('/checkins'))).toHaveLength(1);
    expect(wx.storage.get('zhibu.checkin-queue')).toEqual([]);
    offline!.stopRetrying(); // the app's own half-minute retry timer
  });
});

describe('退出登录', () => {
  test('after logging out nothing logs the same person back in by itself; the 登录 button does', async () => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { logout, loginAgain } = require('../../miniprogram/api/client');
    const wx = installWx((req) => {
      if (path(req) === '/auth/wechat') return { status: 200, data: { ...pair(5), user } };
      if (path(req) === '/auth/logout') return { status: 204 };
      return { status: 200, data: { ...user } };
    });
    session.save({ ...pair(1), user });
    await logout();
    await expect(api.get('/me')).rejects.toMatchObject({ code: 'auth.logged_out' });
    expect(wx.logins).toBe(0);
    await loginAgain();
    expect((await api.get('/me')).name).toBe('王芳');
    expect(wx.logins).toBe(1);
  });
});
