import { installWx, settle } from '../support/fake-wx';
import { loadPage, text } from '../support/pages';

function signedIn(wx: ReturnType<typeof installWx>): void {
  wx.storage.set('zhibu.session', { accessToken: 'a', refreshToken: 'r', expiresAt: Date.now() + 600_000,
    user: { id: 's1', name: '书记', bound: true, roles: [{ role: 'secretary', orgId: 'b1' }] } });
}

const attendance = {
  eventId: 'e1', title: '主题党日', startsAt: '2026-11-25T06:00:00Z', expected: 3, checkedIn: 1, onLeave: 1, absent: 1, rate: 0.5,
  members: [
    { personId: 'p1', number: '20**01', name: '王芳', status: 'checked_in', checkedInAt: '2026-11-25T06:01:00Z', offline: false, marked: false, markReason: null },
    { personId: 'p2', number: '20**02', name: '李强', status: 'absent', checkedInAt: null, offline: false, marked: false, markReason: null },
    { personId: 'p3', number: '20**03', name: '张伟', status: 'on_leave', checkedInAt: null, offline: false, marked: false, markReason: null },
  ],
};

describe('签到码 page (secretary phone)', () => {
  afterEach(() => jest.useRealTimers());

  test('draws the rotating code as a link, fetches the next one before it expires, and shows who is missing', async () => {
    let n = 0;
    const wx = installWx((req) => {
      if (req.url.endsWith('/checkin-code')) {
        n += 1;
        return { status: 200, data: { code: `CODE${n}`, expiresAt: new Date(Date.now() + 10_000).toISOString(), stepSeconds: 30 } };
      }
      if (req.url.endsWith('/attendance')) {
        return { status: 200, data: attendance };
      }
      return { status: 200, data: { id: 'e1', title: '主题党日' } };
    });
    signedIn(wx);
    const page = loadPage('pages/secretary/code');
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    const loading = page.instance.onLoad({ id: 'e1' });
    for (let i = 0; i < 20; i++) {
      await Promise.resolve();
    }
    await loading;
    expect(text(page, '#qr')).toContain('https://dangjian.example.edu.cn/m/e/CODE1');
    expect(text(page, '#checked-in')).toBe('1 / 3');
    expect(page.querySelectorAll('.absent').map((c) => c.dom.textContent)).toEqual([expect.stringContaining('李强')]);

    jest.advanceTimersByTime(9000);
    for (let i = 0; i < 20; i++) {
      await Promise.resolve();
    }
    expect(text(page, '#qr')).toContain('/m/e/CODE2');
    page.instance.onUnload();
  });

  test('closed, it asks the server nothing more; hidden and shown again, it keeps the screen on; its countdown moves', async () => {
    const wx = installWx((req) => {
      if (req.url.endsWith('/checkin-code')) {
        return { status: 200, data: { code: 'C', expiresAt: new Date(Date.now() + 30_000).toISOString(), stepSeconds: 30 } };
      }
      return req.url.endsWith('/attendance') ? { status: 200, data: attendance } : { status: 200, data: { id: 'e1', title: '主题党日' } };
    });
    signedIn(wx);
    const page = loadPage('pages/secretary/code');
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    const flush = async () => { for (let i = 0; i < 20; i++) await Promise.resolve(); };
    const loading = page.instance.onLoad({ id: 'e1' });
    await flush();
    await loading;
    expect(wx.keepScreenOn).toBe(true);
    const first = page.instance.data.expiresIn;
    jest.advanceTimersByTime(3000);
    await flush();
    expect(page.instance.data.expiresIn).toBeLessThanOrEqual(first - 3); // the countdown moves
    // another chat opened: WeChat drops keep-screen-on; back on the page, it is asked for again
    page.instance.onHide();
    wx.hideApp();
    const whileHidden = wx.requests.length;
    jest.advanceTimersByTime(60_000);
    await flush();
    expect(wx.requests.length).toBe(whileHidden); // nothing asked while hidden
    page.instance.onShow();
    await flush();
    expect(wx.keepScreenOn).toBe(true);
    // a poll in flight when the page closes schedules nothing after it
    jest.advanceTimersByTime(5000);
    page.instance.onUnload();
    await flush();
    const atClose = wx.requests.length;
    jest.advanceTimersByTime(60_000);
    await flush();
    expect(wx.requests.length).toBe(atClose);
    expect(wx.keepScreenOn).toBe(false);
  });

  test('补签 asks for the reason and records it', async () => {
    const wx = installWx((req) => (req.method === 'PUT' ? { status: 200, data: attendance.members[1] } : { status: 200, data: attendance }));
    signedIn(wx);
    const g = globalThis as unknown as { wx: Record<string, unknown> };
    g.wx.showModal = (o: { success: (r: { confirm: boolean; content: string }) => void }) => o.success({ confirm: true, content: '手机没电，本人在场' });
    const page = loadPage('pages/secretary/code');
    page.instance.setData({ id: 'e1', absent: [{ personId: 'p2', name: '李强', status: 'absent', marked: false }] });
    page.querySelector('.absent .t-button')?.dispatchEvent('tap');
    page.instance.mark({ currentTarget: { dataset: { id: 'p2', name: '李强' } } });
    await settle();
    const put = wx.requests.find((r) => r.method === 'PUT');
    expect(put?.url).toMatch(/\/events\/e1\/attendance\/p2$/);
    expect(put?.data).toEqual({ status: 'present', reason: '手机没电，本人在场' });
  });
});

describe('请假审批 page', () => {
  test('a leave decided elsewhere meanwhile is said so, and the list is reloaded', async () => {
    let decided = false;
    const wx = installWx((req) => {
      if (req.url.includes('/decision')) {
        decided = true;
        return { status: 409, data: { status: 409, code: 'leave.already_decided', title: '与当前状态冲突', detail: '该请假已被处理' } };
      }
      return { status: 200, data: { items: decided ? [] : [{ id: 'l1', eventId: 'e1', personId: 'p2', reason: '出差', status: 'pending',
        name: '李强', eventTitle: '主题党日', startsAt: '2026-11-26T06:00:00Z', requestedAt: '2026-11-25T01:00:00Z' }] } };
    });
    signedIn(wx);
    const page = loadPage('pages/secretary/leaves');
    page.instance.onLoad({ orgId: 'b1' });
    await settle();
    expect(page.querySelectorAll('.leave')).toHaveLength(1);
    await page.instance.decide({ currentTarget: { dataset: { id: 'l1', approve: true, name: '李强' } } });
    await settle();
    expect(text(page, '#message')).toBe('该请假已被处理');
    expect(page.querySelectorAll('.leave')).toHaveLength(0);
    expect(wx.modals[0]).toBe('批准 李强 的请假？');
  });
});

describe('新建会议 page', () => {
  test('the place is picked on a map, not only where the secretary stands, and sent with the meeting', async () => {
    const wx = installWx(() => ({ status: 201, data: { id: 'e9' } }));
    signedIn(wx);
    const page = loadPage('pages/secretary/meeting');
    page.instance.setData({ orgId: 'b1', title: '主题党日', date: '2026-12-10' });
    page.instance.pickOnMap();
    expect(page.instance.data.placeName).toBe('学生活动中心报告厅');
    await page.instance.submit();
    await settle();
    const created = wx.requests.find((r) => r.url.endsWith('/events'));
    expect((created?.data as { location: unknown }).location).toEqual({ lat: 31.231, lng: 121.474, radiusM: 300 });
  });
});

describe('已发通知 page', () => {
  test('lists what I published with how many have read it, and opens its receipts', async () => {
    const wx = installWx(() => ({ status: 200, data: { nextCursor: null, items: [{ id: 'n1', title: '学习通知', mustRead: true,
      push: false, createdAt: '2026-11-25T01:00:00Z', targeted: 30, read: 12, unbound: 2 }] } }));
    signedIn(wx);
    const page = loadPage('pages/secretary/sent');
    await page.instance.onShow();
    await settle();
    expect(page.instance.data.items[0].read).toBe('12 / 30 已读');
    page.instance.open({ currentTarget: { dataset: { id: 'n1' } } });
    expect(wx.navigations).toEqual(['/pages/secretary/receipts?id=n1']);
  });
});

describe('会议记录 page (secretary phone)', () => {
  test('the record is saved, and photos taken on the phone go up by wx.uploadFile; one refused says why, the rest still go', async () => {
    let uploads = 0;
    const wx = installWx((req) => {
      if (req.method === 'UPLOAD') {
        uploads += 1;
        return uploads === 2 ? { status: 422, data: { status: 422, code: 'attachment.too_many', title: '无法处理',
          detail: '每次会议最多保存 20 个文件' } } : { status: 201, data: { id: `f${uploads}` } };
      }
      if (req.url.endsWith('/attachments')) return { status: 200, data: { items: [] } };
      return { status: 200, data: { id: 'e1', title: '主题党日', lecturer: null, agenda: null, minutes: null } };
    });
    signedIn(wx);
    wx.mediaPaths = ['wxfile://tmp/a.jpg', 'wxfile://tmp/b.jpg', 'wxfile://tmp/c.jpg'];
    const page = loadPage('pages/secretary/record');
    await page.instance.onLoad({ id: 'e1' });
    page.instance.setData({ lecturer: '李书记', minutes: '学习了全会精神' });
    await page.instance.save();
    expect(wx.requests.find((r) => r.method === 'PATCH')?.data).toEqual({ lecturer: '李书记', agenda: '', minutes: '学习了全会精神' });
    await page.instance.addPhotos();
    await settle();
    const sent = wx.requests.filter((r) => r.method === 'UPLOAD');
    expect(sent).toHaveLength(3);
    expect(sent[0].url).toMatch(/\/events\/e1\/attachments\?name=/);
    expect(sent[0].data).toEqual({ filePath: 'wxfile://tmp/a.jpg', name: 'file' });
    expect(text(page, '#message')).toBe('已上传 2 张；每次会议最多保存 20 个文件');
  });
});

describe('发起志愿活动 page', () => {
  test('an activity is created with its place picked on the map, its places checked, then opened', async () => {
    const wx = installWx(() => ({ status: 201, data: { id: 'a9' } }));
    signedIn(wx);
    const page = loadPage('pages/volunteer/new');
    page.instance.onLoad();
    page.instance.setData({ title: '社区敬老', date: '2026-12-12', capacity: '0' });
    await page.instance.submit();
    expect(text(page, '#error')).toContain('正整数');
    page.instance.setData({ capacity: '20' });
    page.instance.pickOnMap();
    await page.instance.submit();
    await settle();
    const created = wx.requests.find((r) => r.url.endsWith('/volunteer/activities'));
    expect(created?.data).toMatchObject({ orgId: 'b1', title: '社区敬老', capacity: 20, location: { lat: 31.231, lng: 121.474, radiusM: 300 } });
    expect(wx.navigations).toEqual(['/pages/volunteer/activity?id=a9']);
  });
});

