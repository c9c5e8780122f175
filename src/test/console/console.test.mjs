// Browser tests of the web console, in Debian's headless Chromium driven by playwright-core.
// Run by scripts/console.sh against a dev server with the demo school; screenshots go to docs/screenshots/.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';

const BASE = process.env.CONSOLE_BASE || 'http://127.0.0.1:8080';
const SHOTS = process.env.SCREENSHOTS || 'docs/screenshots';
mkdirSync(SHOTS, { recursive: true });
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
  const roster = (await api('GET', '/orgs/' + branch + '/members?limit=100', secretaryPhone)).json.items.length;
  const summary = await page.locator('[data-testid=receipts-summary]').textContent();
  assert.equal(summary.trim(), `应签收 ${roster} 人，已签收 0 人`);
  assert.equal(await page.locator('[data-testid=table-unread] tbody tr').count(), roster);
  await page.screenshot({ path: SHOTS + '/notice.png', fullPage: true });
});

await test('a request is accepted, handled and resolved from the console', async () => {
  const me = await api('GET', '/me', secretaryPhone);
  const branch = me.json.roles.find((r) => r.role === 'secretary').orgId;
  const student = await login('console-student-' + Date.now());
  const filed = await api('POST', '/requests', student, { category: '后勤', title: '教学楼饮水机故障', content: '三楼饮水机不出热水', orgId: branch });
  assert.equal(filed.status, 201, JSON.stringify(filed.json));
  page.on('dialog', (dialog) => dialog.accept('已报修并更换加热管'));
  await page.click('nav button[data-view=requests]');
  const row = page.locator('[data-testid=table-requests-list] tbody tr', { hasText: '教学楼饮水机故障' });
  for (const label of ['受理', '开始办理', '办结']) {
    await row.locator('button', { hasText: label }).click({ timeout: 10000 });
  }
  await row.locator('td', { hasText: '已办结' }).waitFor({ timeout: 10000 });
  const seen = await api('GET', '/requests/' + filed.json.id, student);
  assert.equal(seen.json.status, 'resolved');
  await page.screenshot({ path: SHOTS + '/requests.png', fullPage: true });
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
  await row.locator('button', { hasText: '受理' }).click({ timeout: 10000 });
  await row.locator('button', { hasText: '转办' }).waitFor({ timeout: 10000 });
  const college = await row.locator('select option').first().getAttribute('value');
  await row.locator('button', { hasText: '转办' }).click();
  await row.waitFor({ state: 'detached', timeout: 10000 }).catch(() => {});
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
  await page.screenshot({ path: SHOTS + '/leaves.png', fullPage: true });
});

await test('volunteer hours are approved from the console', async () => {
  const member = await login('demo-m-1-2');
  // One hour, a day ago, on the hour: never across midnight in Asia/Shanghai (a record is one day).
  const start = new Date(Math.floor((Date.now() - 24 * 3600e3) / 3600e3) * 3600e3);
  const end = new Date(start.getTime() + 3600e3);
  const record = await api('POST', '/volunteer/records', member, { startedAt: start.toISOString(), endedAt: end.toISOString(),
    description: '社区敬老院义务服务' });
  assert.equal(record.status, 201, JSON.stringify(record.json));
  await page.click('nav button[data-view=volunteer]');
  const row = page.locator('[data-testid=table-volunteer-records] tbody tr', { hasText: '社区敬老院义务服务' });
  await page.screenshot({ path: SHOTS + '/volunteer.png', fullPage: true });
  await row.locator('button', { hasText: '通过' }).click({ timeout: 10000 });
  await row.waitFor({ state: 'detached', timeout: 10000 });
  const mine = await api('GET', '/me/volunteer', member);
  assert.ok(mine.json.records.some((r) => r.id === record.json.id && r.status === 'approved'));
});

await test('a roster file is imported, with the bad row reported by its line', async () => {
  const { writeFileSync } = await import('node:fs');
  const file = SHOTS + '/../roster-sample.csv';
  const number = 'C' + Date.now().toString().slice(-8);
  writeFileSync(file, '学号,姓名,手机,政治面貌,职务\n' + number + ',新党员,13800001111,预备党员,\n???,错行,,正式党员,\n');
  await page.click('nav button[data-view=roster]');
  await page.setInputFiles('#roster-form input[type=file]', file);
  await page.click('#roster-form button[type=submit]');
  await page.locator('[data-testid=roster-summary]', { hasText: '新增' }).waitFor({ timeout: 10000 });
  assert.match(await page.locator('[data-testid=roster-summary]').textContent(), /新增 1 人，更新 0 人，1 行有问题/);
  assert.equal((await page.locator('[data-testid=table-roster-errors] tbody td').first().textContent()).trim(), '3');
  assert.equal(await page.locator('[data-testid=table-activation] tbody tr').count(), 1);
  await page.screenshot({ path: SHOTS + '/roster.png', fullPage: true });
  (await import('node:fs')).unlinkSync(file);
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
