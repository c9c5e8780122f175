import { api } from '../../api/client';
import { describe } from '../../api/problems';
import { codeLink } from '../../api/scan';
import { config } from '../../config';
import { attempt } from '../../utils/page';

const POLL_MS = 5000;
/** Ask for the next code this long before the shown one stops being current. */
const AHEAD_MS = 1500;

interface Person { personId: string; name: string; status: string; marked: boolean }

type Handle = ReturnType<typeof setTimeout>;
/** Per page: its timers, whether it is showing, and the moment the shown code stops being current. */
interface Running { code?: Handle; poll?: Handle; tick?: ReturnType<typeof setInterval>; live: boolean; expiresAt: number }
const running = new WeakMap<object, Running>();

/**
 * 签到码 (secretary's phone, full screen): the meeting's rotating code drawn as a QR on the phone, fetched
 * again just before it expires, with a countdown; the screen stays on and bright — asked again whenever the page
 * shows, since WeChat drops it when the secretary goes to a chat. Below it, who has checked in, live, and 补签
 * for someone whose phone failed, with the reason the record keeps. Hidden or closed, the page asks the server
 * nothing: every timer stops, and an answer that arrives after that schedules nothing.
 */
Component({
  data: {
    id: '', title: '', qr: '', expiresIn: 0, error: '', expected: 0, checkedIn: 0, onLeave: 0,
    absent: [] as Person[], present: [] as Person[],
  },
  methods: {
    async onLoad(query: Record<string, string>) {
      this.setData({ id: query.id });
      running.set(this, { live: true, expiresAt: 0 });
      this.stayOn();
      const event = await attempt(() => api.get('/events/{id}', { path: { id: query.id } }));
      if (event) {
        this.setData({ title: event.title });
      }
      await this.refreshCode();
      await this.poll();
    },
    onShow() {
      const r = running.get(this);
      if (r && !r.live) {
        r.live = true;
        this.stayOn();
        this.refreshCode();
        this.poll();
      }
    },
    onHide() {
      this.stop();
    },
    onUnload() {
      this.stop();
      wx.setKeepScreenOn({ keepScreenOn: false });
    },
    record() {
      wx.navigateTo({ url: `/pages/secretary/record?id=${this.data.id}` });
    },
    stayOn() {
      wx.setKeepScreenOn({ keepScreenOn: true });
      wx.setScreenBrightness({ value: 1 });
    },
    stop() {
      const r = running.get(this);
      if (r) {
        r.live = false;
        [r.code, r.poll].forEach((handle) => handle !== undefined && clearTimeout(handle));
        if (r.tick !== undefined) clearInterval(r.tick);
        r.code = r.poll = r.tick = undefined;
      }
    },
    async refreshCode() {
      const r = running.get(this);
      if (!r?.live) return;
      let wait = 5000;
      try {
        const code = await api.get('/events/{id}/checkin-code', { path: { id: this.data.id } });
        r.expiresAt = Date.parse(code.expiresAt);
        const left = r.expiresAt - Date.now();
        this.setData({ qr: codeLink(config().qrPrefix, 'e', code.code), expiresIn: Math.max(0, Math.round(left / 1000)), error: '' });
        wait = Math.max(1000, left - AHEAD_MS);
        if (r.tick === undefined && r.live) {
          // the countdown moves every second, between fetches
          r.tick = setInterval(() => this.setData({ expiresIn: Math.max(0, Math.round((r.expiresAt - Date.now()) / 1000)) }), 1000);
        }
      } catch (e) {
        this.setData({ qr: '', error: describe(e) });
      }
      if (r.live) {
        r.code = setTimeout(() => this.refreshCode(), wait);
      }
    },
    async poll() {
      const r = running.get(this);
      if (!r?.live) return;
      try {
        const a = await api.get('/events/{id}/attendance', { path: { id: this.data.id } });
        const people = a.members.map((m) => ({ personId: m.personId, name: m.name ?? '—', status: m.status, marked: m.marked }));
        this.setData({
          expected: a.expected, checkedIn: a.checkedIn, onLeave: a.onLeave,
          absent: people.filter((p) => p.status === 'absent'), present: people.filter((p) => p.status === 'checked_in'),
        });
      } catch {
        // a missed poll is retried at the next tick
      }
      if (r.live) {
        r.poll = setTimeout(() => this.poll(), POLL_MS);
      }
    },
    /** 补签: marks someone present by hand; the reason is required and kept (audited, shown as 补签). */
    mark(e: WechatMiniprogram.BaseEvent) {
      const { id: personId, name } = e.currentTarget.dataset as { id: string; name: string };
      wx.showModal({
        title: `为 ${name} 补签`, editable: true, placeholderText: '原因，如：手机没电，本人在场',
        success: async (r) => {
          const reason = (r.content || '').trim();
          if (!r.confirm) {
            return;
          }
          if (!reason) {
            wx.showToast({ title: '请填写补签原因', icon: 'none' });
            return;
          }
          const done = await attempt(() => api.put('/events/{id}/attendance/{personId}', {
            path: { id: this.data.id, personId }, body: { status: 'present', reason },
          }));
          if (done) {
            wx.showToast({ title: '已补签', icon: 'success' });
          }
        },
      });
    },
  },
});
