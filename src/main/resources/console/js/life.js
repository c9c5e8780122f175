// 党费 and 组织关系转接 at the desk: the year's dues ledger (set a member's category and base, record a payment;
// a month paid twice is refused by the server and said so), and transfers out of or into the org (ask for one,
// approve or refuse those this org decides, print the letter).
import { call, download } from './api.js';

const $ = (sel, root = document) => root.querySelector(sel);
const yuan = (fen) => (fen === null || fen === undefined ? '—' : (fen / 100).toFixed(2));
const CATEGORY = { student: '学生', employed: '在职', retired: '离退休', other: '其他' };
const STATUS = { pending: '待审批', approved: '已批准', refused: '未批准' };

function button(label, onClick) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

function row(body, cells, actions) {
  const tr = document.createElement('tr');
  for (const c of cells) {
    const td = document.createElement('td');
    td.textContent = c === null || c === undefined || c === '' ? '—' : c;
    tr.appendChild(td);
  }
  const td = document.createElement('td');
  actions.forEach((a) => td.appendChild(a));
  tr.appendChild(td);
  body.appendChild(tr);
}

export function life(state, say) {
  const year = () => Number($('#dues-year').value) || new Date().getFullYear();

  async function dues() {
    const ledger = await call('GET', '/orgs/' + state.org + '/dues?year=' + year());
    const body = $('[data-testid=table-dues] tbody');
    body.innerHTML = '';
    for (const m of ledger.members) {
      const setBase = button('核定', async () => {
        const category = prompt('类别：学生 / 在职 / 离退休 / 其他', CATEGORY[m.category] || '学生');
        const key = Object.keys(CATEGORY).find((k) => CATEGORY[k] === (category || '').trim());
        if (!key) return;
        let monthlyBaseFen;
        if (key === 'employed' || key === 'retired') {
          const base = prompt('月缴纳基数（元）：');
          if (!base) return;
          monthlyBaseFen = Math.round(Number(base) * 100);
        }
        try {
          await call('PUT', '/orgs/' + state.org + '/dues/bases', { year: year(), entries: [{ personId: m.personId, category: key,
            monthlyBaseFen }] });
          say('#dues-result', '已核定：' + (m.name || ''));
        } catch (err) {
          say('#dues-result', err.message, true);
        }
        dues();
      });
      const pay = button('登记缴费', async () => {
        const months = prompt('缴纳月份（如 ' + year() + '-01,' + year() + '-02）：', (m.arrearsMonths || []).slice(0, 1).join(','));
        if (!months) return;
        const list = months.split(/[,，\s]+/).filter(Boolean);
        const amount = prompt('金额（元）：', yuan((m.monthlyDueFen || 0) * list.length));
        if (!amount) return;
        try {
          await call('POST', '/orgs/' + state.org + '/dues/payments', { personId: m.personId, months: list,
            amountFen: Math.round(Number(amount) * 100) });
          say('#dues-result', '已登记：' + (m.name || '') + ' ' + list.join('、'));
        } catch (err) {
          say('#dues-result', err.message, true);
        }
        dues();
      });
      row(body, [m.number, m.name, CATEGORY[m.category] || '未核定', yuan(m.monthlyDueFen), yuan(m.dueFen), yuan(m.paidFen),
        (m.arrearsMonths || []).length ? m.arrearsMonths.length + ' 个月' : ''], [setBase, pay]);
    }
    $('#dues-xlsx').onclick = () => download('/orgs/' + state.org + '/dues?year=' + year(), year() + '年党费.xlsx');
  }

  async function transfers() {
    const page = await call('GET', '/transfers?orgId=' + state.org);
    const body = $('[data-testid=table-transfers] tbody');
    body.innerHTML = '';
    for (const t of page.items) {
      const actions = [];
      if (t.status === 'pending') {
        for (const approve of [true, false]) {
          actions.push(button(approve ? '批准' : '不批准', async () => {
            if (!confirm((approve ? '批准' : '不批准') + ' ' + (t.name || '') + ' 的组织关系转接？')) return;
            try {
              await call('POST', '/transfers/' + t.id + '/decision', { approve });
              say('#transfer-result', '已' + (approve ? '批准' : '不批准'));
            } catch (err) {
              say('#transfer-result', err.message, true);
            }
            transfers();
          }));
        }
      }
      if (t.status === 'approved') {
        actions.push(button('介绍信', async () => {
          const res = await call('GET', '/transfers/' + t.id + '/letter', undefined, { raw: true });
          window.open(URL.createObjectURL(await res.blob()), '_blank');
        }));
      }
      row(body, [t.name, t.fromOrg, t.toOrg || (t.toExternal && t.toExternal.organisation), t.reason, STATUS[t.status]], actions);
    }
  }

  $('#transfer-form').onsubmit = async (e) => {
    e.preventDefault();
    const f = e.target;
    const body = { personId: f.personId.value, reason: f.reason.value.trim() };
    if (f.external.value.trim()) body.toExternal = { organisation: f.external.value.trim(), address: f.address.value.trim() || undefined };
    else body.toOrgId = f.toOrgId.value;
    try {
      await call('POST', '/transfers', body);
      say('#transfer-result', '已提交转接申请，等待审批');
      f.reset();
    } catch (err) {
      say('#transfer-result', err.message, true);
    }
    transfers();
  };

  async function load(members, branches) {
    const person = $('#transfer-form select[name=personId]');
    person.innerHTML = '';
    members.forEach((m) => person.appendChild(Object.assign(document.createElement('option'), { value: m.personId,
      textContent: (m.name || '') + '（' + (m.number || '') + '）' })));
    const to = $('#transfer-form select[name=toOrgId]');
    to.innerHTML = '';
    branches.forEach((b) => to.appendChild(Object.assign(document.createElement('option'), { value: b.id, textContent: b.name })));
    await Promise.all([dues(), transfers(), reviews()]);
  }

  const STATE = { upcoming: '未开始', open: '进行中', closed: '已结束' };
  const GRADE = { excellent: '优秀', qualified: '合格', basically_qualified: '基本合格', unqualified: '不合格' };

  async function reviews() {
    const rounds = await call('GET', '/orgs/' + state.org + '/reviews');
    const body = $('[data-testid=table-reviews] tbody');
    body.innerHTML = '';
    for (const r of rounds.items) {
      row(body, [r.year, r.opensAt.slice(0, 10), r.closesAt.slice(0, 10), STATE[r.state]], [
        button('结果', () => results(r.id)),
        button('下载结果', () => download('/reviews/' + r.id + '/results', r.year + '年民主评议结果.xlsx'))]);
    }
  }

  async function results(id) {
    const r = await call('GET', '/reviews/' + id + '/results');
    const body = $('[data-testid=table-review-results] tbody');
    body.innerHTML = '';
    for (const p of r.people) {
      const grade = document.createElement('select');
      grade.dataset.personId = p.personId;
      grade.setAttribute('aria-label', '评定等次');
      grade.disabled = r.state !== 'closed';
      grade.appendChild(Object.assign(document.createElement('option'), { value: '', textContent: '—' }));
      Object.keys(GRADE).forEach((g) => grade.appendChild(Object.assign(document.createElement('option'),
        { value: g, textContent: GRADE[g], selected: p.grade === g })));
      // The server shows no counts until the round closes (turnout only), so no two looks can tell a ballot.
      const t = p.tallies || {};
      const n = (k) => (p.tallies ? t[k] : '—');
      row(body, [p.name, n('excellent'), n('qualified'), n('basically_qualified'), n('unqualified'),
        p.selfAssessment ? '已提交' : '未提交'], [grade]);
    }
    say('#review-result', '参评 ' + r.members + ' 人，已投票 ' + r.ballots + ' 人'
      + (r.state === 'closed' ? '' : '；评议结束后公布票数并评定等次'));
    const save = $('#save-grades');
    save.hidden = r.state !== 'closed';
    save.onclick = async () => {
      const grades = [...body.querySelectorAll('select')].filter((sel) => sel.value)
        .map((sel) => ({ personId: sel.dataset.personId, grade: sel.value }));
      if (!grades.length) return;
      try {
        await call('POST', '/reviews/' + id + '/grades', { grades });
        say('#review-result', '已保存评定等次');
      } catch (err) {
        say('#review-result', err.message, true);
      }
    };
  }

  $('#review-form').onsubmit = async (e) => {
    e.preventDefault();
    const f = e.target;
    try {
      await call('POST', '/orgs/' + state.org + '/reviews', { year: Number(f.year.value),
        opensAt: new Date(f.opens.value + 'T00:00:00+08:00').toISOString(),
        closesAt: new Date(f.closes.value + 'T23:59:59+08:00').toISOString() });
      say('#review-result', '已开启 ' + f.year.value + ' 年民主评议');
    } catch (err) {
      say('#review-result', err.message, true);
    }
    reviews();
  };

  $('#dues-year').onchange = () => dues();
  return load;
}
