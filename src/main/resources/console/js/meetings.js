// 会议: the branch's 三会一课 and party days — create (or record one held without the app: 补录, which the org
// above approves), cancel with a reason, the projector page with the rotating check-in code large on the wall
// and the count going up live, attendance per meeting with 补签 (a reason is required and kept), and the
// attendance spreadsheet for the 台账.
import { call, download } from './api.js';
import { showFiles } from './photos.js';

export const TYPES = {
  party_day: '主题党日', branch_assembly: '支部党员大会', committee_meeting: '支委会', group_meeting: '党小组会',
  party_lesson: '党课', life_meeting: '组织生活会', democratic_review: '民主评议', study_session: '集中学习',
  training: '集中培训', other: '其他'
};
const EVENT_STATUS = { scheduled: '', cancelled: '已取消', pending_approval: '补录待审批', refused: '补录未通过' };
const PRESENCE = { checked_in: '已签到', on_leave: '请假', absent: '未签到' };

const $ = (sel, root = document) => root.querySelector(sel);
const when = (iso) => new Date(iso).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false,
  month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });

function cells(tr, values) {
  for (const value of values) {
    const td = document.createElement('td');
    td.textContent = value === null || value === undefined || value === '' ? '—' : value;
    tr.appendChild(td);
  }
}

function button(label, onClick, testid) {
  const b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  if (testid) b.dataset.testid = testid;
  b.addEventListener('click', onClick);
  return b;
}

export function meetings(state, say) {
  const view = $('#view-meetings');
  const form = $('#meeting-form', view);
  const shanghai = (date, time) => new Date(date + 'T' + time + ':00+08:00').toISOString();

  form.onsubmit = async (e) => {
    e.preventDefault();
    const startsAt = shanghai(form.date.value, form.start.value);
    const endsAt = shanghai(form.date.value, form.end.value);
    const body = { orgId: state.org, type: form.type.value, title: form.title.value.trim(), startsAt, endsAt };
    if (new Date(startsAt) < new Date()) {
      const reason = prompt('会议时间已过，将作为“补录”提交上级审批。请说明未用本系统签到的原因：');
      if (!reason) return;
      body.backfill = { reason };
    }
    try {
      const event = await call('POST', '/events', body);
      say('#meeting-result', event.status === 'pending_approval' ? '已补录，等待上级审批：' + event.title : '已创建：' + event.title);
      form.title.value = '';
      await list();
    } catch (err) {
      say('#meeting-result', '创建失败：' + err.message, true);
    }
  };

  async function backfills() {
    const page = await call('GET', '/orgs/' + state.org + '/backfills');
    const body = $('[data-testid=table-backfills] tbody', view);
    body.innerHTML = '';
    for (const event of page.items) {
      const tr = document.createElement('tr');
      cells(tr, [when(event.startsAt), TYPES[event.type] || event.type, event.title, event.backfillReason]);
      const td = document.createElement('td');
      for (const approve of [true, false]) {
        td.appendChild(button(approve ? '批准' : '不批准', async () => {
          const note = prompt((approve ? '批准' : '不批准') + '“' + event.title + '”的补录，说明（可留空）：', '');
          if (note === null) return;
          try {
            await call('POST', '/events/' + event.id + '/backfill-decision', note ? { approve, note } : { approve });
            say('#backfill-result', '已' + (approve ? '批准' : '不批准') + '：' + event.title);
          } catch (err) {
            say('#backfill-result', err.message, true);
          }
          backfills();
        }));
      }
      tr.appendChild(td);
      body.appendChild(tr);
    }
  }

  async function list() {
    backfills().catch(() => undefined);
    const now = Date.now();
    const page = await call('GET', '/events?orgId=' + state.org + '&limit=100&from='
      + encodeURIComponent(new Date(now - 90 * 864e5).toISOString()) + '&to=' + encodeURIComponent(new Date(now + 90 * 864e5).toISOString()));
    shown = page.items.slice().reverse();
    draw();
  }

  // The three months around today fit one page (at most 100 meetings); the search narrows them by name.
  let shown = [];
  $('#meetings-search').addEventListener('input', () => draw());
  function draw() {
    const q = $('#meetings-search').value.trim();
    const body = $('[data-testid=table-meetings] tbody', view);
    body.innerHTML = '';
    for (const event of shown.filter((e) => !q || e.title.includes(q))) {
      const tr = document.createElement('tr');
      cells(tr, [when(event.startsAt), TYPES[event.type] || event.type, event.title, EVENT_STATUS[event.status] || '',
        event.expected]);
      const actions = document.createElement('td');
      if (event.status === 'scheduled' && new Date(event.checkinClosesAt) > new Date()) {
        actions.appendChild(button('出示签到码', () => projector(event), 'project'));
      }
      actions.appendChild(button('签到情况', () => attendance(event), 'attendance'));
      actions.appendChild(button('会议记录', () => record(event), 'record'));
      if (event.status === 'scheduled' && new Date(event.startsAt) > new Date()) {
        actions.appendChild(button('取消会议', async () => {
          const reason = prompt('取消原因（将通知并记录）：');
          if (!reason) return;
          try {
            await call('POST', '/events/' + event.id + '/cancel', { reason });
            await list();
          } catch (err) {
            say('#meeting-result', '取消失败：' + err.message, true);
          }
        }));
      }
      tr.appendChild(actions);
      body.appendChild(tr);
    }
  }

  /** 会议记录: agenda, lecturer, minutes and study hours, kept with the meeting for the 台账. */
  function record(event) {
    const f = $('#record-form', view);
    f.hidden = false;
    $('h3', f).textContent = event.title + ' · 会议记录';
    f.agenda.value = event.agenda || '';
    f.lecturer.value = event.lecturer || '';
    f.minutes.value = event.minutes || '';
    f.studyHours.value = event.studyHours || '';
    say('#record-result', '');
    const files = $('[data-testid=attachments]', f);
    const showAttachments = async () => {
      const list = await call('GET', '/events/' + event.id + '/attachments');
      await showFiles(files, list.items.map((a) => ({ path: '/attachments/' + a.id, name: a.name })));
    };
    showAttachments().catch((err) => say('#record-result', err.message, true));
    f.attachment.value = '';
    f.attachment.onchange = async () => {
      // Each file goes up as its own bytes; the server reads the type from them (JPEG, PNG or PDF only).
      for (const file of Array.from(f.attachment.files)) {
        try {
          await call('POST', '/events/' + event.id + '/attachments?name=' + encodeURIComponent(file.name),
            await file.arrayBuffer(), { binary: true });
          say('#record-result', '已上传：' + file.name);
        } catch (err) {
          say('#record-result', file.name + ' 未上传：' + err.message, true);
        }
      }
      f.attachment.value = '';
      await showAttachments();
    };
    f.onsubmit = async (e) => {
      e.preventDefault();
      const body = { agenda: f.agenda.value, lecturer: f.lecturer.value, minutes: f.minutes.value };
      if (f.studyHours.value !== '') body.studyHours = Number(f.studyHours.value);
      try {
        Object.assign(event, await call('PATCH', '/events/' + event.id, body));
        say('#record-result', '已保存');
      } catch (err) {
        say('#record-result', err.message, true);
      }
    };
  }

  async function attendance(event) {
    const panel = $('#attendance-panel', view);
    panel.hidden = false;
    $('h3', panel).textContent = event.title + ' · 签到情况';
    const a = await call('GET', '/events/' + event.id + '/attendance');
    $('[data-testid=attendance-summary]', panel).textContent = '应到 ' + a.expected + ' 人，已签到 ' + a.checkedIn
      + ' 人，请假 ' + a.onLeave + ' 人，未到 ' + a.absent + ' 人';
    const body = $('[data-testid=table-attendance-members] tbody', panel);
    body.innerHTML = '';
    for (const m of a.members) {
      const tr = document.createElement('tr');
      cells(tr, [m.number, m.name, PRESENCE[m.status] + (m.marked ? '（补签）' : '') + (m.offline ? '（离线）' : ''),
        m.markReason]);
      const td = document.createElement('td');
      if (m.status === 'absent') {
        td.appendChild(button('补签', async () => {
          const reason = prompt('为 ' + (m.name || m.number) + ' 补签的原因（如：手机没电，本人在场）：');
          if (!reason) return;
          try {
            await call('PUT', '/events/' + event.id + '/attendance/' + m.personId, { status: 'present', reason });
          } catch (err) {
            alert('补签未成功：' + err.message);
          }
          await attendance(event);
        }, 'mark'));
      }
      tr.appendChild(td);
      body.appendChild(tr);
    }
    $('#attendance-xlsx', panel).onclick = () => download('/events/' + event.id + '/attendance', event.title + '-签到表.xlsx');
  }

  let timers = [];
  function closeProjector() {
    timers.forEach(clearTimeout);
    timers = [];
    $('#projector').hidden = true;
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
  }
  $('#projector-close').onclick = closeProjector;
  document.addEventListener('keydown', (e) => { if (e.key === 'Escape') closeProjector(); });

  async function projector(event) {
    const wall = $('#projector');
    wall.hidden = false;
    $('#projector-title').textContent = event.title;
    if (wall.requestFullscreen) wall.requestFullscreen().catch(() => {});
    const showCode = async () => {
      try {
        const code = await call('GET', '/events/' + event.id + '/checkin-code');
        // The same link the secretary's phone draws: the WeChat camera opens the mini-program on it.
        const qr = qrcode(0, 'M');
        qr.addData(location.origin + '/m/e/' + code.code);
        qr.make();
        $('#projector-qr').innerHTML = qr.createSvgTag({ cellSize: 10, margin: 2, scalable: true });
        $('#projector-qr').dataset.code = code.code;
        const left = new Date(code.expiresAt) - Date.now();
        timers.push(setTimeout(showCode, Math.max(1000, left - 1500)));
      } catch (err) {
        $('#projector-qr').textContent = '签到码暂不可用：' + err.message;
        timers.push(setTimeout(showCode, 5000));
      }
    };
    const count = async () => {
      try {
        const a = await call('GET', '/events/' + event.id + '/attendance');
        $('[data-testid=projector-count]').textContent = '已签到 ' + a.checkedIn + ' / ' + (a.expected - a.onLeave);
      } catch (ignored) { /* the next tick tries again */ }
      timers.push(setTimeout(count, 5000));
    };
    await Promise.all([showCode(), count()]);
  }

  return list;
}
