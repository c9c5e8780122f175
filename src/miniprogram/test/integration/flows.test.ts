/**
 * Every user's main flow, end to end, through the mini-program's own API layer (client, session, offline
 * queue, photo upload) against a real zhibu server in dev mode with its demo school and fake WeChat
 * (scripts/miniprogram.sh starts a fresh one each run; MINIPROGRAM_API_BASE names it — the flows expect a fresh
 * demo school: one review round per year, dues months paid once). Nothing here talks to the server except
 * through the code the pages use.
 */
import { api, upload } from '../../miniprogram/api/client';
import { checkIn, flushQueue, queued } from '../../miniprogram/api/offline';
import { ApiError } from '../../miniprogram/api/problems';
import { parseScan, codeLink } from '../../miniprogram/api/scan';
import { session } from '../../miniprogram/api/session';
import { configure } from '../../miniprogram/config';
import { Phone } from '../support/node-wx';

const BASE = process.env.MINIPROGRAM_API_BASE ?? 'http://127.0.0.1:8080/api/v1';
const run = Date.now().toString(36);
const PREFIX = 'https://dangjian.example.edu.cn/m/';

/** The smallest JPEG the server recognises by its bytes. */
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]).buffer;

const secretary = new Phone('demo-sec-1');
const member = new Phone('demo-m-1-1');
const other = new Phone('demo-m-1-2');
const admin = new Phone('demo-admin');
const student = new Phone(`student-${run}`);

let branch = '';
let newcomer: Phone | null = null;
let newcomerId = '';

beforeAll(async () => {
  configure({ apiBase: BASE, qrPrefix: PREFIX, devOpenid: '' });
  secretary.use();
  const me = await api.get('/me');
  branch = me.roles.find((r) => r.role === 'secretary')!.orgId;
});

function minutes(n: number): string {
  return new Date(Date.now() + n * 60_000).toISOString();
}

describe('a member', () => {
  test('a new member is put on the roster, logs in silently and binds with the activation code', async () => {
    secretary.use();
    const number = `M${run}`.slice(0, 16);
    const roster = await api.post('/orgs/{id}/roster', { path: { id: branch }, body: {
      entries: [{ number, name: '新同志', stage: 'probationary' }],
    } });
    const code = roster.activationCodes.find((c) => c.number === number)!.code!;
    const phone = new Phone(`newcomer-${run}`).use();
    expect((await api.get('/me')).bound).toBe(false);
    const user = await api.post('/auth/bind', { body: { number, name: '新同志', activationCode: code } });
    expect(user.bound).toBe(true);
    newcomer = phone;
    newcomerId = user.id;
    expect(phone.storage.get('zhibu.session')).toBeTruthy();
    const again = await api.post('/auth/bind', { body: { number, name: '新同志', activationCode: code } }).catch((e) => e);
    expect(again).toBeInstanceOf(ApiError);
    expect(again.detail).toMatch(/[\u4e00-\u9fa5]/);
  });

  test('scans the secretary’s code to check in; a scan with no signal goes up later and is marked offline', async () => {
    secretary.use();
    const event = await api.post('/events', { body: {
      orgId: branch, type: 'party_day', title: `主题党日-${run}`, startsAt: minutes(-5), endsAt: minutes(90),
    } });
    const shown = await api.get('/events/{id}/checkin-code', { path: { id: event.id } });
    const scanned = parseScan(codeLink(PREFIX, 'e', shown.code));
    expect(scanned).toEqual({ kind: 'checkin', eventId: event.id, code: shown.code });
    if (scanned.kind !== 'checkin') throw new Error('not a check-in');

    member.use();
    // the meeting is in the member's own list (the 会议 page reads /me/events: every meeting that expects them)
    const mine = await api.get('/me/events', { query: { from: minutes(-60), limit: 50 } });
    expect(mine.items.map((e) => e.id)).toContain(event.id);
    const done = await checkIn({ eventId: scanned.eventId, code: scanned.code });
    expect(done.status).toBe('done');

    other.use();
    other.online = false;
    const kept = await checkIn({ eventId: scanned.eventId, code: scanned.code });
    expect(kept.status).toBe('queued');
    expect(queued()).toHaveLength(1);
    other.online = true;
    expect(await flushQueue()).toEqual({ sent: 1, refused: 0 });

    secretary.use();
    const attendance = await api.get('/events/{id}/attendance', { path: { id: event.id } });
    expect(attendance.checkedIn).toBe(2);
    const offline = attendance.members.filter((m) => m.status === 'checked_in' && m.offline);
    expect(offline).toHaveLength(1);
  });

  test('asks for leave and the secretary approves it; the member reads a notice the secretary then sees as read', async () => {
    secretary.use();
    const later = await api.post('/events', { body: {
      orgId: branch, type: 'party_lesson', title: `党课-${run}`, startsAt: minutes(60 * 24), endsAt: minutes(60 * 26),
    } });
    member.use();
    const leave = await api.post('/events/{id}/leaves', { path: { id: later.id }, body: { reason: '外出实习' } });
    expect(leave.status).toBe('pending');
    secretary.use();
    const pending = await api.get('/orgs/{id}/leaves', { path: { id: branch }, query: { status: 'pending' } });
    expect(pending.items.map((l) => l.id)).toContain(leave.id);
    expect((await api.post('/leaves/{id}/decision', { path: { id: leave.id }, body: { approve: true } })).status).toBe('approved');

    const notice = await api.post('/notices', { body: {
      title: `学习通知-${run}`, body: '请于周五前完成**第四季度**学习。', targetOrgIds: [branch], mustRead: true, push: false,
    } });
    member.use();
    const feed = await api.get('/notices', { query: { limit: 50 } });
    expect(feed.items.find((n) => n.id === notice.id)?.read).toBe(false);
    const detail = await api.get('/notices/{id}', { path: { id: notice.id } });
    expect(detail.html).toContain('<strong>第四季度</strong>');
    await api.post('/notices/{id}/read', { path: { id: notice.id } });
    secretary.use();
    const receipts = await api.get('/notices/{id}/receipts', { path: { id: notice.id } });
    expect(receipts.read).toBe(1);
    expect(receipts.unread.map((u) => u.personId)).not.toContain(undefined);
  });

  test('studies a lesson with heartbeats and takes the quiz; sees points and rank', async () => {
    secretary.use();
    const course = await api.post('/courses', { body: {
      // A 27-second lesson (0.01 学时 at 45 min a 学时, the least a course carries): the flow watches it through
      // in real time before the quiz, which the server refuses until the lessons are done.
      orgId: branch, title: `微党课-${run}`, creditHours: 0.01,
      lessons: [{ title: '第一讲', durationSeconds: 27, mediaUrl: 'https://media.example.edu.cn/1.mp4' }],
      quiz: { passScore: 60, questions: [{ question: '党的最高理想是？', options: ['共产主义', '其他'], answer: 0 }] },
    } });
    member.use();
    const listed = await api.get('/courses', { query: { limit: 100 } });
    expect(listed.items.map((c) => c.id)).toContain(course.id);
    const full = await api.get('/courses/{id}', { path: { id: course.id } });
    expect(JSON.stringify(full.quiz)).not.toContain('answer');
    const sessionStarted = await api.post('/lessons/{id}/study-sessions', { path: { id: full.lessons[0].id! } });
    await expect(api.post('/courses/{id}/quiz-attempts', { path: { id: course.id }, body: { answers: [0] } }))
      .rejects.toMatchObject({ code: 'quiz.lessons_incomplete' });
    await new Promise((r) => setTimeout(r, 26_000));
    const progress = await api.post('/study-sessions/{id}/heartbeats', {
      path: { id: sessionStarted.sessionId }, body: { positionSeconds: 26 },
    });
    expect(progress.completed).toBe(true);
    const quiz = await api.post('/courses/{id}/quiz-attempts', { path: { id: course.id }, body: { answers: [0] } });
    expect(quiz.passed).toBe(true);

    const points = await api.get('/me/points', { query: { limit: 10 } });
    expect(points.items.length).toBeGreaterThan(0);
    const board = await api.get('/leaderboards', { query: { orgId: branch, period: 'year' } });
    expect(board.me.rank).not.toBeNull();
  }, 60_000); // the lesson is watched through in real time

  test('signs up for a volunteer activity, scans in and out, self-reports with a photo; sees the hours and their data', async () => {
    secretary.use();
    const activity = await api.post('/volunteer/activities', { body: {
      orgId: branch, title: `社区服务-${run}`, startsAt: minutes(-30), endsAt: minutes(120), capacity: 10,
    } });
    member.use();
    const open = await api.get('/volunteer/activities');
    expect(open.items.find((a) => a.id === activity.id)?.mine).toBe(false);
    await api.post('/volunteer/activities/{id}/signups', { path: { id: activity.id } });
    secretary.use();
    const code = await api.get('/volunteer/activities/{id}/checkin-code', { path: { id: activity.id } });
    const scanned = parseScan(codeLink(PREFIX, 'v', code.code));
    expect(scanned.kind).toBe('volunteer');
    member.use();
    const inside = await api.post('/volunteer/activities/{id}/checkin', { path: { id: activity.id }, body: { code: code.code } });
    expect(inside.status).toBe('open');
    secretary.use();
    const code2 = await api.get('/volunteer/activities/{id}/checkin-code', { path: { id: activity.id } });
    member.use();
    const out = await api.post('/volunteer/activities/{id}/checkout', { path: { id: activity.id }, body: { code: code2.code } });
    expect(out.checkedOutAt).toBeTruthy();

    const photo = (await upload('/photos', JPEG, 'application/octet-stream')) as { url: string };
    const yesterday = new Date(Date.now() - 86400_000);
    yesterday.setUTCHours(2, 0, 0, 0);
    const report = await api.post('/volunteer/records', { body: {
      startedAt: yesterday.toISOString(), endedAt: new Date(yesterday.getTime() + 2 * 3600_000).toISOString(),
      description: `敬老院陪护-${run}`, evidenceUrls: [photo.url],
    } });
    expect(report.status).toBe('pending');
    const mine = await api.get('/me/volunteer');
    expect(mine.records.some((r) => r.description === `敬老院陪护-${run}`)).toBe(true);
    const data = await api.get('/me/data');
    expect(data.photos.length).toBeGreaterThan(0);
  });
});

describe('a member in development', () => {
  test('sees the steps the secretary records, and what is due next', async () => {
    secretary.use();
    const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
    await api.post('/people/{id}/development/milestones', { path: { id: newcomerId }, body: { key: 'application', date: today } });
    newcomer!.use();
    const mine = await api.get('/people/{id}/development', { path: { id: newcomerId } });
    expect(mine.milestones.map((m) => m.key)).toEqual(['application']);
    expect(mine.next?.key).toBe('first_talk');
    expect(mine.next?.dueBy).toBeTruthy();
    const refused = await api.post('/people/{id}/development/milestones', {
      path: { id: newcomerId }, body: { key: 'first_talk', date: today },
    }).catch((e) => e);
    expect(refused.code).toBe('development.own_record');
  });
});

describe('a member\'s dues and democratic review', () => {
  test('the branch sets the base and records a payment; the member sees paid months and arrears', async () => {
    secretary.use();
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    await api.put('/orgs/{id}/dues/bases', { path: { id: branch }, body: {
      year, entries: [{ personId: newcomerId, category: 'employed', monthlyBaseFen: 450000 }],
    } });
    const paid = await api.post('/orgs/{id}/dues/payments', { path: { id: branch }, body: {
      personId: newcomerId, months: [`${year}-01`], amountFen: 4500,
    } });
    expect(paid.dueFen).toBe(4500);
    const again = await api.post('/orgs/{id}/dues/payments', { path: { id: branch }, body: {
      personId: newcomerId, months: [`${year}-01`], amountFen: 4500,
    } }).catch((e) => e);
    expect(again.code).toBe('dues.already_paid');
    newcomer!.use();
    const mine = await api.get('/me/dues');
    expect(mine.monthlyDueFen).toBe(4500);
    expect(mine.paidMonths).toEqual([`${year}-01`]);
  });

  test('the member pays the next owed month in WeChat: an order for exactly it, WeChat Pay paid, the month recorded once', async () => {
    const pay = process.env.MINIPROGRAM_FAKE_PAY;
    expect(pay).toBeTruthy();
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    newcomer!.use();
    const owed = (await api.get('/me/dues')).arrearsMonths;
    expect(owed.length).toBeGreaterThan(0);
    const order = await api.post('/me/dues/orders', { body: { months: [owed[0]] } });
    expect(order.amountFen).toBe(4500);
    expect(order.payment?.package).toMatch(/^prepay_id=/);
    const twice = await api.post('/me/dues/orders', { body: { months: [owed[0]] } }).catch((e) => e);
    expect(twice.code).toBe('dues.month_in_order');
    // the person pays at WeChat's cashier; WeChat Pay (the dev server's fake) notifies the server
    const paid = await fetch(`${pay}/__fake/pay/${order.orderId.replace(/-/g, '')}`, { method: 'POST' });
    expect(paid.status).toBe(204);
    let status = 'pending';
    for (let i = 0; i < 10 && status === 'pending'; i++) {
      status = (await api.get('/me/dues/orders/{id}', { path: { id: order.orderId } })).status;
    }
    expect(status).toBe('paid');
    const mine = await api.get('/me/dues');
    expect(mine.paidMonths).toEqual([`${year}-01`, owed[0]].filter((m, i, all) => all.indexOf(m) === i).sort());
  });

  test('a round is opened; the member finds it, writes a self-assessment and votes once', async () => {
    secretary.use();
    const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
    const round = await api.post('/orgs/{id}/reviews', { path: { id: branch }, body: {
      year, opensAt: new Date(Date.now() - 3600_000).toISOString(), closesAt: new Date(Date.now() + 3600_000).toISOString(),
    } });
    newcomer!.use();
    const mine = await api.get('/me/reviews');
    const found = mine.items.find((r) => r.id === round.id)!;
    expect(found.state).toBe('open');
    await api.post('/reviews/{id}/self', { path: { id: round.id }, body: { text: '一年来认真学习' } });
    const full = await api.get('/reviews/{id}', { path: { id: round.id } });
    const others = full.members.filter((m) => m.personId !== newcomerId).slice(0, 3);
    await api.post('/reviews/{id}/ballots', { path: { id: round.id }, body: {
      ratings: others.map((m) => ({ personId: m.personId, grade: 'qualified' as const })),
    } });
    const twice = await api.post('/reviews/{id}/ballots', { path: { id: round.id }, body: {
      ratings: others.map((m) => ({ personId: m.personId, grade: 'excellent' as const })),
    } }).catch((e) => e);
    expect(twice.code).toBe('review.already_voted');
    secretary.use();
    const results = await api.get('/reviews/{id}/results', { path: { id: round.id } });
    expect(results.ballots).toBe(1);
  });
});

describe('a student (群众)', () => {
  test('files an anonymous request with a photo, follows it to a rated result, and never appears to the handler', async () => {
    student.use();
    const me = await api.get('/me');
    expect(me.bound).toBe(false);
    const photo = (await upload('/photos', JPEG, 'application/octet-stream')) as { url: string };
    const filed = await api.post('/requests', { body: {
      category: '后勤', title: `路灯不亮-${run}`, content: '图书馆东门路灯连续三晚不亮', anonymous: true, photoUrls: [photo.url],
    } });

    admin.use();
    const seen = await api.get('/requests/{id}', { path: { id: filed.id } });
    expect(seen.requester).toBeUndefined();
    expect(seen.photoUrls).toEqual([photo.url]);
    for (const action of ['accept', 'start'] as const) {
      await api.post('/requests/{id}/transitions', { path: { id: filed.id }, body: { action } });
    }
    await api.post('/requests/{id}/transitions', { path: { id: filed.id }, body: { action: 'resolve', note: '已更换灯管' } });

    student.use();
    const mine = await api.get('/requests', { query: { view: 'mine' } });
    expect(mine.items.find((r) => r.id === filed.id)?.status).toBe('resolved');
    // the page offers what the server allows the requester now, nothing it would refuse
    expect((await api.get('/requests/{id}', { path: { id: filed.id } })).allowedActions).toEqual(['confirm', 'reopen']);
    const closed = await api.post('/requests/{id}/transitions', { path: { id: filed.id }, body: { action: 'confirm', rating: 5 } });
    expect(closed.status).toBe('closed');
    const detail = await api.get('/requests/{id}', { path: { id: filed.id } });
    expect(detail.timeline!.map((s) => s.action)).toEqual(['file', 'accept', 'start', 'resolve', 'confirm']);
    const board = await api.get('/requests/board', { query: { limit: 50 } });
    expect(board.items.map((i) => i.id)).not.toContain(filed.id);
  });
});

describe('a secretary on the phone', () => {
  test('confirms a scan-to-login on the PC after seeing where the browser is', async () => {
    const browser = await fetch(`${BASE}/auth/web-tickets`, { method: 'POST' }).then((r) => r.json()) as {
      ticket: string; scene: string; pollToken: string;
    };
    const scanned = parseScan(browser.scene);
    expect(scanned).toEqual({ kind: 'web-login', ticket: browser.ticket });
    secretary.use();
    const details = await api.get('/auth/web-tickets/{ticket}/details', { path: { ticket: browser.ticket } });
    expect(details.status).toBe('pending');
    await api.post('/auth/web-tickets/{ticket}/confirm', { path: { ticket: browser.ticket } });
    const poll = await fetch(`${BASE}/auth/web-tickets/${browser.ticket}`, { headers: { 'X-Poll-Token': browser.pollToken } })
      .then((r) => r.json()) as { status: string; accessToken?: string };
    expect(poll.status).toBe('confirmed');
    expect(poll.accessToken).toBeTruthy();
  });

  test('a session survives an expired access token: refreshed with rotation, no second login', async () => {
    secretary.use();
    const before = session.get()!;
    session.save({ accessToken: 'expired.token.value', refreshToken: before.refreshToken, expiresIn: 600 });
    const me = await api.get('/me');
    expect(me.roles.some((r) => r.role === 'secretary')).toBe(true);
    expect(session.get()!.refreshToken).not.toBe(before.refreshToken);
  });
});
