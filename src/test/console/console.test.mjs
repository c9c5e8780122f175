// Browser tests of the web console, in Debian's headless Chromium driven by playwright-core.
// Run by scripts/console.sh against a dev server with the demo school; screenshots go to target/screenshots/
// (SCREENSHOTS=docs/screenshots updates the committed ones).
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';

const BASE = process.env.CONSOLE_BASE || 'http://127.0.0.1:8080';
const SHOTS = process.env.SCREENSHOTS || 'target/screenshots';
mkdirSync(SHOTS, { recursive: true });
// A 48×32 checked PNG: a photo small enough to read in a test, big enough to see in a screenshot.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAADAAAAAgCAIAAADbtmxLAAAARklEQVR42u3WsQ0AIAgEQGZh/8pJHMUNdAEsjQWXfPkJVwGx1ywzMsu87gcQEFA70K/Btz4QEFA/kE0NBATkH3I6gICagw4nXx+mnHutvQAAAABJRU5ErkJggg==';
let passed = 0;
let failed = 0;

async function api(method, path, token, body) {
  const res = await fetch(BASE + '/api/v1' + path, {
    method,
    headers: Object.assign({ 'Content-Type': 'application/json' }, token ? { Authorization: 'Bearer ' + token } : {}),
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

async function login(openid) {
  const res = await api('POST', '/auth/wechat', null, { code: 'fake:' + openid + '#' + Math.random() });
  assert.equal(res.status, 200, JSON.stringify(res.json));
  return res.json.accessToken;
}

/** The ticket the login page shows, once it shows one. */
async function ticketOf(p) {
  await p.waitForFunction(() => /^[a-z0-9]{16}$/.test(document.querySelector('[data-testid=ticket]').textContent.trim()),
    null, { timeout: 10000 });
  return (await p.locator('[data-testid=ticket]').textContent()).trim();
}

/** Waits until the image matching `selector` has been decoded and drawn (not only put in the page). */
async function drawn(p, selector) {
  await p.waitForFunction((sel) => { const img = document.querySelector(sel); return img && img.complete && img.naturalWidth > 0; },
    selector, { timeout: 10000 });
}

async function test(name, fn) {
  try {
    await fn();
    passed++;
    console.log('ok -', name);
  } catch (err) {
    failed++;
    console.log('not ok -', name, '\n', err);
  }
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync']
});
const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
// Every confirm() is accepted; every prompt() gets the answer the running test set.
let dialogAnswer = '';
const answers = []; // for a run of prompts: answered in order, then dialogAnswer
page.on('dialog', (dialog) => dialog.accept(answers.length ? answers.shift() : dialogAnswer));
page.on('pageerror', (e) => console.log('page error:', e.message));
const secretaryPhone = await login('demo-sec-1');

await test('scan-to-login: the page shows a ticket, the phone confirms, the page logs in', async () => {
  await page.goto(BASE + '/console/');
  const ticket = await ticketOf(page);
  assert.match(ticket, /^[a-z0-9]{16}$/);
  await page.screenshot({ path: SHOTS + '/login.png' });
  const confirm = await api('POST', '/auth/web-tickets/' + ticket + '/confirm', secretaryPhone);
  assert.equal(confirm.status, 200, JSON.stringify(confirm.json));
  await page.locator('[data-testid=dashboard]').waitFor({ state: 'visible', timeout: 10000 });
});

await test('the dashboard charts the demo branch and shows the same numbers in tables', async () => {
  const me = await api('GET', '/me', secretaryPhone);
  const branch = me.json.roles.find((r) => r.role === 'secretary').orgId;
  const d = await api('GET', '/orgs/' + branch + '/dashboard', secretaryPhone);
  const row = page.locator('[data-testid=table-study] tbody tr', { hasText: '党员人数' });
  await row.waitFor({ timeout: 10000 });
  assert.equal((await row.locator('td').nth(1).textContent()).trim(), String(d.json.study.members));
  assert.equal(await page.locator('[data-testid=table-attendance] tbody tr').count(), 12);
  assert.ok(await page.locator('#chart-attendance svg').count() > 0, 'the chart is drawn');
  assert.ok(await page.locator('[data-testid=table-compliance] tbody tr').count() >= 1);
  await page.screenshot({ path: SHOTS + '/dashboard.png', fullPage: true });
});

await test('publishing a notice shows who has to sign for it', async () => {
  await page.click('nav button[data-view=notices]');
  await page.fill('#notice-form input[name=title]', '关于召开十一月主题党日的通知');
  await page.fill('#notice-form textarea[name=body]', '请各位党员于周五下午三点准时参加。');
  await page.click('#notice-form button[type=submit]');
  await page.locator('[data-testid=receipts-summary]', { hasText: '应签收' }).waitFor({ timeout: 10000 });
  const me = await api('GET', '/me', secretaryPhone);
  const branch = me.json.roles.find((r) => r.role === 'secretary').orgId;
  const people = (await api('GET', '/orgs/' + branch + '/members?limit=100', secretaryPhone)).json.items;
  const readers = people.filter((p) => p.bound && p.personId !== me.json.id).length;
  const unbound = people.filter((p) => !p.bound).length;
  const summary = await page.locator('[data-testid=receipts-summary]').textContent();
  // everyone on the roster who can read it, but not its author (the secretary)
  assert.equal(summary.trim(), `应签收 ${readers} 人，已签收 0 人` + (unbound ? `；另有 ${unbound} 人尚未绑定小程序，暂不能阅读` : ''));
  assert.equal(await page.locator('[data-testid=table-unread] tbody tr').count(), readers);
  assert.equal(await page.locator('[data-testid=table-unread] tbody tr', { hasText: '书记1' }).count(), 0);
  // the history keeps it after a reload; reminders once a day, said in Chinese when too soon
  await page.reload();
  await page.locator('[data-testid=dashboard]').waitFor({ state: 'visible', timeout: 10000 });
  await page.click('nav button[data-view=notices]');
  const sentRow = page.locator('[data-testid=table-sent] tbody tr', { hasText: '关于召开十一月主题党日的通知' });
  assert.match(await sentRow.textContent({ timeout: 10000 }), new RegExp('0 / ' + readers));
  await sentRow.locator('button', { hasText: '签收情况' }).click();
  await page.click('#receipts-remind');
  await page.locator('#receipts-result', { hasText: '已提醒' }).waitFor({ timeout: 10000 });
  await page.click('#receipts-remind');
  await page.locator('#receipts-result.error').waitFor({ timeout: 10000 });
  assert.match(await page.locator('#receipts-result').textContent(), /[\u4e00-\u9fa5]/);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#receipts-xlsx')]);
  assert.match(download.suggestedFilename(), /签收表\.xlsx$/);
  await page.screenshot({ path: SHOTS + '/notice.png', fullPage: true });
});

await test('a request is opened in full, accepted, handled and resolved with its result in the timeline', async () => {
  const me = await api('GET', '/me', secretaryPhone);
  const branch = me.json.roles.find((r) => r.role === 'secretary').orgId;
  const student = await login('console-student-' + Date.now());
  const photo = await fetch(BASE + '/api/v1/photos', { method: 'POST', headers: { Authorization: 'Bearer ' + student,
    'Content-Type': 'application/octet-stream' }, body: Buffer.from(PNG, 'base64') })
    .then((r) => r.json());
  const filed = await api('POST', '/requests', student, { category: '后勤', title: '教学楼饮水机故障', content: '三楼饮水机不出热水',
    orgId: branch, photoUrls: [photo.url] });
  assert.equal(filed.status, 201, JSON.stringify(filed.json));
  await page.click('nav button[data-view=requests]');
  const row = page.locator('[data-testid=table-requests-list] tbody tr', { hasText: '教学楼饮水机故障' });
  await row.locator('button', { hasText: '详情' }).click({ timeout: 10000 });
  const detail = page.locator('#request-detail');
  await detail.locator('[data-testid=request-content]', { hasText: '三楼饮水机不出热水' }).waitFor({ timeout: 10000 });
  await drawn(page, '[data-testid=request-photos] img');
  assert.match(await detail.locator('[data-testid=request-facts]').textContent(), /受理时限/);
  for (const label of ['受理', '开始办理']) {
    await detail.getByRole('button', { name: label, exact: true }).click({ timeout: 10000 });
    await detail.locator('#request-result', { hasText: '已' + label }).waitFor({ timeout: 10000 });
  }
  await detail.locator('#request-actions button', { hasText: '办结' }).click();
  await detail.locator('#request-result', { hasText: '请先在“说明”中写明理由' }).waitFor({ timeout: 10000 });
  await page.fill('#request-note', '已报修并更换加热管');
  await detail.locator('#request-actions button', { hasText: '办结' }).click();
  await detail.locator('[data-testid=table-timeline] tbody tr', { hasText: '已报修并更换加热管' }).waitFor({ timeout: 10000 });
  const seen = await api('GET', '/requests/' + filed.json.id, student);
  assert.equal(seen.json.status, 'resolved');
  await page.screenshot({ path: SHOTS + '/requests.png', fullPage: true });
});

await test('an anonymous request is refused (不予受理) with its reason and its requester never shown', async () => {
  const me = await api('GET', '/me', secretaryPhone);
  const branch = me.json.roles.find((r) => r.role === 'secretary').orgId;
  const student = await login('console-anon-' + Date.now());
  const filed = await api('POST', '/requests', student, { category: '其他', title: '建议食堂延长营业', content: '晚上十点后无处吃饭',
    orgId: branch, anonymous: true });
  assert.equal(filed.status, 201, JSON.stringify(filed.json));
  await page.click('nav button[data-view=dashboard]');
  await page.click('nav button[data-view=requests]');
  const row = page.locator('[data-testid=table-requests-list] tbody tr', { hasText: '建议食堂延长营业' });
  assert.match(await row.textContent({ timeout: 10000 }), /匿名/);
  await row.locator('button', { hasText: '详情' }).click();
  const detail = page.locator('#request-detail');
  await detail.locator('[data-testid=request-facts]', { hasText: '匿名提出' }).waitFor({ timeout: 10000 });
  await page.fill('#request-note', '属学校后勤集团职责，已转告其意见箱');
  await detail.locator('#request-actions button', { hasText: '不予受理' }).click();
  await detail.locator('[data-testid=table-timeline] tbody tr', { hasText: '属学校后勤集团职责' }).waitFor({ timeout: 10000 });
  assert.equal((await api('GET', '/requests/' + filed.json.id, student)).json.status, 'rejected');
  await page.selectOption('#requests-filter', 'rejected');
  await page.locator('[data-testid=table-requests-list] tbody tr', { hasText: '建议食堂延长营业' }).waitFor({ timeout: 10000 });
});

await test('the school admin accepts a request at the routing desk and hands it to a college (at tablet width)', async () => {
  const admin = await browser.newPage({ viewport: { width: 1024, height: 768 }, locale: 'zh-CN' });
  await admin.goto(BASE + '/console/');
  const ticket = await ticketOf(admin);
  const adminPhone = await login('demo-admin');
  assert.equal((await api('POST', '/auth/web-tickets/' + ticket + '/confirm', adminPhone)).status, 200);
  await admin.locator('[data-testid=dashboard]').waitFor({ state: 'visible', timeout: 10000 });
  const student = await login('console-router-' + Date.now());
  const filed = await api('POST', '/requests', student, { category: '就业', title: '希望增加校园招聘会场次', content: '今年招聘会太少' });
  assert.equal(filed.status, 201, JSON.stringify(filed.json));
  await admin.click('nav button[data-view=requests]');
  const row = admin.locator('[data-testid=table-requests-list] tbody tr', { hasText: '希望增加校园招聘会场次' });
  await row.locator('button', { hasText: '详情' }).click({ timeout: 10000 });
  const actions = admin.locator('#request-actions');
  await actions.getByRole('button', { name: '受理', exact: true }).click({ timeout: 10000 });
  await actions.locator('button', { hasText: '转办' }).waitFor({ timeout: 10000 });
  const college = await actions.locator('select option').first().getAttribute('value');
  await actions.locator('button', { hasText: '转办' }).click();
  await admin.locator('#request-result', { hasText: '已转办' }).waitFor({ timeout: 10000 });
  const seen = await api('GET', '/requests/' + filed.json.id, student);
  assert.equal(seen.json.status, 'assigned');
  assert.equal(seen.json.orgId, college);
  await admin.screenshot({ path: SHOTS + '/routing.png', fullPage: true });
  await admin.close();
});

await test('the dashboard downloads as .xlsx', async () => {
  await page.click('nav button[data-view=dashboard]');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#dashboard-xlsx')]);
  assert.equal(download.suggestedFilename(), '党建概览.xlsx');
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  assert.equal(readFileSync(path).subarray(0, 2).toString(), 'PK', 'an xlsx (zip) file');
});

await test('the year\'s 台账 pack downloads, and a 缺 in the compliance table leads to the meeting form with its type chosen', async () => {
  await page.click('nav button[data-view=dashboard]');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#ledger-pack')]);
  assert.match(download.suggestedFilename(), /年党建台账\.xlsx$/);
  const { readFileSync } = await import('node:fs');
  assert.equal(readFileSync(await download.path()).subarray(0, 2).toString(), 'PK');
  const me = await api('GET', '/me', secretaryPhone);
  const branch = me.json.roles.find((r) => r.role === 'secretary').orgId;
  const d = (await api('GET', '/orgs/' + branch + '/dashboard', secretaryPhone)).json;
  const missing = d.compliance.branches.reduce((n, b) => n + b.missing.length, 0);
  assert.equal(await page.locator('[data-testid=fix-missing]').count(), missing, 'one way to fix each 缺');
  const fix = page.locator('[data-testid=fix-missing]').first();
  if (missing > 0) {
    const cell = fix.locator('xpath=..');
    const column = await cell.evaluate((td) => [...td.parentElement.children].indexOf(td));
    const header = (await page.locator('[data-testid=table-compliance] thead th').nth(column).textContent()).trim();
    await fix.click();
    await page.locator('#view-meetings').waitFor({ state: 'visible', timeout: 10000 });
    const chosen = await page.locator('#meeting-form select[name=type] option:checked').textContent();
    assert.equal(chosen.trim(), header);
  }
});

await test('leave is approved from the console', async () => {
  const me = await api('GET', '/me', secretaryPhone);
  const branch = me.json.roles.find((r) => r.role === 'secretary').orgId;
  const now = new Date();
  const event = await api('POST', '/events', secretaryPhone, { orgId: branch, type: 'branch_assembly', title: '党员大会',
    startsAt: new Date(now.getTime() + 3600e3).toISOString(), endsAt: new Date(now.getTime() + 7200e3).toISOString() });
  assert.equal(event.status, 201, JSON.stringify(event.json));
  const member = await login('demo-m-1-3');
  const leave = await api('POST', '/events/' + event.json.id + '/leaves', member, { reason: '参加学术会议' });
  assert.equal(leave.status, 201, JSON.stringify(leave.json));
  await page.click('nav button[data-view=leaves]');
  const row = page.locator('[data-testid=table-leaves] tbody tr', { hasText: '参加学术会议' });
  await row.locator('button', { hasText: '批准' }).first().click({ timeout: 10000 });
  await row.waitFor({ state: 'detached', timeout: 10000 });
  const attendance = await api('GET', '/events/' + event.json.id + '/attendance', secretaryPhone);
  assert.equal(attendance.json.onLeave, 1);
  // A stale decision: the list is on screen, the secretary decides the same leave on the phone meanwhile; the
  // click here is refused in words, and the list shows the leave as it now is.
  const second = await api('POST', '/events/' + event.json.id + '/leaves', await login('demo-m-1-4'), { reason: '身体不适' });
  assert.equal(second.status, 201, JSON.stringify(second.json));
  await page.selectOption('#leaves-status', 'approved');
  await page.selectOption('#leaves-status', 'pending');
  const stale = page.locator('[data-testid=table-leaves] tbody tr', { hasText: '身体不适' });
  await stale.waitFor({ timeout: 10000 });
  const onPhone = await api('POST', '/leaves/' + second.json.id + '/decision', secretaryPhone, { approve: false });
  assert.equal(onPhone.status, 200, JSON.stringify(onPhone.json));
  await stale.locator('button', { hasText: '批准' }).first().click();
  await page.locator('#leaves-result.error').waitFor({ timeout: 10000 });
  assert.match(await page.locator('#leaves-result').textContent(), /[\u4e00-\u9fa5]{4,}/);
  assert.doesNotMatch(await page.locator('#leaves-result').textContent(), /[A-Za-z]{4,}/, 'no English in the message');
  await stale.waitFor({ state: 'detached', timeout: 10000 });
  assert.equal((await api('GET', '/events/' + event.json.id + '/attendance', secretaryPhone)).json.onLeave, 1,
    'the phone\'s refusal stands');
  await page.selectOption('#leaves-status', 'approved');
  const history = page.locator('[data-testid=table-leaves] tbody tr', { hasText: '参加学术会议' });
  assert.match(await history.textContent({ timeout: 10000 }), /已批准/);
  await page.screenshot({ path: SHOTS + '/leaves.png', fullPage: true });
});

await test('volunteer hours are approved from the console', async () => {
  const member = await login('demo-m-1-2');
  // One hour, a day ago, on the hour: never across midnight in Asia/Shanghai (a record is one day).
  const start = new Date(Math.floor((Date.now() - 24 * 3600e3) / 3600e3) * 3600e3);
  const end = new Date(start.getTime() + 3600e3);
  const photo = await fetch(BASE + '/api/v1/photos', { method: 'POST', headers: { Authorization: 'Bearer ' + member,
    'Content-Type': 'application/octet-stream' }, body: Buffer.from(PNG, 'base64') }).then((r) => r.json());
  const record = await api('POST', '/volunteer/records', member, { startedAt: start.toISOString(), endedAt: end.toISOString(),
    description: '社区敬老院义务服务', evidenceUrls: [photo.url] });
  assert.equal(record.status, 201, JSON.stringify(record.json));
  await page.click('nav button[data-view=volunteer]');
  const row = page.locator('[data-testid=table-volunteer-records] tbody tr', { hasText: '社区敬老院义务服务' });
  // The evidence is looked at before the click that counts the hours.
  await row.locator('button', { hasText: '查看 1 张' }).click({ timeout: 10000 });
  await drawn(page, '[data-testid=evidence] img');
  assert.match(await page.locator('#evidence-panel h3').textContent(), /1 小时 · 证明材料/);
  await page.screenshot({ path: SHOTS + '/volunteer.png', fullPage: true });
  await row.locator('button', { hasText: '通过' }).click({ timeout: 10000 });
  await row.waitFor({ state: 'detached', timeout: 10000 });
  const mine = await api('GET', '/me/volunteer', member);
  assert.ok(mine.json.records.some((r) => r.id === record.json.id && r.status === 'approved'));
  // Sent back only with a reason, which the member then reads with the record.
  const earlier = new Date(start.getTime() - 24 * 3600e3);
  const vague = await api('POST', '/volunteer/records', member, { startedAt: earlier.toISOString(),
    endedAt: new Date(earlier.getTime() + 3600e3).toISOString(), description: '图书馆整理书架' });
  assert.equal(vague.status, 201, JSON.stringify(vague.json));
  await page.selectOption('#volunteer-status', 'approved');
  await page.selectOption('#volunteer-status', 'pending');
  const back = page.locator('[data-testid=table-volunteer-records] tbody tr', { hasText: '图书馆整理书架' });
  answers.push('请补充活动照片');
  await back.locator('button', { hasText: '退回' }).click({ timeout: 10000 });
  await back.waitFor({ state: 'detached', timeout: 10000 });
  const after = await api('GET', '/me/volunteer?year=' + new Date(earlier.getTime() + 8 * 3600e3).getUTCFullYear(), member);
  const sentBack = after.json.records.find((r) => r.id === vague.json.id);
  assert.equal(sentBack.status, 'refused');
  assert.equal(sentBack.reviewNote, '请补充活动照片');
});

await test('a roster file is imported, with the bad row reported by its line', async () => {
  const { writeFileSync } = await import('node:fs');
  const file = SHOTS + '/../roster-sample.csv';
  const number = 'C' + Date.now().toString().slice(-8);
  writeFileSync(file, '学号,姓名,手机,政治面貌,职务\n' + number + ',新党员,13800001111,预备党员,\n???,错行,,正式党员,\n');
  await page.click('nav button[data-view=roster]');
  await page.setInputFiles('#roster-form input[type=file]', file);
  await page.click('#roster-form button[type=submit]');
  await page.locator('[data-testid=roster-summary]', { hasText: '新增' }).waitFor({ timeout: 10000 })
    .catch(async (e) => { throw new Error('roster summary: ' + await page.locator('[data-testid=roster-summary]').textContent(), { cause: e }); });
  assert.match(await page.locator('[data-testid=roster-summary]').textContent(), /新增 1 人，更新 0 人，1 行有问题/);
  assert.equal((await page.locator('[data-testid=table-roster-errors] tbody td').first().textContent()).trim(), '3');
  assert.equal(await page.locator('[data-testid=table-activation] tbody tr').count(), 1);
  await page.screenshot({ path: SHOTS + '/roster.png', fullPage: true });
  (await import('node:fs')).unlinkSync(file);
});

/** Logs a new browser page into the console as `openid`, through scan-to-login. */
async function consoleAs(openid, viewport) {
  const p = await browser.newPage({ viewport: viewport || { width: 1366, height: 768 }, locale: 'zh-CN' });
  await p.goto(BASE + '/console/');
  const ticket = await ticketOf(p);
  const phone = await login(openid);
  assert.equal((await api('POST', '/auth/web-tickets/' + ticket + '/confirm', phone)).status, 200);
  return { page: p, phone };
}

await test('a session outlives its access token: an expired one is refreshed with rotation, no new scan', async () => {
  const before = await page.evaluate(() => JSON.parse(sessionStorage.getItem('zhibu.console.session')));
  // what a token looks like to the server once its 15 minutes are up: refused with 401
  await page.evaluate(() => {
    const s = JSON.parse(sessionStorage.getItem('zhibu.console.session'));
    s.accessToken = 'expired.' + s.accessToken.slice(8);
    sessionStorage.setItem('zhibu.console.session', JSON.stringify(s));
  });
  await page.click('nav button[data-view=meetings]');
  await page.locator('[data-testid=table-meetings] tbody tr').first().waitFor({ timeout: 10000 });
  const after = await page.evaluate(() => JSON.parse(sessionStorage.getItem('zhibu.console.session')));
  assert.notEqual(after.refreshToken, before.refreshToken, 'the refresh token rotated');
  assert.equal(await page.locator('#login').isHidden(), true, 'still logged in');
  // and a token about to run out is refreshed before the call, not after a refusal
  await page.evaluate(() => {
    const s = JSON.parse(sessionStorage.getItem('zhibu.console.session'));
    s.expiresAt = Date.now() + 30000;
    sessionStorage.setItem('zhibu.console.session', JSON.stringify(s));
  });
  await page.click('nav button[data-view=dashboard]');
  await page.waitForFunction((old) => JSON.parse(sessionStorage.getItem('zhibu.console.session')).refreshToken !== old,
    after.refreshToken, { timeout: 10000 });
  const third = await page.evaluate(() => JSON.parse(sessionStorage.getItem('zhibu.console.session')));
  assert.notEqual(third.refreshToken, after.refreshToken);
  assert.ok(third.expiresAt - Date.now() > 10 * 60000, 'a fresh access token');
});

await test('a meeting is created, shown on the projector with the rotating code, checked into live, and 补签 with a reason', async () => {
  await page.click('nav button[data-view=meetings]');
  const title = '主题党日-' + Date.now().toString(36);
  const start = new Date(Date.now() + 8 * 3600e3 + 60e3); // Beijing wall clock, a minute from now
  await page.selectOption('#meeting-form select[name=type]', 'party_day');
  await page.fill('#meeting-form input[name=title]', title);
  await page.fill('#meeting-form input[name=date]', start.toISOString().slice(0, 10));
  await page.fill('#meeting-form input[name=start]', start.toISOString().slice(11, 16));
  await page.fill('#meeting-form input[name=end]', '23:59');
  await page.click('#meeting-form button[type=submit]');
  const row = page.locator('[data-testid=table-meetings] tbody tr', { hasText: title });
  await row.waitFor({ timeout: 10000 });
  await row.locator('[data-testid=project]').click();
  const qr = page.locator('[data-testid=projector-qr] svg');
  await qr.waitFor({ timeout: 10000 });
  const code = await page.locator('[data-testid=projector-qr]').getAttribute('data-code');
  const event = (await api('GET', '/events?orgId=' + (await api('GET', '/me', secretaryPhone)).json.roles
    .find((r) => r.role === 'secretary').orgId + '&limit=100', secretaryPhone)).json.items.find((e) => e.title === title);
  const member = await login('demo-m-1-4');
  const checkin = await api('POST', '/events/' + event.id + '/checkins', member, { code });
  assert.equal(checkin.status, 201, JSON.stringify(checkin.json));
  await page.locator('[data-testid=projector-count]', { hasText: '已签到 1 /' }).waitFor({ timeout: 12000 });
  await page.screenshot({ path: SHOTS + '/projector.png' });
  await page.click('#projector-close');

  await row.locator('[data-testid=attendance]').click();
  const absent = page.locator('[data-testid=table-attendance-members] tbody tr', { hasText: '未签到' }).first();
  await absent.waitFor({ timeout: 10000 });
  const name = (await absent.locator('td').nth(1).textContent()).trim();
  dialogAnswer = '手机没电，本人在场';
  await absent.locator('[data-testid=mark]').click();
  const marked = page.locator('[data-testid=table-attendance-members] tbody tr', { hasText: name });
  await marked.locator('td', { hasText: '（补签）' }).waitFor({ timeout: 10000 });
  assert.match(await marked.textContent(), /手机没电，本人在场/);
  await row.locator('[data-testid=record]').click();
  await page.fill('#record-form input[name=lecturer]', '李书记');
  await page.fill('#record-form textarea[name=minutes]', '学习二十届四中全会精神，讨论本支部落实举措。');
  await page.click('#record-form button[type=submit]');
  await page.locator('#record-result', { hasText: '已保存' }).waitFor({ timeout: 10000 });
  const saved = await api('GET', '/events/' + event.id, secretaryPhone);
  assert.equal(saved.json.lecturer, '李书记');
  assert.match(saved.json.minutes, /四中全会/);
  // The meeting's photo goes up from the desk and is shown with the record; a file of another kind is refused in Chinese.
  await page.setInputFiles('#record-form input[name=attachment]', { name: '会场照片.png', mimeType: 'image/png',
    buffer: Buffer.from(PNG, 'base64') });
  await drawn(page, '[data-testid=attachments] img[alt="会场照片.png"]');
  const files = await api('GET', '/events/' + event.id + '/attachments', secretaryPhone);
  assert.deepEqual(files.json.items.map((a) => a.name), ['会场照片.png']);
  await page.setInputFiles('#record-form input[name=attachment]', { name: '说明.txt', mimeType: 'text/plain',
    buffer: Buffer.from('不是照片') });
  await page.locator('#record-result.error', { hasText: '说明.txt 未上传' }).waitFor({ timeout: 10000 });
  assert.match(await page.locator('#record-result').textContent(), /[\u4e00-\u9fa5]{4,}/);
  assert.equal((await api('GET', '/events/' + event.id + '/attachments', secretaryPhone)).json.items.length, 1);
  await page.screenshot({ path: SHOTS + '/meetings.png', fullPage: true });
});

await test('a GBK CSV from Excel on Chinese Windows is imported; a lost activation code is reissued and printable', async () => {
  const { writeFileSync, unlinkSync } = await import('node:fs');
  const file = SHOTS + '/../roster-gbk.csv';
  const number = 'G' + Date.now().toString().slice(-8);
  writeFileSync(file, Buffer.concat([
    Buffer.from('d1a7bac52cd0d5c3fb2ccad6bbfa2cd5fed6cec3e6c3b22cd6b0cef10d0a', 'hex'), // 学号,姓名,手机,政治面貌,职务
    Buffer.from(number), Buffer.from('2cc5b7d1f4cffe2c2cd6d0b9b2b5b3d4b12c0d0a', 'hex')])); // ,欧阳晓,,中共党员,
  await page.click('nav button[data-view=roster]');
  await page.setInputFiles('#roster-form input[type=file]', file);
  await page.click('#roster-form button[type=submit]');
  await page.locator('[data-testid=roster-summary]', { hasText: '新增 1 人' }).waitFor({ timeout: 10000 });
  unlinkSync(file);
  assert.equal((await page.locator('[data-testid=table-activation] tbody td').nth(1).textContent()).trim(), '欧阳晓');
  const first = (await page.locator('[data-testid=table-activation] tbody td').nth(2).textContent()).trim();

  // Numbers are masked for secretaries, yet the full 学号 finds the member: the search runs on the server.
  await page.fill('#roster-search', number);
  // The whole roster stays on screen until the server's answer replaces it: wait for that answer.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=table-members] tbody tr').length === 1,
    null, { timeout: 10000 });
  assert.match(await page.locator('[data-testid=table-members] tbody tr').textContent(), /欧阳晓/);
  assert.ok(!(await page.locator('[data-testid=table-members] tbody').textContent()).includes(number), 'still masked');
  await page.fill('#roster-search', '欧阳晓');
  const row = page.locator('[data-testid=table-members] tbody tr', { hasText: '欧阳晓' });
  await row.waitFor({ timeout: 10000 });
  assert.match(await row.textContent(), /正式党员.*未绑定/);
  await row.locator('button', { hasText: '补发激活码' }).click();
  await page.locator('[data-testid=roster-summary]', { hasText: '已为 欧阳晓 补发激活码' }).waitFor({ timeout: 10000 });
  const second = (await page.locator('[data-testid=table-activation] tbody td').nth(2).textContent()).trim();
  assert.notEqual(second, first);
  const [codes] = await Promise.all([page.waitForEvent('download'), page.click('#export-codes')]);
  assert.equal(codes.suggestedFilename(), '激活码.csv');
  // A cell that starts like a formula is written as text (CSV injection), by the module the export uses.
  assert.deepEqual(await page.evaluate(async () => {
    const { csvCell } = await import('/console/js/csv.js');
    return ['=HYPERLINK("http://x","点此")', '+1', '-2+3', '@SUM(A1)', '欧阳晓', 'G123'].map(csvCell);
  }), ['"\'=HYPERLINK(""http://x"",""点此"")"', '"\'+1"', '"\'-2+3"', '"\'@SUM(A1)"', '"欧阳晓"', '"G123"']);
  const csv = (await import('node:fs')).readFileSync(await codes.path(), 'utf8');
  assert.equal(csv, '\uFEFF学号/工号,姓名,激活码\r\n' + '"' + (await page.locator('[data-testid=table-activation] tbody td').nth(0)
    .textContent()).trim() + '","欧阳晓","' + second + '"\r\n');
  await row.locator('button', { hasText: '党员信息' }).click();
  await page.locator('#profile-form h3', { hasText: '欧阳晓 · 党员信息' }).waitFor({ timeout: 10000 });
  await page.selectOption('#profile-form select[name=gender]', 'female');
  await page.fill('#profile-form input[name=ethnicity]', '汉族');
  await page.fill('#profile-form input[name=joinedAt]', '2024-06-28');
  await page.click('#profile-form button[type=submit]');
  await page.locator('#profile-result', { hasText: '已保存' }).waitFor({ timeout: 10000 });
  await page.fill('#profile-form input[name=birthDate]', '2999-01-01');
  await page.click('#profile-form button[type=submit]');
  await page.locator('#profile-result.error').waitFor({ timeout: 10000 });
  assert.match(await page.locator('[data-testid=slips]').textContent(), new RegExp('欧阳晓（' + number + '）.*' + second));
  await page.emulateMedia({ media: 'print' });
  await page.screenshot({ path: SHOTS + '/activation-slips.png' });
  await page.emulateMedia({ media: 'screen' });
  // a failed upload clears the last results rather than leaving them on screen
  writeFileSync(file, 'not,a,roster\n');
  await page.setInputFiles('#roster-form input[type=file]', file);
  await page.click('#roster-form button[type=submit]');
  await page.locator('[data-testid=roster-summary]', { hasText: '导入失败' }).waitFor({ timeout: 10000 });
  unlinkSync(file);
  assert.equal(await page.locator('[data-testid=table-activation] tbody tr').count(), 0);
  assert.match(await page.locator('[data-testid=roster-summary]').textContent(), /[\u4e00-\u9fa5]/);
});

await test('a committee member (支委) works in the console; a plain member is told to use the mini-program, with no error', async () => {
  const admin = await login('demo-admin');
  const committee = await login('demo-m-1-5');
  const me = await api('GET', '/me', committee);
  const branch = me.json.roles.find((r) => r.role === 'member').orgId;
  const set = await api('PUT', '/orgs/' + branch + '/roles/' + me.json.id, admin, { roles: ['member', 'committee'] });
  assert.equal(set.status, 200, JSON.stringify(set.json));
  const c = await consoleAs('demo-m-1-5', { width: 768, height: 1024 });
  await c.page.locator('#org option', { hasText: '支委' }).waitFor({ state: 'attached', timeout: 10000 });
  await c.page.click('nav button[data-view=meetings]');
  await c.page.locator('[data-testid=table-meetings] tbody tr').first().waitFor({ timeout: 10000 });
  await c.page.screenshot({ path: SHOTS + '/tablet-committee.png', fullPage: true });
  // 支委 follow leave but the secretary decides it: the row says so instead of offering a button that would fail.
  const now = new Date();
  const event = await api('POST', '/events', secretaryPhone, { orgId: branch, type: 'group_meeting', title: '党小组会',
    startsAt: new Date(now.getTime() + 3600e3).toISOString(), endsAt: new Date(now.getTime() + 7200e3).toISOString() });
  assert.equal(event.status, 201, JSON.stringify(event.json));
  const leave = await api('POST', '/events/' + event.json.id + '/leaves', await login('demo-m-1-2'), { reason: '支委可见的请假' });
  assert.equal(leave.status, 201, JSON.stringify(leave.json));
  await c.page.click('nav button[data-view=leaves]');
  const pending = c.page.locator('[data-testid=table-leaves] tbody tr', { hasText: '支委可见的请假' });
  assert.match(await pending.textContent({ timeout: 10000 }), /待书记审批/);
  assert.equal(await pending.locator('button').count(), 0);
  await c.page.close();

  const m = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  const errors = [];
  m.on('pageerror', (e) => errors.push(e.message));
  await m.goto(BASE + '/console/');
  const ticket = await ticketOf(m);
  assert.equal((await api('POST', '/auth/web-tickets/' + ticket + '/confirm', await login('demo-m-1-3'))).status, 200);
  await m.locator('[data-testid=not-for-members]').waitFor({ timeout: 10000 });
  assert.equal(await m.locator('header nav').isHidden(), true);
  assert.deepEqual(errors, []);
  await m.close();
});

await test('发展党员: an applicant due a step is listed, the step recorded, one too early refused in Chinese', async () => {
  const me = await api('GET', '/me', secretaryPhone);
  const branch = me.json.roles.find((r) => r.role === 'secretary').orgId;
  const number = 'D' + Date.now().toString().slice(-8);
  const admin = await login('demo-admin');
  assert.equal((await api('POST', '/orgs/' + branch + '/roster', admin, { entries: [{ number, name: '申请人甲', stage: 'applicant' }] })).status, 200);
  const person = (await api('GET', '/orgs/' + branch + '/members?limit=100', admin)).json.items.find((m) => m.number === number);
  const applied = new Date(Date.now() + 8 * 3600e3 - 40 * 864e5).toISOString().slice(0, 10);
  assert.equal((await api('POST', '/people/' + person.personId + '/development/milestones', secretaryPhone,
    { key: 'application', date: applied })).status, 201);
  await page.click('nav button[data-view=development]');
  const row = page.locator('[data-testid=table-development] tbody tr', { hasText: '申请人甲' });
  assert.match(await row.textContent({ timeout: 10000 }), /党组织派人谈话（逾期）/);
  dialogAnswer = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  await row.locator('button').click();
  await page.locator('#development-result', { hasText: '已记录：申请人甲 党组织派人谈话' }).waitFor({ timeout: 10000 });
  await page.screenshot({ path: SHOTS + '/development.png', fullPage: true });
  await page.selectOption('#development-window', '366');
  const next = page.locator('[data-testid=table-development] tbody tr', { hasText: '申请人甲' });
  assert.match(await next.textContent({ timeout: 10000 }), /确定为入党积极分子/);
  dialogAnswer = '2000-01-01';
  await next.locator('button').click();
  await page.locator('#development-result.error').waitFor({ timeout: 10000 });
  assert.match(await page.locator('#development-result').textContent(), /[\u4e00-\u9fa5]/);
});

await test('党费: a member\'s base is set, a month paid, the same month refused in Chinese; a transfer is asked and, once approved elsewhere, has its letter', async () => {
  await page.click('nav button[data-view=life]');
  const row = page.locator('[data-testid=table-dues] tbody tr', { hasText: '李强1' });
  await row.waitFor({ timeout: 10000 });
  answers.push('学生');
  await row.locator('button', { hasText: '核定' }).click();
  await page.locator('#dues-result', { hasText: '已核定' }).waitFor({ timeout: 10000 });
  const month = new Date().getFullYear() + '-01';
  answers.push(month, '0.20');
  await page.locator('[data-testid=table-dues] tbody tr', { hasText: '李强1' }).locator('button', { hasText: '登记缴费' }).click();
  await page.locator('#dues-result', { hasText: '已登记' }).waitFor({ timeout: 10000 });
  answers.push(month, '0.20');
  await page.locator('[data-testid=table-dues] tbody tr', { hasText: '李强1' }).locator('button', { hasText: '登记缴费' }).click();
  await page.locator('#dues-result.error').waitFor({ timeout: 10000 });
  assert.match(await page.locator('#dues-result').textContent(), /不能重复缴纳/);

  await page.selectOption('#transfer-form select[name=personId]', { label: await page.locator('#transfer-form select[name=personId] option',
    { hasText: '张伟1' }).first().textContent() });
  await page.fill('#transfer-form input[name=reason]', '转专业');
  const toOrg = await page.locator('#transfer-form select[name=toOrgId] option').first().getAttribute('value');
  await page.click('#transfer-form button[type=submit]');
  await page.locator('#transfer-result', { hasText: '已提交转接申请' }).waitFor({ timeout: 10000 });
  const pending = page.locator('[data-testid=table-transfers] tbody tr', { hasText: '转专业' });
  assert.match(await pending.textContent({ timeout: 10000 }), /待审批/);
  const admin = await login('demo-admin');
  const transfer = (await api('GET', '/transfers?orgId=' + toOrg, admin)).json.items.find((t) => t.reason === '转专业');
  const decided = await api('POST', '/transfers/' + (transfer && transfer.id) + '/decision', admin, { approve: true });
  assert.equal(decided.status, 200, JSON.stringify(decided.json) + ' for ' + JSON.stringify(transfer));
  await page.click('nav button[data-view=dashboard]');
  await page.click('nav button[data-view=life]');
  await page.locator('[data-testid=table-transfers] tbody tr', { hasText: '已批准' }).locator('button', { hasText: '介绍信' })
    .waitFor({ timeout: 10000 });
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  await page.fill('#review-form input[name=year]', String(new Date().getFullYear()));
  await page.fill('#review-form input[name=opens]', today);
  await page.fill('#review-form input[name=closes]', today);
  await page.click('#review-form button[type=submit]');
  await page.locator('#review-result', { hasText: '已开启' }).waitFor({ timeout: 10000 });
  const round = page.locator('[data-testid=table-reviews] tbody tr', { hasText: '进行中' }).first();
  await round.getByRole('button', { name: '结果', exact: true }).click({ timeout: 10000 });
  await page.locator('#review-result', { hasText: '已投票 0 人' }).waitFor({ timeout: 10000 });
  assert.ok(await page.locator('[data-testid=table-review-results] tbody tr').count() > 0);
  assert.equal(await page.locator('#save-grades').isHidden(), true, 'no grades while the round is open');
  // last year's round, already over: the secretary sets the grades
  await page.fill('#review-form input[name=year]', String(new Date().getFullYear() - 1));
  await page.fill('#review-form input[name=opens]', (new Date().getFullYear() - 1) + '-12-01');
  await page.fill('#review-form input[name=closes]', (new Date().getFullYear() - 1) + '-12-15');
  await page.click('#review-form button[type=submit]');
  const over = page.locator('[data-testid=table-reviews] tbody tr', { hasText: '已结束' }).first();
  await over.getByRole('button', { name: '结果', exact: true }).click({ timeout: 10000 });
  await page.locator('#save-grades').waitFor({ state: 'visible', timeout: 10000 });
  await page.locator('[data-testid=table-review-results] tbody select').first().selectOption('qualified');
  await page.click('#save-grades');
  await page.locator('#review-result', { hasText: '已保存评定等次' }).waitFor({ timeout: 10000 });
  await page.screenshot({ path: SHOTS + '/dues-transfers.png', fullPage: true });
});

await test('a 补录 from the branch waits for the level above, which approves it in its own console', async () => {
  await page.click('nav button[data-view=meetings]');
  const title = '补录党课-' + Date.now().toString(36);
  const past = new Date(Date.now() + 8 * 3600e3 - 5 * 864e5).toISOString().slice(0, 10);
  await page.selectOption('#meeting-form select[name=type]', 'party_lesson');
  await page.fill('#meeting-form input[name=title]', title);
  await page.fill('#meeting-form input[name=date]', past);
  await page.fill('#meeting-form input[name=start]', '14:00');
  await page.fill('#meeting-form input[name=end]', '16:00');
  dialogAnswer = '停电，手工签到';
  await page.click('#meeting-form button[type=submit]');
  await page.locator('#meeting-result', { hasText: '已补录，等待上级审批' }).waitFor({ timeout: 10000 });
  const admin = await consoleAs('demo-admin');
  admin.page.on('dialog', (d) => d.accept('材料齐全'));
  await admin.page.click('nav button[data-view=meetings]');
  const waiting = admin.page.locator('[data-testid=table-backfills] tbody tr', { hasText: title });
  assert.match(await waiting.textContent({ timeout: 10000 }), /停电，手工签到/);
  await waiting.getByRole('button', { name: '批准', exact: true }).click();
  await admin.page.locator('#backfill-result', { hasText: '已批准' }).waitFor({ timeout: 10000 });
  await admin.page.screenshot({ path: SHOTS + '/backfill-approval.png', fullPage: true });
  await admin.page.close();
});

await test('lists page: the notice history shows 20, 加载更多 brings the rest, and the search finds an old one', async () => {
  const me = await api('GET', '/me', secretaryPhone);
  const branch = me.json.roles.find((r) => r.role === 'secretary').orgId;
  const tag = Date.now().toString(36);
  for (let i = 1; i <= 21; i++) {
    const n = await api('POST', '/notices', secretaryPhone, { title: '分页通知' + tag + '-' + String(i).padStart(2, '0'), body: '第 ' + i + ' 条',
      targetOrgIds: [branch], mustRead: false, push: false });
    assert.equal(n.status, 201, JSON.stringify(n.json));
  }
  const total = async () => { let count = 0; let cursor = null;
    do { const p = (await api('GET', '/notices/sent?limit=100' + (cursor ? '&cursor=' + cursor : ''), secretaryPhone)).json;
      count += p.items.length; cursor = p.nextCursor; } while (cursor);
    return count; };
  const all = await total();
  await page.click('nav button[data-view=dashboard]');
  await page.click('nav button[data-view=notices]');
  const rows = page.locator('[data-testid=table-sent] tbody tr');
  await page.locator('[data-testid=table-sent-count]', { hasText: '已加载 20 条' }).waitFor({ timeout: 10000 });
  assert.equal(await rows.count(), 20);
  // the first one published is the oldest: not on the first page, found once more is loaded
  await page.fill('#sent-search', '分页通知' + tag + '-01');
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().textContent(), /已加载的记录中没有.*可加载更多再找/, 'not on the first page, and it says so');
  while (await page.locator('[data-testid=table-sent-more]').isVisible()) {
    await page.click('[data-testid=table-sent-more]');
    await page.waitForTimeout(200);
  }
  await page.locator('[data-testid=table-sent-count]', { hasText: '已全部加载' }).waitFor({ timeout: 10000 });
  assert.match(await page.locator('[data-testid=table-sent-count]').textContent(), new RegExp('已加载 ' + all + ' 条'));
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().textContent(), new RegExp('分页通知' + tag + '-01'));
  await page.fill('#sent-search', '');
  assert.equal(await rows.count(), all);
  await page.screenshot({ path: SHOTS + '/notices-paged.png', fullPage: true });
});

await test('the contract is rendered at /docs from the vendored Redoc, with nothing loaded from elsewhere', async () => {
  const docs = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const foreign = [];
  // Redoc asks for its logo from its CDN; the page's CSP refuses it, so nothing from elsewhere is ever loaded.
  docs.on('response', (r) => { if (!r.url().startsWith(BASE) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) foreign.push(r.url()); });
  await docs.goto(BASE + '/docs');
  await docs.locator('h2', { hasText: 'Check in with the code on the secretary' }).first().waitFor({ timeout: 20000 });
  await docs.screenshot({ path: SHOTS + '/docs.png' });
  assert.deepEqual(foreign, [], 'requests to other origins: ' + foreign.join(', '));
  await docs.close();
});

await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
