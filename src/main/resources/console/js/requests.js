// 办实事 at the desk: what the org has received, open items first and overdue first, filtered by state; each
// opens to its full content, requester (never for anonymous ones), photos and timeline, and every action
// the workflow allows from its state, each with the reason the timeline keeps (不予受理 and 退单 need one).
import { call } from './api.js';
import { paged, pageQuery } from './pager.js';
import { apiPath, showFiles } from './photos.js';

export const STATUS = {
  held: '待审核', submitted: '待受理', accepted: '已受理', assigned: '已转办', in_progress: '办理中',
  resolved: '已办结', closed: '已评价', rejected: '不予受理'
};
const OPEN = ['held', 'submitted', 'accepted', 'assigned', 'in_progress'];
const ACTION = { file: '提交', accept: '受理', assign: '转办', start: '开始办理', resolve: '办结', reject: '不予受理',
  return: '退单', confirm: '确认并评价', reopen: '重新办理', release: '审核放行' };
const $ = (sel, root = document) => root.querySelector(sel);
const when = (iso) => (iso ? new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false,
  month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' }) : '—');

function el(tag, text, attrs = {}) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  Object.entries(attrs).forEach(([k, v]) => e.setAttribute(k, v));
  return e;
}

/** The deadline that matters now: to accept (受理) before acceptance, to resolve (办结) after. */
function deadline(r) {
  return ['held', 'submitted'].includes(r.status) ? '受理时限 ' + when(r.respondBy) : '办结时限 ' + when(r.resolveBy);
}

export function requests(state) {
  const view = $('#view-requests');

  const matches = (r) => {
    const filter = $('#requests-filter').value;
    return filter === 'all' || (filter === 'open' ? OPEN.includes(r.status)
      : filter === 'done' ? ['resolved', 'closed'].includes(r.status) : r.status === 'rejected');
  };
  // Overdue first, then the nearest deadline; the state filter and the search work on what is loaded.
  const pages = paged($('[data-testid=table-requests-list]', view), {
    fetch: (cursor) => call('GET', '/requests?' + pageQuery({ view: 'org' }, cursor)),
    search: $('#requests-search'),
    keep: matches,
    text: (r) => [r.title, r.category, r.content, r.requester && r.requester.name].join(' '),
    sort: (a, b) => (b.overdue - a.overdue) || (new Date(a.resolveBy) - new Date(b.resolveBy)),
    render: (body, r) => {
      const tr = el('tr');
      tr.append(el('td', r.title), el('td', r.category), el('td', r.anonymous ? '匿名' : (r.requester && r.requester.name) || '—'),
        el('td', STATUS[r.status] || r.status), el('td', deadline(r)), el('td', r.overdue ? '超时' : ''));
      const td = el('td');
      const open = el('button', '详情', { type: 'button' });
      open.addEventListener('click', () => detail(r.id));
      td.append(open);
      tr.append(td);
      body.append(tr);
    }
  });

  const counted = (shown) => {
    $('[data-testid=requests-count]', view).textContent = '共 ' + shown.length + ' 件';
  };
  async function list() {
    await pages.reload();
    counted(pages.redraw());
  }

  async function act(id, body, needsNote) {
    const note = $('#request-note').value.trim();
    if (needsNote && !note) {
      $('#request-result').textContent = '请先在“说明”中写明理由';
      $('#request-result').className = 'error';
      return;
    }
    try {
      await call('POST', '/requests/' + id + '/transitions', Object.assign(body, note ? { note } : {}));
      $('#request-result').textContent = '已' + ACTION[body.action];
      $('#request-result').className = 'muted';
    } catch (err) {
      $('#request-result').textContent = err.message;
      $('#request-result').className = 'error';
    }
    await list();
    await detail(id).catch(() => { $('#request-detail').hidden = true; });
  }

  async function detail(id) {
    const r = await call('GET', '/requests/' + id);
    const panel = $('#request-detail');
    panel.hidden = false;
    $('h3', panel).textContent = r.title + '（' + (STATUS[r.status] || r.status) + '）';
    $('[data-testid=request-facts]', panel).textContent = r.category + ' · '
      + (r.anonymous ? '匿名提出' : '提出人：' + ((r.requester && r.requester.name) || '未绑定用户')) + ' · ' + deadline(r)
      + (r.overdue ? ' · 已超时' : '');
    $('[data-testid=request-content]', panel).textContent = r.content;
    await showFiles($('[data-testid=request-photos]', panel), (r.photoUrls || []).map((u) => ({ path: apiPath(u), name: '照片' })));
    const steps = $('[data-testid=table-timeline] tbody', panel);
    steps.innerHTML = '';
    for (const s of r.timeline || []) {
      const tr = el('tr');
      tr.append(el('td', when(s.at)), el('td', ACTION[s.action] || s.action),
        el('td', s.by === 'requester' ? '提出人' : s.by === 'system' ? '系统' : (s.actorName || '办理人')), el('td', s.note || ''));
      steps.append(tr);
    }
    const actions = $('#request-actions');
    actions.innerHTML = '';
    $('#request-note').value = '';
    const add = (label, body, needsNote) => {
      const b = el('button', label, { type: 'button' });
      b.addEventListener('click', () => act(r.id, body, needsNote));
      actions.append(b);
    };
    if (['held', 'submitted'].includes(r.status)) add('受理', { action: 'accept' });
    if (['accepted', 'assigned'].includes(r.status)) add('开始办理', { action: 'start' });
    if (r.status === 'in_progress') add('办结', { action: 'resolve' }, true);
    if (['accepted', 'assigned', 'in_progress'].includes(r.status)) add('退单', { action: 'return' }, true);
    if (OPEN.includes(r.status)) add('不予受理', { action: 'reject' }, true);
    if (['accepted', 'assigned'].includes(r.status) && r.orgId === state.org) {
      const children = (await call('GET', '/orgs/' + state.org + '/children?limit=100')).items;
      if (children.length) {
        const select = el('select', undefined, { 'aria-label': '转办给' });
        children.forEach((c) => select.append(Object.assign(el('option', c.name), { value: c.id })));
        const b = el('button', '转办', { type: 'button' });
        b.addEventListener('click', () => act(r.id, { action: 'assign', assigneeId: select.value }));
        actions.append(select, b);
      }
    }
  }

  $('#requests-filter').onchange = () => counted(pages.redraw());
  $('#requests-search').addEventListener('input', () => counted(pages.redraw()));
  return list;
}
