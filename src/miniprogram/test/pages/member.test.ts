import { installWx, settle } from '../support/fake-wx';
import { loadPage, text } from '../support/pages';

function signedIn(wx: ReturnType<typeof installWx>): void {
  wx.storage.set('zhibu.session', { accessToken: 'a', refreshToken: 'r', expiresAt: Date.now() + 600_000 });
}

const me = (bound: boolean) => ({
  id: 'u1', name: bound ? '王芳' : null, bound, roles: bound ? [{ role: 'member', orgId: 'b1' }] : [],
  unreadNotices: 3, pointsThisYear: 42, study: { creditedHours: 16, requiredHours: 32 }, volunteerHoursThisYear: 6.5,
});

describe('首页', () => {
  test('someone not yet bound is offered binding and 办实事, not member figures', async () => {
    const wx = installWx(() => ({ status: 200, data: me(false) }));
    signedIn(wx);
    const page = loadPage('pages/index/index');
    await page.instance.onShow();
    await settle();
    expect(page.querySelector('#to-bind')).not.toBeNull();
    expect(page.querySelector('#unread')).toBeFalsy();
  });

  test('a member sees unread notices, points, study hours against the requirement and scans waiting for the network', async () => {
    const wx = installWx(() => ({ status: 200, data: me(true) }));
    signedIn(wx);
    wx.storage.set('zhibu.checkin-queue', [{ eventId: 'e1', code: 'C', scannedAt: '2026-11-25T01:00:00Z' }]);
    const page = loadPage('pages/index/index');
    await page.instance.onShow();
    await settle();
    expect(text(page, '#unread')).toBe('3');
    expect(text(page, '#points')).toBe('42');
    expect(text(page, '#study')).toBe('16 小时 / 32 小时');
    expect(text(page, '#pending-scans')).toContain('1 次扫码签到');
    expect(page.querySelector('#to-desk')).toBeFalsy();
  });
});

describe('办实事 page', () => {
  test('says what is missing before sending anything', async () => {
    const wx = installWx();
    const page = loadPage('pages/requests/new');
    page.querySelector('#submit')!.dispatchEvent('tap');
    await settle();
    expect(text(page, '#error-category')).toBe('请选择类别');
    expect(text(page, '#error-title')).toBe('请用一句话说明事项');
    expect(wx.requests).toHaveLength(0);
  });

  test('files anonymously, asks for the progress credit, and opens the request', async () => {
    const wx = installWx((req) => (req.url.endsWith('/requests')
      ? { status: 201, data: { id: 'r1', status: 'submitted', respondBy: '2026-11-26T01:00:00Z', resolveBy: '2026-11-30T01:00:00Z' } }
      : { status: 204 }));
    signedIn(wx);
    const page = loadPage('pages/requests/new');
    // the page's own module instance (loadPage starts a fresh module registry)
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    require('../../miniprogram/config').configure({ templates: { requestProgress: 'TPL-REQ', noticePublished: '', meetingReminder: '' } });
    page.instance.setData({ category: '后勤', title: '路灯坏了', content: '图书馆门口的路灯一直不亮', anonymous: true });
    await wx.tap(() => page.instance.submit()); // the 提交 button's tap
    await settle();
    expect(wx.refusedSubscriptions).toBe(0);
    const filed = wx.requests.find((r) => r.url.endsWith('/requests'));
    expect(filed?.data).toMatchObject({ category: '后勤', title: '路灯坏了', anonymous: true, photoUrls: [] });
    const subscription = wx.requests.find((r) => r.url.endsWith('/wechat/subscriptions'));
    expect(subscription?.data).toEqual({ templateId: 'TPL-REQ', result: 'accept' });
    expect(wx.navigations).toEqual(['/pages/requests/detail?id=r1']);
  });
});

describe('我的发展历程', () => {
  test('shows the recorded steps, the stage and what is next with its dates', async () => {
    const wx = installWx(() => ({ status: 200, data: {
      personId: 'u1', stage: 'activist',
      milestones: [
        { key: 'application', label: '递交入党申请书', date: '2025-09-01', note: null, recordedBy: '书记' },
        { key: 'first_talk', label: '党组织派人谈话', date: '2025-09-20', note: '谈话人：李老师', recordedBy: '书记' },
        { key: 'activist', label: '确定为入党积极分子', date: '2025-11-01', note: null, recordedBy: '书记' }],
      next: { key: 'candidate', label: '确定为发展对象', earliest: '2026-11-01', dueBy: null, overdue: false },
      contacts: [{ personId: 'c1', name: '张联系人' }, { personId: 'c2', name: '赵联系人' }], introducers: [],
    } }));
    wx.storage.set('zhibu.session', { accessToken: 'a', refreshToken: 'r', expiresAt: Date.now() + 600_000,
      user: { id: 'u1', name: '王芳', bound: true, roles: [] } });
    const page = loadPage('pages/me/development');
    await page.instance.onShow();
    await settle();
    expect(wx.requests[0].url).toMatch(/\/people\/u1\/development$/);
    expect(text(page, '#stage')).toBe('入党积极分子');
    expect(text(page, '#next')).toBe('下一步：确定为发展对象，2026-11-01 起可进行');
    expect(page.querySelectorAll('.step')).toHaveLength(3);
    expect(page.instance.data.contacts).toBe('张联系人、赵联系人');
    expect(page.querySelector('#contacts')).not.toBeNull();
    expect(page.querySelector('#introducers')).toBeFalsy();
  });
});

describe('我的党费 and 民主评议', () => {
  function signedInAs(wx: ReturnType<typeof installWx>, id: string): void {
    wx.storage.set('zhibu.session', { accessToken: 'a', refreshToken: 'r', expiresAt: Date.now() + 600_000,
      user: { id, name: '王芳', bound: true, roles: [] } });
  }

  test('dues: the monthly amount in yuan and the months still owed', async () => {
    const wx = installWx(() => ({ status: 200, data: { year: 2026, category: 'student', monthlyDueFen: 20, dueFen: 220,
      paidFen: 40, paidMonths: ['2026-01', '2026-02'], arrearsMonths: ['2026-03', '2026-04'] } }));
    signedInAs(wx, 'u1');
    const page = loadPage('pages/me/dues');
    await page.instance.onShow();
    await settle();
    expect(text(page, '#monthly')).toBe('0.20 元');
    expect(text(page, '#arrears')).toContain('2 个月（2026-03 起）');
    expect(page.querySelectorAll('.paid')).toHaveLength(2);
  });

  test('dues in WeChat: the months owed are ordered, paid at the cashier and confirmed by the server; a cancel keeps the order for the next tap', async () => {
    const dues = (paid: string[], arrears: string[]) => ({ year: 2026, category: 'student', monthlyDueFen: 20, dueFen: 240,
      paidFen: 20 * paid.length, paidMonths: paid, arrearsMonths: arrears });
    let paidAtWeChat = false;
    let orders = 0;
    const wx = installWx((req) => {
      if (req.url.endsWith('/me/dues')) {
        return { status: 200, data: paidAtWeChat ? dues(['2026-11', '2026-12'], []) : dues([], ['2026-11', '2026-12']) };
      }
      if (req.method === 'POST' && req.url.endsWith('/me/dues/orders')) {
        orders += 1;
        return { status: 201, data: { orderId: 'o1', status: 'pending', months: ['2026-11', '2026-12'], amountFen: 40,
          createdAt: '2026-12-04T02:00:00Z', paidAt: null, payment: { timeStamp: '1764813600', nonceStr: 'N0NCE',
            package: 'prepay_id=wx201410272009395522657a690389285100', signType: 'RSA', paySign: 'c2lnbmVk' } } };
      }
      return { status: 200, data: { orderId: 'o1', status: paidAtWeChat ? 'paid' : 'pending', months: ['2026-11', '2026-12'],
        amountFen: 40, createdAt: '2026-12-04T02:00:00Z', paidAt: paidAtWeChat ? '2026-12-04T02:01:00Z' : null } };
    });
    signedInAs(wx, 'u1');
    wx.onPay = () => { paidAtWeChat = true; };
    const page = loadPage('pages/me/dues');
    await page.instance.onShow();
    await settle();
    expect(text(page, '#pay')).toContain('在微信中缴纳 2 个月（0.40 元）');
    wx.paymentAnswer = 'cancel';
    await page.instance.payOnline();
    await settle();
    expect(text(page, '#message')).toBe('已取消支付，可稍后再缴');
    wx.paymentAnswer = 'pay';
    await page.instance.payOnline();
    await settle();
    expect(orders).toBe(1);
    expect(wx.payments).toHaveLength(2);
    expect(wx.payments[1]).toEqual(wx.payments[0]);
    expect(wx.payments[0].package).toBe('prepay_id=wx201410272009395522657a690389285100');
    expect(text(page, '#message')).toBe('缴纳成功：2026-11、2026-12');
    expect(page.querySelectorAll('.paid')).toHaveLength(2);
    expect(page.querySelector('#pay')).toBeFalsy();
    expect(wx.storage.has('zhibu.dues-order')).toBe(false);
  });

  test('dues in WeChat where the school has none: said once, and the desk named instead', async () => {
    const wx = installWx((req) => (req.method === 'POST'
      ? { status: 503, data: { type: 'about:blank', title: '本校尚未开通微信支付缴纳党费，请向支部缴纳', status: 503,
        code: 'dues.online_payment_off', detail: 'x' } }
      : { status: 200, data: { year: 2026, category: 'student', monthlyDueFen: 20, dueFen: 240, paidFen: 0, paidMonths: [],
        arrearsMonths: ['2026-12'] } }));
    signedInAs(wx, 'u1');
    const page = loadPage('pages/me/dues');
    await page.instance.onShow();
    await settle();
    await page.instance.payOnline();
    await settle();
    expect(text(page, '#message')).toBe('本校尚未开通微信缴纳党费，请向支部缴纳');
    expect(page.querySelector('#pay')).toBeFalsy();
    expect(text(page, '#arrears')).toContain('请向支部缴纳');
    expect(wx.payments).toHaveLength(0);
  });

  test('review: every other member needs a grade, the ballot never includes me, and it is sent once confirmed', async () => {
    const review = { id: 'r1', orgId: 'b1', year: 2026, opensAt: '2026-11-01T00:00:00Z', closesAt: '2026-12-01T00:00:00Z',
      state: 'open', mySelfAssessment: null, voted: false,
      members: [{ personId: 'u1', name: '王芳' }, { personId: 'u2', name: '李强' }, { personId: 'u3', name: '张伟' }] };
    const wx = installWx((req) => {
      if (req.url.endsWith('/me/reviews')) return { status: 200, data: { items: [{ ...review, members: undefined }] } };
      if (req.url.endsWith('/ballots')) return { status: 204 };
      return { status: 200, data: review };
    });
    signedInAs(wx, 'u1');
    const page = loadPage('pages/me/review');
    await page.instance.onShow();
    await settle();
    expect(page.querySelectorAll('.other')).toHaveLength(2);
    await page.instance.vote();
    expect(text(page, '#message')).toBe('请为每位同志选择评议等次');
    page.instance.choose({ currentTarget: { dataset: { index: 0 } }, detail: { value: 'excellent' } });
    page.instance.choose({ currentTarget: { dataset: { index: 1 } }, detail: { value: 'qualified' } });
    page.instance.chooseCommittee({ detail: { value: 'qualified' } });
    await page.instance.vote();
    await settle();
    const sent = wx.requests.find((r) => r.url.endsWith('/ballots'));
    expect(sent?.data).toEqual({ ratings: [{ personId: 'u2', grade: 'excellent' }, { personId: 'u3', grade: 'qualified' }],
      committeeGrade: 'qualified' });
    expect(text(page, '#voted')).toBe('您已投票，感谢参与');
  });
});

describe('述职评议', () => {
  test('the secretary\'s report is rated once, with a grade chosen first; a report not yet in has nothing to rate', async () => {
    const items = [
      { assessmentId: 'a1', year: 2026, closesAt: '2027-01-15T00:00:00Z', orgId: 'b1', orgName: '第一党支部',
        report: '一年来抓党建工作情况', rated: false },
      { assessmentId: 'a1', year: 2026, closesAt: '2027-01-15T00:00:00Z', orgId: 'b2', orgName: '第二党支部',
        report: null, rated: false }];
    const wx = installWx((req) => (req.url.endsWith('/ratings') ? { status: 204 } : { status: 200, data: { items } }));
    signedIn(wx);
    const page = loadPage('pages/me/appraisal');
    await page.instance.onShow();
    await settle();
    expect(page.querySelectorAll('.round')).toHaveLength(2);
    expect(text(page, '.no-report')).toBe('书记尚未提交述职报告');
    await page.instance.rate({ currentTarget: { dataset: { index: 0 } } });
    expect(text(page, '#message')).toBe('请先选择评议等次');
    expect(wx.requests.some((r) => r.url.endsWith('/ratings'))).toBe(false);
    page.instance.choose({ currentTarget: { dataset: { index: 0 } }, detail: { value: 'good' } });
    await page.instance.rate({ currentTarget: { dataset: { index: 0 } } });
    await settle();
    const sent = wx.requests.find((r) => r.url.endsWith('/assessments/a1/ratings'));
    expect(sent?.data).toEqual({ orgId: 'b1', grade: 'good' });
    expect(text(page, '.rated')).toBe('您已评议，感谢参与');
  });
});

describe('公示', () => {
  test('the shortlists under 公示 for my branch, each with its last day', async () => {
    const wx = installWx((req) => (req.url.endsWith('/me')
      ? { status: 200, data: me(true) }
      : { status: 200, data: { items: [{ honourId: 'h1', org: '计算机学院党委', year: 2026, kind: 'excellent_member',
        nominee: '王芳', unit: '第一党支部', reason: '带头落实三会一课', until: '2026-06-26' }] } }));
    signedIn(wx);
    const page = loadPage('pages/me/publicity');
    await page.instance.onShow();
    await settle();
    expect(wx.requests.some((r) => r.url.endsWith('/orgs/b1/public-notices'))).toBe(true);
    expect(text(page, '.title')).toBe('优秀共产党员：王芳');
    expect(text(page, '.until')).toContain('公示至 2026-06-26');
  });
});

describe('公示 of people to be admitted', () => {
  test('a 发展党员公示 of my branch says who, from when and until when', async () => {
    const wx = installWx((req) => (req.url.endsWith('/me')
      ? { status: 200, data: me(true) }
      : { status: 200, data: { items: [{ source: 'development', honourId: null, org: '第一党支部', year: 2026,
        kind: 'admission', nominee: '吴同学', unit: '第一党支部', reason: '拟接收为中共预备党员', from: '2026-12-07',
        until: '2026-12-11' }] } }));
    signedIn(wx);
    const page = loadPage('pages/me/publicity');
    await page.instance.onShow();
    await settle();
    expect(text(page, '.title')).toBe('发展党员公示：吴同学');
    expect(text(page, '.until')).toContain('公示至 2026-12-11');
  });
});

describe('思想汇报与谈心谈话', () => {
  const report = (over: Record<string, unknown>) => ({ id: 'tr1', personId: 'u1', name: '王芳', orgId: 'b1',
    period: '2026-Q3', text: '学习体会', submittedAt: '2026-09-20T02:00:00Z', ackedBy: null, ackedAt: null, comment: null,
    ...over });

  test('a report is written for this quarter or the last, sent once confirmed, and who read it is shown', async () => {
    const wx = installWx((req) => {
      if (req.url.endsWith('/me/talks')) {
        return { status: 200, data: { items: [{ id: 't1', orgId: 'b1', talkerId: 's1', talkerName: '李书记',
          talkedAt: '2026-11-02', topic: '入党动机', people: [], notes: null, followUp: null }] } };
      }
      if (req.method === 'POST') return { status: 201, data: report({ id: 'tr2', period: '2026-Q4' }) };
      return { status: 200, data: { required: true, currentPeriod: '2026-Q4', toAcknowledge: [],
        items: [report({ ackedBy: { personId: 'c1', name: '张联系人' }, comment: '继续努力' })] } };
    });
    signedIn(wx);
    const page = loadPage('pages/me/reports');
    await page.instance.onShow();
    await settle();
    expect(page.instance.data.periods).toEqual(['2026-Q4', '2026-Q3']);
    expect(text(page, '.mine')).toContain('张联系人 已阅');
    expect(text(page, '.talk')).toContain('入党动机');
    await page.instance.submit();
    expect(text(page, '#message')).toBe('请先写好思想汇报');
    expect(wx.requests.some((r) => r.method === 'POST')).toBe(false);
    page.instance.onText({ detail: { value: '本季度学习了党章……' } });
    await page.instance.onShow(); // back from another chat: the draft stays
    await settle();
    expect(page.instance.data.text).toBe('本季度学习了党章……');
    await page.instance.submit();
    await settle();
    const sent = wx.requests.find((r) => r.method === 'POST');
    expect(sent?.url).toMatch(/\/me\/thought-reports$/);
    expect(sent?.data).toEqual({ text: '本季度学习了党章……', period: '2026-Q4' });
    expect(page.instance.data.text).toBe('');
  });

  test('a contact acknowledges a report waiting for them, with a comment; a full member has no form', async () => {
    const wx = installWx((req) => {
      if (req.url.endsWith('/me/talks')) return { status: 200, data: { items: [] } };
      if (req.url.endsWith('/ack')) return { status: 200, data: report({ ackedBy: { personId: 'u1', name: '王芳' } }) };
      return { status: 200, data: { required: false, currentPeriod: '2026-Q4', items: [],
        toAcknowledge: [report({ id: 'tr9', personId: 'u9', name: '吴同学' })] } };
    });
    signedIn(wx);
    const page = loadPage('pages/me/reports');
    await page.instance.onShow();
    await settle();
    expect(page.querySelector('#write')).toBeFalsy();
    expect(page.querySelectorAll('.waiting')).toHaveLength(1);
    page.instance.onComment({ currentTarget: { dataset: { index: 0 } }, detail: { value: '认识深刻' } });
    await page.instance.acknowledge({ currentTarget: { dataset: { index: 0 } } });
    await settle();
    const sent = wx.requests.find((r) => r.url.endsWith('/thought-reports/tr9/ack'));
    expect(sent?.data).toEqual({ comment: '认识深刻' });
    expect(page.querySelectorAll('.waiting')).toHaveLength(0);
    expect(text(page, '#message')).toBe('已阅知吴同学的思想汇报');
  });
});

describe('群众评议', () => {
  test('opened from the printed page with its code, every member graded, sent once; a spent code is told why', async () => {
    let spent = false;
    const wx = installWx((req) => {
      if (req.url.includes('/public-ballot?')) {
        return { status: 200, data: { reviewId: 'r1', org: '第一党支部', year: 2026, closesAt: '2026-12-20T15:59:59Z',
          members: [{ personId: 'p1', name: '王芳' }, { personId: 'p2', name: '李强' }] } };
      }
      if (spent) {
        return { status: 422, data: { type: 'about:blank', title: '评议码无效或已使用', status: 422, code: 'review.invalid_code',
          detail: '评议码无效或已使用' } };
      }
      spent = true;
      return { status: 204 };
    });
    signedIn(wx);
    const page = loadPage('pages/review/public');
    await page.instance.onLoad({ review: 'r1', code: 'abcd2345ef' });
    await settle();
    expect(wx.requests[0].url).toContain('/reviews/r1/public-ballot?code=ABCD2345EF');
    expect(text(page, '#title')).toBe('第一党支部 2026 年民主评议党员');
    await page.instance.submit();
    expect(text(page, '#message')).toBe('请为每位党员选择评议等次');
    page.instance.choose({ currentTarget: { dataset: { index: 0 } }, detail: { value: 'excellent' } });
    page.instance.choose({ currentTarget: { dataset: { index: 1 } }, detail: { value: 'qualified' } });
    await page.instance.submit();
    await settle();
    const sent = wx.requests.find((r) => r.url.endsWith('/public-ballots'));
    expect(sent?.data).toEqual({ code: 'ABCD2345EF', ratings: [{ personId: 'p1', grade: 'excellent' },
      { personId: 'p2', grade: 'qualified' }] });
    expect(page.querySelector('#done')).not.toBeNull();
    page.instance.setData({ done: false });
    await page.instance.submit();
    await settle();
    expect(text(page, '#message')).toContain('评议码无效或已使用');
  });

  test('without the round in the link it asks for the printed page instead of sending anything', async () => {
    const wx = installWx(() => ({ status: 500 }));
    signedIn(wx);
    const page = loadPage('pages/review/public');
    await page.instance.onLoad({});
    page.instance.onCode({ detail: { value: ' xyz ' } });
    await page.instance.open();
    expect(text(page, '#message')).toBe('请扫描评议单上的小程序码，或输入评议码');
    expect(wx.requests).toHaveLength(0);
  });
});

describe('errors the person can read', () => {
  test('a short error stays on screen: the loading is hidden before the toast, never after it', async () => {
    const wx = installWx((req) => (req.method === 'POST'
      ? { status: 429, data: { status: 429, code: 'rate_limited', title: '请求太多', detail: '请求太频繁' } }
      : { status: 200, data: { items: [], nextCursor: null } }));
    signedIn(wx);
    const page = loadPage('pages/volunteer/list');
    await page.instance.signUp({ currentTarget: { dataset: { id: 'a1' } } });
    await settle();
    expect(wx.visibleToast).toBe('请求太频繁');
    expect(wx.loading).toBeNull();
  });

  test('a page that cannot load says why on the page, not in a toast that vanishes', async () => {
    const wx = installWx(() => ({ status: 429, data: { status: 429, code: 'rate_limited', title: '请求太多', detail: '请求太频繁' } }));
    signedIn(wx);
    const page = loadPage('pages/notices/detail');
    await page.instance.onLoad({ id: 'n1' });
    await settle();
    expect(text(page, '#failed')).toContain('请求太频繁');
  });

  test('a notice read offers the reminder as a button, and the subscribe request is made inside its tap', async () => {
    const wx = installWx((req) => (req.url.endsWith('/n1') ? { status: 200, data: { id: 'n1', title: '通知', html: '<p>内容</p>',
      author: '书记', createdAt: '2026-11-25T01:00:00Z', mustRead: false, read: false } } : { status: 204 }));
    signedIn(wx);
    const page = loadPage('pages/notices/detail');
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    require('../../miniprogram/config').configure({ templates: { requestProgress: '', noticePublished: 'TPL-N', meetingReminder: '' } });
    await page.instance.onLoad({ id: 'n1' });
    await settle();
    expect(wx.refusedSubscriptions).toBe(0); // nothing asked on load, where WeChat would refuse it
    expect(page.querySelector('#subscribe')).not.toBeNull();
    // the button is wired to the handler (the harness delivers its tap later, outside a gesture: WeChat refuses)
    page.querySelector('#subscribe')!.dispatchEvent('tap');
    await settle();
    expect(wx.refusedSubscriptions).toBe(1);
    // the person's tap: the handler asks synchronously, inside the gesture
    wx.tap(() => page.instance.subscribeNotices());
    await settle();
    expect(wx.subscriptions).toEqual(['TPL-N']);
    expect(wx.requests.find((r) => r.url.endsWith('/wechat/subscriptions'))?.data).toEqual({ templateId: 'TPL-N', result: 'accept' });
    expect(text(page, '#subscribed')).toBe('已设置提醒');
  });
});


describe('coming back from another chat', () => {
  const review = { id: 'rv1', orgId: 'b1', year: 2026, opensAt: '2026-11-01T00:00:00Z', closesAt: '2026-12-31T00:00:00Z',
    state: 'open', voted: false, mySelfAssessment: null,
    members: [{ personId: 'me', name: '我' }, { personId: 'p2', name: '李强' }, { personId: 'p3', name: '张伟' }] };

  test('a 民主评议 ballot in progress and an unsaved self-assessment survive onHide / onShow', async () => {
    const wx = installWx((req) => (req.url.endsWith('/me/reviews') ? { status: 200, data: { items: [review] } }
      : { status: 200, data: review }));
    wx.storage.set('zhibu.session', { accessToken: 'a', refreshToken: 'r', expiresAt: Date.now() + 600_000,
      user: { id: 'me', name: '我', bound: true, roles: [] } });
    const page = loadPage('pages/me/review');
    await page.instance.onShow();
    page.instance.choose({ currentTarget: { dataset: { index: 0 } }, detail: { value: 'excellent' } });
    page.instance.onSelf({ detail: { value: '认真学习，尚未写完' } });
    wx.hideApp();
    await page.instance.onShow(); // back from a chat: the page reloads the round
    await settle();
    expect(page.instance.data.others.map((o: { grade: string }) => o.grade)).toEqual(['excellent', '']);
    expect(page.instance.data.selfText).toBe('认真学习，尚未写完');
  });

  test('quiz answers survive onShow, and a double tap on submit spends one attempt', async () => {
    const course = { id: 'c1', title: '课', creditHours: 0.5, completed: false, lessons: [],
      quiz: { passScore: 50, maxAttempts: 2, attemptsUsed: 0, passed: false, questions: [{ question: 'Q', options: ['A', 'B'] }] } };
    const wx = installWx((req) => (req.url.endsWith('/quiz-attempts') ? { status: 200, data: { score: 100, passed: true, attemptsLeft: 1 } }
      : { status: 200, data: course }));
    wx.storage.set('zhibu.session', { accessToken: 'a', refreshToken: 'r', expiresAt: Date.now() + 600_000 });
    const page = loadPage('pages/courses/detail');
    page.instance.onLoad({ id: 'c1' });
    await page.instance.onShow();
    page.instance.choose({ currentTarget: { dataset: { index: 0 } }, detail: { value: 1 } });
    await page.instance.onShow();
    expect(page.instance.data.answers).toEqual([1]);
    await Promise.all([page.instance.submit(), page.instance.submit()]);
    expect(wx.requests.filter((r) => r.url.endsWith('/quiz-attempts'))).toHaveLength(1);
  });
});

describe('办实事 categories', () => {
  test('come from the server, and a failed load offers a retry instead of an empty picker', async () => {
    let up = false;
    const wx = installWx((req) => (req.url.endsWith('/requests/categories') && up
      ? { status: 200, data: { items: [{ name: '宿舍', respondWithinHours: 24, resolveWithinHours: 72, onBoard: true }] } }
      : 'network-down'));
    signedIn(wx);
    const page = loadPage('pages/requests/new');
    page.instance.onLoad();
    await settle();
    expect(text(page, '#categories-failed')).toContain('网络');
    up = true;
    await page.instance.loadCategories();
    await settle();
    expect(page.instance.data.categories).toEqual(['宿舍']);
    expect(page.querySelector('#categories-failed')).toBeFalsy();
  });
});

describe('lists', () => {
  test('pull to refresh asks the server again and ends the spinner, even when the network fails', async () => {
    let up = true;
    const wx = installWx(() => (up ? { status: 200, data: { items: [], nextCursor: null } } : 'network-down'));
    signedIn(wx);
    const page = loadPage('pages/requests/list');
    await page.instance.onShow();
    const before = wx.requests.length;
    await page.instance.onPullDownRefresh();
    expect(wx.requests.length).toBeGreaterThan(before);
    up = false;
    await page.instance.onPullDownRefresh();
    expect(wx.refreshStops).toBe(2);
  });
});

describe('sharing', () => {
  test('a notice shared into a chat opens the same notice, whose server still decides who may read it', async () => {
    const wx = installWx(() => ({ status: 200, data: { id: 'n7', title: '关于开展主题党日的通知', html: '', author: '书记',
      createdAt: '2026-11-25T01:00:00Z', mustRead: false, read: true } }));
    signedIn(wx);
    const page = loadPage('pages/notices/detail');
    await page.instance.onLoad({ id: 'n7' });
    expect(page.instance.onShareAppMessage()).toEqual({ title: '关于开展主题党日的通知', path: '/pages/notices/detail?id=n7' });
  });
});

describe('会议详情 page', () => {
  const event = { id: 'e1', orgId: 'b1', type: 'party_day', title: '主题党日', startsAt: new Date(Date.now() + 3_600_000).toISOString(),
    endsAt: new Date(Date.now() + 7_200_000).toISOString(), status: 'scheduled', agenda: '学习全会精神', lecturer: '李书记',
    location: { lat: 31.23, lng: 121.47, radiusM: 300 }, cancelReason: null };

  test('shows place, agenda and my own place in the meeting, with the next thing to do', async () => {
    const mine = { expected: true, status: 'absent', marked: false, checkedInAt: null, offline: false, leaveId: 'l1',
      leaveStatus: 'pending', leaveReason: '出差' };
    const wx = installWx((req) => ({ status: 200, data: req.url.endsWith('/mine') ? mine : event }));
    signedIn(wx);
    const page = loadPage('pages/events/detail');
    page.instance.onLoad({ id: 'e1' });
    await page.instance.onShow();
    await settle();
    expect(text(page, '#agenda')).toContain('学习全会精神');
    expect(text(page, '#leave')).toBe('请假待书记审批：出差');
    expect(page.instance.data.canLeave).toBe(false); // one request is enough
    expect(page.instance.data.canScan).toBe(true);
    page.instance.openMap();
    expect(wx.navigations).toContain('map:31.23,121.47');
  });

  test('a check-in marked by hand says 补签; a load that fails offers a retry', async () => {
    let up = false;
    const mine = { expected: true, status: 'present', marked: true, checkedInAt: null, offline: false, leaveId: null,
      leaveStatus: null, leaveReason: null };
    const wx = installWx((req) => (up ? { status: 200, data: req.url.endsWith('/mine') ? mine : event } : 'network-down'));
    signedIn(wx);
    const page = loadPage('pages/events/detail');
    page.instance.onLoad({ id: 'e1' });
    await page.instance.onShow();
    await settle();
    expect(text(page, '#failed')).toContain('网络');
    up = true;
    await page.instance.load();
    await settle();
    expect(text(page, '#mine')).toContain('已签到（补签）');
    expect(page.instance.data.canScan).toBe(false);
  });
});

describe('志愿活动 page', () => {
  const soon = new Date(Date.now() + 86_400_000).toISOString();
  const later = new Date(Date.now() + 90_000_000).toISOString();
  const activity = (mine: boolean) => ({ id: 'a1', orgId: 'b1', title: '社区敬老', startsAt: soon, endsAt: later, capacity: 10,
    signedUp: mine ? 4 : 3, mine, location: { lat: 31.2, lng: 121.4, radiusM: 300 } });

  test('a member cancels a sign-up before the activity starts, and the place goes back', async () => {
    let mine = true;
    const wx = installWx((req) => {
      if (req.method === 'DELETE') {
        mine = false;
        return { status: 204 };
      }
      return { status: 200, data: { items: [activity(mine)] } };
    });
    signedIn(wx);
    const page = loadPage('pages/volunteer/activity');
    page.instance.onLoad({ id: 'a1' });
    await page.instance.onShow();
    await settle();
    expect(text(page, '#seats')).toBe('余 6 / 10 个名额');
    await page.instance.cancel();
    await settle();
    expect(wx.requests.find((r) => r.method === 'DELETE')?.url).toMatch(/\/volunteer\/activities\/a1\/signups$/);
    expect(text(page, '#seats')).toBe('余 7 / 10 个名额');
    expect(page.instance.data.mine).toBe(false);
  });

  test("the organiser shows the on-site code, which stops being fetched once the page is hidden", async () => {
    const wx = installWx((req) => (req.url.endsWith('/checkin-code')
      ? { status: 200, data: { code: 'VCODE', expiresAt: new Date(Date.now() + 30_000).toISOString() } }
      : { status: 200, data: { items: [activity(false)] } }));
    wx.storage.set('zhibu.session', { accessToken: 'a', refreshToken: 'r', expiresAt: Date.now() + 600_000,
      user: { id: 's1', name: '书记', bound: true, roles: [{ role: 'secretary', orgId: 'b1' }] } });
    const page = loadPage('pages/volunteer/activity');
    page.instance.onLoad({ id: 'a1' });
    await page.instance.onShow();
    expect(page.instance.data.organiser).toBe(true);
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
    try {
      await page.instance.showCode();
      expect(page.instance.data.qr).toContain('/m/v/VCODE');
      page.instance.onHide();
      const asked = wx.requests.length;
      jest.advanceTimersByTime(120_000);
      for (let i = 0; i < 20; i++) await Promise.resolve();
      expect(wx.requests.length).toBe(asked);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('我的党员信息 and 微党课比赛 pages', () => {
  test('my record is shown to read, with whom to ask for a correction', async () => {
    const wx = installWx(() => ({ status: 200, data: { personId: 'u1', name: '王芳', stage: 'full', gender: 'female',
      birthDate: '2001-05-01', ethnicity: '汉族', education: 'bachelor', joinedAt: '2022-06-28', fullMemberAt: null } }));
    signedIn(wx);
    const page = loadPage('pages/me/profile');
    await page.instance.onShow();
    await settle();
    const rows = page.instance.data.rows.map((r: { label: string; value: string }) => `${r.label}:${r.value}`);
    expect(rows).toEqual(expect.arrayContaining(['政治面貌:正式党员', '学历:本科', '转正时间:未填写']));
    expect(text(page, '#correct')).toContain('书记');
  });

  test('a contest vote counts once a day; a second one the same day is told why', async () => {
    let votes = 0;
    const contest = () => ({ id: 'k1', orgId: 'b1', title: '微党课大赛', endsAt: new Date(Date.now() + 86_400_000).toISOString(),
      entries: [{ rank: 1, entryId: 'x1', courseId: 'c1', title: '红船精神', branch: '一支部', votes }] });
    const wx = installWx((req) => {
      if (req.method === 'POST') {
        if (votes > 0) return { status: 409, data: { status: 409, code: 'contest.already_voted_today', title: '冲突', detail: '今天已经投过票了' } };
        votes += 1;
      }
      return { status: 200, data: contest() };
    });
    signedIn(wx);
    const page = loadPage('pages/courses/contest');
    page.instance.onLoad({ id: 'k1' });
    await page.instance.onShow();
    await page.instance.vote({ currentTarget: { dataset: { id: 'x1' } } });
    expect(page.instance.data.entries[0].votes).toBe(1);
    await page.instance.vote({ currentTarget: { dataset: { id: 'x1' } } });
    expect(text(page, '#message')).toBe('今天已经投过票了');
    expect(page.instance.onShareAppMessage().path).toBe('/pages/courses/contest?id=k1');
  });
});

describe('pages that cannot load', () => {
  test.each(['pages/me/dues', 'pages/points/points', 'pages/me/me'])('%s says why and offers a retry that loads it', async (path) => {
    let up = false;
    const wx = installWx((req) => (up ? { status: 200, data: req.url.includes('/me/points')
      ? { items: [], nextCursor: null, totalThisYear: 0 } : req.url.includes('/leaderboards')
        ? { entries: [], me: { rank: null, score: 0 } } : req.url.endsWith('/me/dues')
          ? { year: 2026, category: 'student', monthlyDueFen: 20, dueFen: 0, paidFen: 0, paidMonths: [], arrearsMonths: [] }
          : { id: 'u1', name: '王芳', bound: true, roles: [], unreadNotices: 0, pointsThisYear: 0,
            study: { creditedHours: 0, requiredHours: 32 }, volunteerHoursThisYear: 0 } } : 'network-down'));
    signedIn(wx);
    const page = loadPage(path);
    const showing = page.instance.onShow();
    expect(wx.navigationLoading).toBe(true); // the loading state, while it asks
    await showing;
    await settle();
    expect(wx.navigationLoading).toBe(false);
    expect(text(page, '#failed')).toContain('网络');
    up = true;
    await page.instance.retry();
    await settle();
    expect(page.querySelector('#failed')).toBeFalsy();
  });
});

