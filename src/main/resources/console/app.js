// The web console for secretaries and committee staff: scan-to-login, the dashboard, notices, requests.
// Plain browser JavaScript against the same API the phones use; tokens live in sessionStorage only.
(function () {
  'use strict';
  const API = '/api/v1';
  const $ = (sel) => document.querySelector(sel);
  const state = { token: sessionStorage.getItem('zhibu.token'), me: null, org: null, lastNotice: null };
  const TYPES = {
    committee_meeting: '支委会', group_meeting: '党小组会', party_day: '主题党日',
    branch_assembly: '党员大会', party_lesson: '党课', life_meeting: '组织生活会', democratic_review: '民主评议'
  };
  const STATUS = {
    held: '待审核', submitted: '待受理', accepted: '已受理', assigned: '已转办', in_progress: '办理中',
    resolved: '已办结', closed: '已评价', rejected: '不予受理'
  };

  async function call(method, path, body, extraHeaders) {
    const res = await fetch(API + path, {
      method,
      headers: Object.assign({ 'Content-Type': 'application/json' },
        state.token ? { Authorization: 'Bearer ' + state.token } : {}, extraHeaders || {}),
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    if (res.status === 401 && state.token) {
      sessionStorage.removeItem('zhibu.token');
      state.token = null;
      showLogin();
      throw new Error('请重新登录');
    }
    const text = await res.text();
    const json = text ? JSON.parse(text) : null;
    if (!res.ok) {
      throw new Error((json && json.detail) || res.statusText);
    }
    return json;
  }

  // ---------------------------------------------------------------- scan-to-login
  let polling = null;
  async function showLogin() {
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
        { 'X-Poll-Token': ticket.pollToken });
      if (status.status === 'confirmed' && status.accessToken) {
        clearInterval(polling);
        state.token = status.accessToken;
        sessionStorage.setItem('zhibu.token', state.token);
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
    const managed = state.me.roles.filter((r) => r.role === 'admin' || r.role === 'secretary');
    const select = $('#org');
    select.innerHTML = '';
    for (const role of managed) {
      const org = await call('GET', '/orgs/' + role.orgId);
      const option = document.createElement('option');
      option.value = org.id;
      option.textContent = org.name + '（' + (role.role === 'admin' ? '管理员' : '书记') + '）';
      select.appendChild(option);
    }
    $('#who').textContent = state.me.name || '';
    $('#app').hidden = false;
    if (!managed.length) {
      $('#view-dashboard').innerHTML = '<p class="card">本工作台供支部书记和党委工作人员使用。</p>';
      return;
    }
    state.org = select.value;
    show('dashboard');
  }

  function show(view) {
    for (const button of document.querySelectorAll('nav button')) {
      button.classList.toggle('active', button.dataset.view === view);
    }
    for (const name of ['dashboard', 'notices', 'requests', 'leaves', 'volunteer', 'roster']) {
      $('#view-' + name).hidden = name !== view;
    }
    if (view === 'dashboard') dashboard();
    if (view === 'requests') requests();
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
    fillTable('[data-testid=table-requests]', [['受理', d.requests.received], ['响应率', percent(d.requests.responseRate)],
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
        td.textContent = req.held ? '✓ ' + req.count : missing ? '缺' : '—';
        if (missing) td.className = 'missing';
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
      state.lastNotice = notice.id;
      $('#notice-result').textContent = '已发布：' + notice.title;
      form.reset();
      receipts();
    } catch (err) {
      $('#notice-result').textContent = '发布失败：' + err.message;
    }
  });
  $('#receipts-refresh').addEventListener('click', receipts);

  async function receipts() {
    if (!state.lastNotice) return;
    const r = await call('GET', '/notices/' + state.lastNotice + '/receipts?limit=100');
    $('#receipts-summary').textContent = '应签收 ' + r.targeted + ' 人，已签收 ' + r.read + ' 人';
    fillTable('[data-testid=table-unread]', r.unread.map((u) => [u.number, u.name, u.delivery || '—']));
  }

  // ---------------------------------------------------------------- requests
  const NEXT = { held: ['accept', '受理'], submitted: ['accept', '受理'], accepted: ['start', '开始办理'],
    assigned: ['start', '开始办理'], in_progress: ['resolve', '办结'] };

  async function requests() {
    const page = await call('GET', '/requests?view=org&limit=50');
    const children = (await call('GET', '/orgs/' + state.org + '/children?limit=100')).items;
    const body = $('[data-testid=table-requests-list] tbody');
    body.innerHTML = '';
    for (const r of page.items) {
      const tr = document.createElement('tr');
      for (const text of [r.title, r.category, STATUS[r.status] || r.status, r.resolveBy.slice(0, 16).replace('T', ' ')]) {
        const td = document.createElement('td');
        td.textContent = text;
        tr.appendChild(td);
      }
      const actions = document.createElement('td');
      const act = async (action, extra) => {
        try {
          await call('POST', '/requests/' + r.id + '/transitions', Object.assign({ action }, extra || {}));
        } catch (err) {
          alert(err.message);
        }
        requests();
      };
      const next = NEXT[r.status];
      if (next) {
        actions.appendChild(actionButton(next[1], () => act(next[0],
          next[0] === 'resolve' ? { note: prompt('办理结果', '已办结') || '已办结' } : undefined)));
      }
      if ((r.status === 'accepted' || r.status === 'assigned') && children.length && r.orgId === state.org) {
        // 转办: hand the request to a branch (or college) under the handling org.
        const select = document.createElement('select');
        select.setAttribute('aria-label', '转办给');
        for (const child of children) {
          const option = document.createElement('option');
          option.value = child.id;
          option.textContent = child.name;
          select.appendChild(option);
        }
        actions.appendChild(select);
        actions.appendChild(actionButton('转办', () => act('assign', { assigneeId: select.value })));
      }
      tr.appendChild(actions);
      body.appendChild(tr);
    }
  }

  // ---------------------------------------------------------------- downloads, leave, volunteer hours, roster
  async function download(path, name) {
    const res = await fetch(API + path, { headers: { Authorization: 'Bearer ' + state.token } });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(await res.blob());
    link.download = name;
    link.click();
  }
  $('#dashboard-xlsx').addEventListener('click', () => download('/orgs/' + state.org + '/dashboard?format=xlsx', '党建概览.xlsx'));

  function actionButton(label, onClick) {
    const button = document.createElement('button');
    button.textContent = label;
    button.addEventListener('click', onClick);
    return button;
  }

  function row(body, cells, actions) {
    const tr = document.createElement('tr');
    for (const text of cells) {
      const td = document.createElement('td');
      td.textContent = text === null || text === undefined ? '—' : text;
      tr.appendChild(td);
    }
    const td = document.createElement('td');
    actions.forEach((a) => td.appendChild(a));
    tr.appendChild(td);
    body.appendChild(tr);
  }

  async function leaves() {
    const page = await call('GET', '/orgs/' + state.org + '/leaves?status=pending');
    const body = $('[data-testid=table-leaves] tbody');
    body.innerHTML = '';
    for (const l of page.items) {
      const decide = (approve) => async () => { await call('POST', '/leaves/' + l.id + '/decision', { approve }); leaves(); };
      row(body, [l.name, l.eventTitle, l.startsAt.slice(0, 16).replace('T', ' '), l.reason],
        [actionButton('批准', decide(true)), actionButton('不批准', decide(false))]);
    }
  }

  async function volunteer() {
    const page = await call('GET', '/orgs/' + state.org + '/volunteer-records?status=pending');
    const body = $('[data-testid=table-volunteer-records] tbody');
    body.innerHTML = '';
    for (const r of page.items) {
      const review = (approve) => async () => {
        try {
          await call('POST', '/volunteer/records/' + r.id + '/review', { approve });
        } catch (err) {
          alert(err.message);
        }
        volunteer();
      };
      row(body, [r.name, r.startedAt.slice(0, 16).replace('T', ' '), r.hours, r.description],
        [actionButton('通过', review(true)), actionButton('退回', review(false))]);
    }
  }

  $('#roster-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    const file = e.target.file.files[0];
    const res = await fetch(API + '/orgs/' + state.org + '/roster', {
      method: 'POST', body: await file.arrayBuffer(),
      headers: { 'Content-Type': 'application/octet-stream', Authorization: 'Bearer ' + state.token }
    });
    const result = await res.json();
    if (!res.ok) {
      $('#roster-summary').textContent = '导入失败：' + result.detail;
      return;
    }
    $('#roster-summary').textContent = '新增 ' + result.created + ' 人，更新 ' + result.updated + ' 人，' +
      result.errors.length + ' 行有问题';
    fillTable('[data-testid=table-roster-errors]', result.errors.map((x) => [x.row, x.message]));
    fillTable('[data-testid=table-activation]', result.activationCodes.map((x) => [x.number, x.code]));
  });

  // ---------------------------------------------------------------- wiring
  for (const button of document.querySelectorAll('nav button')) {
    button.addEventListener('click', () => show(button.dataset.view));
  }
  $('#org').addEventListener('change', (e) => { state.org = e.target.value; show('dashboard'); });
  $('#logout').addEventListener('click', async () => {
    try { await call('POST', '/auth/logout'); } catch (ignored) { /* the session may already be gone */ }
    sessionStorage.removeItem('zhibu.token');
    state.token = null;
    showLogin();
  });
  (state.token ? start() : showLogin()).catch((err) => { console.error(err); showLogin(); });
})();
