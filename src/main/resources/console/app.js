// The web console for secretaries, committee members and committee staff: scan-to-login, the dashboard,
// meetings and the projector page, notices, requests, leave, volunteer hours, the roster. Plain browser
// JavaScript modules (no build step) against the same API the phones use: js/api.js holds the session and
// every call, js/meetings.js the meetings screens; this file the rest and the wiring.
import { API, call, download, forget, keep, session, whenExpired } from './js/api.js';
import { meetings, TYPES } from './js/meetings.js';
import { requests } from './js/requests.js';
import { life } from './js/life.js';
import { paged, pageQuery } from './js/pager.js';
import { apiPath, showFiles } from './js/photos.js';
import { csvRow } from './js/csv.js';

const $ = (sel, root = document) => root.querySelector(sel);
const state = { me: null, org: null, lastNotice: null };
const ROLE = { admin: '管理员', secretary: '书记', committee: '支委' };
const STAGE = { applicant: '入党申请人', activist: '入党积极分子', candidate: '发展对象', probationary: '预备党员', full: '正式党员' };
const DELIVERY = { pending: '推送中', sent: '已推送', no_credit: '未订阅', undeliverable: '无法推送', failed: '推送失败' };

function say(selector, text, error) {
  const el = $(selector);
  el.textContent = text;
  el.classList.toggle('error', !!error);
}
whenExpired(() => showLogin());
  // ---------------------------------------------------------------- scan-to-login
  let polling = null;
  let loadMeetings = null;
  let loadRequests = null;
  let loadLife = null;
  async function showLogin() {
    forget();
    $('#app').hidden = true;
    $('#login').hidden = false;
    clearInterval(polling);
    const ticket = await call('POST', '/auth/web-tickets');
    $('#ticket').textContent = ticket.ticket;
    $('#ticket-status').textContent = '等待扫码';
    $('#qr').src = API + '/auth/web-tickets/' + ticket.ticket + '/qr.png';
    polling = setInterval(async () => {
      // Only this page holds the poll token: whoever else sees the ticket cannot collect the tokens.
      const status = await call('GET', '/auth/web-tickets/' + ticket.ticket, undefined,
        { headers: { 'X-Poll-Token': ticket.pollToken } });
      if (status.status === 'confirmed' && status.accessToken) {
        clearInterval(polling);
        keep(status);
        start();
      } else if (status.status === 'expired') {
        showLogin();
      }
    }, 1000);
  }

  // ---------------------------------------------------------------- app
  async function start() {
    $('#login').hidden = true;
    state.me = await call('GET', '/me');
    // Secretaries, committee members (支委) and admins work here; a plain member is told where to go.
    const managed = state.me.roles.filter((r) => ROLE[r.role]);
    const select = $('#org');
    select.innerHTML = '';
    for (const role of managed) {
      const org = await call('GET', '/orgs/' + role.orgId);
      const option = document.createElement('option');
      option.value = org.id;
      option.dataset.role = role.role;
      option.textContent = org.name + '（' + ROLE[role.role] + '）';
      select.appendChild(option);
    }
    $('#who').textContent = state.me.name || '';
    $('#app').hidden = false;
    if (!managed.length) {
      $('header nav').hidden = true;
      $('#org').closest('label').hidden = true;
      $('#view-dashboard').innerHTML = '<p class="card" data-testid="not-for-members">本工作台供支部书记、支委和党委工作人员使用。'
        + '党员请在微信中打开“支部”小程序签到、学习和查看通知。</p>';
      return;
    }
    loadMeetings = meetings(state, say);
    loadRequests = requests(state);
    loadLife = life(state, say);
    $('#dues-year').value = new Date().getFullYear();
    choose(select);
    show('dashboard');
  }

  /** The org worked on, and the role held there: a committee member (支委) follows leave and hours, a secretary decides. */
  function choose(select) {
    state.org = select.value;
    state.role = select.selectedOptions[0] && select.selectedOptions[0].dataset.role;
  }
  const decides = () => state.role === 'secretary' || state.role === 'admin';

  function show(view) {
    for (const button of document.querySelectorAll('nav button')) {
      button.classList.toggle('active', button.dataset.view === view);
    }
    for (const name of ['dashboard', 'meetings', 'notices', 'requests', 'leaves', 'volunteer', 'roster', 'development', 'life']) {
      $('#view-' + name).hidden = name !== view;
    }
    const failed = (err) => alert('加载失败：' + err.message);
    if (view === 'meetings') loadMeetings().catch(failed);
    if (view === 'roster') roster().catch(failed);
    if (view === 'notices') sent().catch(failed);
    if (view === 'development') development().catch(failed);
    if (view === 'life') lifeView().catch(failed);
    if (view === 'dashboard') dashboard();
    if (view === 'requests') loadRequests().catch(failed);
    if (view === 'leaves') leaves();
    if (view === 'volunteer') volunteer();
  }

  function fillTable(selector, rows) {
    const body = $(selector + ' tbody');
    body.innerHTML = '';
    for (const cells of rows) {
      const tr = document.createElement('tr');
      for (const cell of cells) {
        const td = document.createElement('td');
        td.textContent = cell === null || cell === undefined ? '—' : cell;
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
  }

  function chart(id, option) {
    const el = document.getElementById(id);
    const instance = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: 'svg' });
    instance.setOption(option, true);
  }

  const percent = (v) => (v === null || v === undefined ? null : Math.round(v * 1000) / 10 + '%');

  async function dashboard() {
    const d = await call('GET', '/orgs/' + state.org + '/dashboard');
    const months = d.attendanceByMonth.map((m) => m.month + '月');
    chart('chart-attendance', {
      xAxis: { type: 'category', data: months }, yAxis: { type: 'value', max: 1 },
      series: [{ type: 'line', data: d.attendanceByMonth.map((m) => m.rate) }], grid: { left: 40, right: 10, top: 10, bottom: 30 }
    });
    fillTable('[data-testid=table-attendance]', d.attendanceByMonth.map((m) => [m.month + '月', percent(m.rate)]));
    chart('chart-volunteer', {
      xAxis: { type: 'category', data: months }, yAxis: { type: 'value' },
      series: [{ type: 'bar', data: d.volunteerHoursByMonth.map((m) => m.hours), itemStyle: { color: '#b22222' } }],
      grid: { left: 40, right: 10, top: 10, bottom: 30 }
    });
    fillTable('[data-testid=table-volunteer]', d.volunteerHoursByMonth.map((m) => [m.month + '月', m.hours]));
    chart('chart-study', {
      xAxis: { type: 'category', data: d.study.distribution.map((b) => b.share) }, yAxis: { type: 'value' },
      series: [{ type: 'bar', data: d.study.distribution.map((b) => b.members) }], grid: { left: 40, right: 10, top: 10, bottom: 30 }
    });
    fillTable('[data-testid=table-study]', d.study.distribution.map((b) => [b.share, b.members])
      .concat([['党员人数', d.study.members], ['人均学时', d.study.averageHours]]));
    fillTable('[data-testid=table-requests]', [['收到诉求', d.requests.received], ['响应率', percent(d.requests.responseRate)],
      ['解决率', percent(d.requests.resolutionRate)], ['满意率', percent(d.requests.satisfactionRate)], ['超期', d.requests.overdue]]);
    const types = d.compliance.branches.length ? d.compliance.branches[0].requirements.map((r) => r.type) : [];
    $('[data-testid=table-compliance] thead').innerHTML = '<tr><th>支部</th>' +
      types.map((t) => '<th>' + TYPES[t] + '</th>').join('') + '<th>本月出勤率</th></tr>';
    const body = $('[data-testid=table-compliance] tbody');
    body.innerHTML = '';
    for (const branch of d.compliance.branches) {
      const tr = document.createElement('tr');
      const name = document.createElement('td');
      name.textContent = branch.name;
      tr.appendChild(name);
      for (const req of branch.requirements) {
        const td = document.createElement('td');
        const missing = branch.missing.includes(req.type);
        td.textContent = req.held ? '✓ ' + req.count : missing ? '' : '—';
        if (missing) {
          td.className = 'missing';
          // The way to fix a 缺: open 会议 with that type chosen (a meeting now, or a 补录 for one held without the app).
          const fix = document.createElement('button');
          fix.type = 'button';
          fix.textContent = '缺 · 去补开';
          fix.dataset.testid = 'fix-missing';
          fix.addEventListener('click', () => {
            show('meetings');
            $('#meeting-form select[name=type]').value = req.type;
            $('#meeting-form input[name=title]').focus();
          });
          td.appendChild(fix);
        }
        tr.appendChild(td);
      }
      const rate = document.createElement('td');
      rate.textContent = percent(branch.attendanceRate) || '—';
      tr.appendChild(rate);
      body.appendChild(tr);
    }
    fillTable('[data-testid=table-top-members]', d.topMembers.map((m) => [m.rank, m.name, m.points]));
    fillTable('[data-testid=table-top-branches]', d.topBranches.map((b) => [b.rank, b.name, b.averagePoints]));
  }

  // ---------------------------------------------------------------- notices
  $('#notice-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const form = e.target;
    try {
      const notice = await call('POST', '/notices', {
        title: form.title.value, body: form.body.value, targetOrgIds: [state.org],
        mustRead: form.mustRead.checked, push: form.push.checked
      });
      say('#notice-result', '已发布：' + notice.title);
      form.reset();
      await sent();
      await receipts(notice.id, notice.title);
    } catch (err) {
      say('#notice-result', '发布失败：' + err.message, true);
    }
  });

  /** The history of what I published, so receipts and reminders outlive the page that published them. */
  const sentPages = paged($('[data-testid=table-sent]'), {
    fetch: (cursor) => call('GET', '/notices/sent?' + pageQuery({}, cursor, 20)),
    search: $('#sent-search'),
    text: (n) => n.title,
    render: (body, n) => row(body, [new Date(n.createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }),
      n.title, n.mustRead ? '必读' : '', n.read + ' / ' + n.targeted, n.unbound || ''],
    [actionButton('签收情况', () => receipts(n.id, n.title))])
  });
  const sent = () => sentPages.reload();

  async function receipts(id, title) {
    state.lastNotice = id;
    $('#receipts-panel').hidden = false;
    $('#receipts-title').textContent = title + ' · 签收情况';
    const r = await call('GET', '/notices/' + id + '/receipts?limit=100');
    $('#receipts-summary').textContent = '应签收 ' + r.targeted + ' 人，已签收 ' + r.read + ' 人'
      + (r.unbound ? '；另有 ' + r.unbound + ' 人尚未绑定小程序，暂不能阅读' : '');
    // Numbers are masked for secretaries: names stand beside them so nobody is mistaken for another.
    fillTable('[data-testid=table-unread]', r.unread.map((u) => [u.number, u.name, DELIVERY[u.delivery] || '—']));
    $('#receipts-remind').onclick = async () => {
      if (!confirm('向 ' + r.unread.length + ' 位未读的同志再推送一次？每条通知每天只能提醒一次。')) return;
      try {
        await call('POST', '/notices/' + id + '/remind');
        say('#receipts-result', '已提醒未读的同志');
      } catch (err) {
        say('#receipts-result', err.message, true);
      }
    };
    $('#receipts-xlsx').onclick = () => download('/notices/' + id + '/receipts', title + '-签收表.xlsx');
  }

  // ---------------------------------------------------------------- downloads, leave, volunteer hours, roster
  $('#ledger-pack').addEventListener('click', () => {
    const year = new Date().getFullYear();
    download('/orgs/' + state.org + '/ledger-pack?from=' + year + '-01&to=' + year + '-12', year + '年党建台账.xlsx');
  });
  $('#dashboard-xlsx').addEventListener('click', () => download('/orgs/' + state.org + '/dashboard', '党建概览.xlsx'));

  function actionButton(label, onClick) {
    const button = document.createElement('button');
    button.textContent = label;
    button.addEventListener('click', onClick);
    return button;
  }

  /** A row of text cells, then one cell per list of action elements (buttons, or words saying why there are none). */
  function row(body, cells, ...actionCells) {
    const tr = document.createElement('tr');
    for (const text of cells) {
      const td = document.createElement('td');
      td.textContent = text === null || text === undefined ? '—' : text;
      tr.appendChild(td);
    }
    for (const actions of actionCells) {
      const td = document.createElement('td');
      actions.forEach((a) => td.appendChild(a));
      tr.appendChild(td);
    }
    body.appendChild(tr);
  }

  const at = (iso) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false,
    month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }) : '—');

  const leavePages = paged($('[data-testid=table-leaves]'), {
    fetch: (cursor) => call('GET', '/orgs/' + state.org + '/leaves?' + pageQuery({ status: $('#leaves-status').value }, cursor)),
    search: $('#leaves-search'),
    text: (l) => (l.name || '') + ' ' + l.eventTitle + ' ' + l.reason,
    render: (body, l) => {
      const decide = (approve) => async () => {
        if (!confirm((approve ? '批准' : '不批准') + ' ' + (l.name || '') + ' 的请假（' + l.eventTitle + '）？')) return;
        try {
          await call('POST', '/leaves/' + l.id + '/decision', { approve });
          say('#leaves-result', '已' + (approve ? '批准' : '不批准') + '：' + (l.name || ''));
        } catch (err) {
          // decided elsewhere meanwhile, or not ours to decide: say so, and show the list as it is now
          say('#leaves-result', err.message, true);
        }
        leaves();
      };
      const mine = state.me && l.personId === state.me.id;
      const actions = l.status !== 'pending' ? [document.createTextNode(l.status === 'approved' ? '已批准' : '未批准')]
        : mine ? [document.createTextNode('本人请假，须由他人审批')]
        : state.role !== 'secretary' ? [document.createTextNode('待书记审批')]
          : [actionButton('批准', decide(true)), actionButton('不批准', decide(false))];
      row(body, [l.name, l.eventTitle, at(l.startsAt), l.reason, at(l.requestedAt)], actions);
    }
  });
  const leaves = () => leavePages.reload().catch((err) => say('#leaves-result', err.message, true));

  /** A record's evidence photos, shown below the list (they need the bearer token, so not plain links). */
  async function evidence(r) {
    const panel = $('#evidence-panel');
    panel.hidden = false;
    $('h3', panel).textContent = (r.name || '') + ' · ' + r.hours + ' 小时 · 证明材料';
    await showFiles($('[data-testid=evidence]', panel), r.evidenceUrls.map((u, i) => ({ path: apiPath(u), name: '证明 ' + (i + 1) })));
  }

  const volunteerPages = paged($('[data-testid=table-volunteer-records]'), {
    fetch: (cursor) => call('GET', '/orgs/' + state.org + '/volunteer-records?'
      + pageQuery({ status: $('#volunteer-status').value }, cursor)),
    search: $('#volunteer-search'),
    text: (r) => (r.name || '') + ' ' + (r.description || ''),
    render: (body, r) => {
      const review = (approve) => async () => {
        let note;
        if (approve) {
          if (!confirm('通过 ' + (r.name || '') + ' 的 ' + r.hours + ' 小时志愿时长？')) return;
        } else {
          // A refusal says why: the person sees the note with their record.
          note = (prompt('退回 ' + (r.name || '') + ' 的 ' + r.hours + ' 小时志愿时长的原因（本人可见）：') || '').trim();
          if (!note) return;
        }
        try {
          await call('POST', '/volunteer/records/' + r.id + '/review', note ? { approve, note } : { approve });
          say('#volunteer-result', '已' + (approve ? '通过' : '退回') + '：' + (r.name || ''));
        } catch (err) {
          say('#volunteer-result', err.message, true);
        }
        volunteer();
      };
      const mine = state.me && r.personId === state.me.id;
      const higher = r.status === 'pending_higher' && !state.me.roles.some((g) => g.role === 'admin');
      const pending = r.status === 'pending' || r.status === 'pending_higher';
      const actions = !pending ? [document.createTextNode(r.status === 'approved' ? '已认定' : '已退回')]
        : mine ? [document.createTextNode('本人记录，须由他人审核')]
        : higher ? [document.createTextNode('待上级审核')]
        : !decides() ? [document.createTextNode('待书记审核')]
          : [actionButton('通过', review(true)), actionButton('退回', review(false))];
      const proof = r.evidenceUrls.length
        ? actionButton('查看 ' + r.evidenceUrls.length + ' 张', () => evidence(r).catch((err) => say('#volunteer-result', err.message, true)))
        : document.createTextNode(r.source === 'onsite' ? '现场签到' : '无');
      row(body, [r.name, at(r.startedAt), r.hours, r.description], [proof], actions);
    }
  });
  const volunteer = () => volunteerPages.reload().catch((err) => say('#volunteer-result', err.message, true));

  $('#roster-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    // A failed upload must not leave the last upload's results on screen.
    fillTable('[data-testid=table-roster-errors]', []);
    fillTable('[data-testid=table-activation]', []);
    const file = e.target.file.files[0];
    try {
      const result = await call('POST', '/orgs/' + state.org + '/roster', await file.arrayBuffer(), { binary: true });
      say('#roster-summary', '新增 ' + result.created + ' 人，更新 ' + result.updated + ' 人，' + result.errors.length + ' 行有问题');
      fillTable('[data-testid=table-roster-errors]', result.errors.concat(result.warnings || []).map((x) => [x.row, x.message]));
      slips(result.activationCodes);
      roster();
    } catch (err) {
      say('#roster-summary', '导入失败：' + err.message, true);
    }
  });

  let issuedCodes = [];
  function slips(codes) {
    issuedCodes = codes;
    fillTable('[data-testid=table-activation]', codes.map((x) => [x.number, x.name, x.code]));
    const box = $('#slips');
    box.innerHTML = '';
    for (const x of codes) {
      const slip = document.createElement('div');
      slip.className = 'slip';
      slip.textContent = x.name + '（' + x.number + '）：打开微信“支部”小程序 → 绑定身份，激活码 ';
      const code = document.createElement('strong');
      code.textContent = x.code;
      slip.appendChild(code);
      box.appendChild(slip);
    }
  }
  $('#print-slips').addEventListener('click', () => window.print());
  // The codes shown (they are shown once) as a CSV for the branch's own records; UTF-8 with a BOM for Excel.
  $('#export-codes').addEventListener('click', () => {
    const text = '\uFEFF学号/工号,姓名,激活码\r\n' + issuedCodes.map((x) => csvRow([x.number, x.name, x.code])).join('\r\n') + '\r\n';
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
    link.download = '激活码.csv';
    link.click();
  });

  $('#roster-template').addEventListener('click', () => {
    // UTF-8 with a BOM, so Excel opens the Chinese header right; GBK files saved back from Excel are read too.
    const text = '\uFEFF学号/工号,姓名,手机,政治面貌,职务\r\n2025001,张三,13800000000,预备党员,\r\n';
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
    link.download = '名册模板.csv';
    link.click();
  });

  /** The whole roster of the org's subtree, page by page (100 a page). */
  async function members() {
    const all = [];
    let cursor = null;
    do {
      const page = await call('GET', '/orgs/' + state.org + '/members?limit=100' + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor && all.length < 5000);
    return all;
  }

  /** 党员信息 for 党内统计: read from the server, saved whole (an empty field clears it). */
  async function profile(m) {
    const p = await call('GET', '/people/' + m.personId + '/profile');
    const f = $('#profile-form');
    f.hidden = false;
    $('h3', f).textContent = (m.name || '') + ' · 党员信息';
    for (const name of ['gender', 'birthDate', 'ethnicity', 'education', 'joinedAt', 'fullMemberAt']) {
      f[name].value = p[name] || '';
    }
    say('#profile-result', '');
    f.onsubmit = async (e) => {
      e.preventDefault();
      const body = {};
      for (const name of ['gender', 'birthDate', 'ethnicity', 'education', 'joinedAt', 'fullMemberAt']) {
        body[name] = f[name].value.trim() || null;
      }
      try {
        await call('PATCH', '/people/' + m.personId + '/profile', body);
        say('#profile-result', '已保存');
      } catch (err) {
        say('#profile-result', err.message, true);
      }
    };
  }

  async function roster() {
    const all = await members();
    const body = $('[data-testid=table-members] tbody');
    // A search asks the server (a full 学号 or part of a name): numbers are masked for secretaries, so only the
    // server can match a full number. The latest search wins; an empty box shows the whole roster again.
    let asked = 0;
    const search = async () => {
      const q = $('#roster-search').value.trim();
      const mine = ++asked;
      if (!q) return draw(all);
      try {
        const page = await call('GET', '/orgs/' + state.org + '/members?limit=100&q=' + encodeURIComponent(q));
        if (mine === asked) draw(page.items);
      } catch (err) {
        if (mine === asked) say('#roster-summary', err.message, true);
      }
    };
    const draw = (list) => {
      body.innerHTML = '';
      for (const m of list) {
        const actions = [];
        if (!m.bound) {
          actions.push(actionButton('补发激活码', async () => {
            if (!confirm('为 ' + m.name + ' 补发激活码？原激活码将失效。')) return;
            try {
              const issued = await call('POST', '/orgs/' + state.org + '/members/' + m.personId + '/activation-code');
              slips([issued]);
              say('#roster-summary', '已为 ' + issued.name + ' 补发激活码，见下表，可打印');
            } catch (err) {
              say('#roster-summary', err.message, true);
            }
          }));
        }
        actions.push(actionButton('党员信息', () => profile(m).catch((err) => say('#roster-summary', err.message, true))));
        row(body, [m.number, m.name, STAGE[m.stage] || m.stage, m.bound ? '已绑定' : '未绑定'], actions);
      }
    };
    let timer = null;
    $('#roster-search').oninput = () => {
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    };
    search();
  }

  // ---------------------------------------------------------------- 党费与转接
  async function lifeView() {
    const org = await call('GET', '/orgs/' + state.org);
    const parent = org.parentId ? (await call('GET', '/orgs/' + org.parentId + '/children?limit=100')).items : [];
    const branches = parent.filter((b) => b.kind === 'branch' && b.id !== state.org);
    await loadLife(await members(), branches);
  }

  // ---------------------------------------------------------------- 发展党员
  async function development() {
    const due = await call('GET', '/orgs/' + state.org + '/development?dueWithinDays=' + $('#development-window').value);
    const body = $('[data-testid=table-development] tbody');
    body.innerHTML = '';
    for (const p of due.items) {
      const record = actionButton('记录“' + p.next.label + '”', async () => {
        const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
        const date = prompt('“' + p.next.label + '”完成的日期（YYYY-MM-DD）：', today);
        if (!date) return;
        try {
          await call('POST', '/people/' + p.personId + '/development/milestones', { key: p.next.key, date });
          say('#development-result', '已记录：' + (p.name || '') + ' ' + p.next.label);
        } catch (err) {
          say('#development-result', err.message, true);
        }
        development();
      });
      row(body, [p.number, p.name, STAGE[p.stage] || p.stage || '—', p.next.label + (p.next.overdue ? '（逾期）' : ''),
        p.next.earliest, p.next.dueBy], [record]);
    }
  }
  $('#development-window').addEventListener('change', () => development());
  $('#leaves-status').addEventListener('change', () => leaves());
  $('#volunteer-status').addEventListener('change', () => volunteer());

  // ---------------------------------------------------------------- wiring
  for (const button of document.querySelectorAll('nav button')) {
    button.addEventListener('click', () => show(button.dataset.view));
  }
  $('#org').addEventListener('change', (e) => { choose(e.target); show('dashboard'); });
  $('#logout').addEventListener('click', async () => {
    try { await call('POST', '/auth/logout'); } catch (ignored) { /* the session may already be gone */ }
    showLogin();
  });
  (session() ? start() : showLogin()).catch((err) => { console.error(err); showLogin(); });
