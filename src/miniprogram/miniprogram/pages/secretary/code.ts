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
const timers = new WeakMap<object, { code?: Handle; poll?: Handle }>();

/**
 * 签到码 (secretary's phone, full screen): the meeting's rotating code drawn as a QR on the phone, fetched
 * again just before it expires; the screen stays on and bright. Below it, who has checked in, live, and 补签
 * for someone whose phone failed, with the reason the record keeps.
 */
Component({
  data: {
    id: '', title: '', qr: '', expiresIn: 0, error: '', expected: 0, checkedIn: 0, onLeave: 0,
    absent: [] as Person[], present: [] as Person[],
  },
  methods: {
    async onLoad(query: Record<string, string>) {
      this.setData({ id: query.id });
      timers.set(this, {});
      wx.setKeepScreenOn({ keepScreenOn: true });
      wx.setScreenBrightness({ value: 1 });
      const event = await attempt(() => api.get('/events/{id}', { path: { id: query.id } }));
      if (event) {
        this.setData({ title: event.title });
      }
      await this.refreshCode();
      await this.poll();
    },
    onUnload() {
      const t = timers.get(this);
      [t?.code, t?.poll].forEach((handle) => handle !== undefined && clearTimeout(handle));
      wx.setKeepScreenOn({ keepScreenOn: false });
    },
    async refreshCode() {
      const t = timers.get(this) ?? {};
      try {
        const code = await api.get('/events/{id}/checkin-code', { path: { id: this.data.id } });
        const left = Date.parse(code.expiresAt) - Date.now();
        this.setData({ qr: codeLink(config().qrPrefix, 'e', code.code), expiresIn: Math.max(0, Math.round(left / 1000)), error: '' });
        t.code = setTimeout(() => this.refreshCode(), Math.max(1000, left - AHEAD_MS));
      } catch (e) {
        this.setData({ qr: '', error: describe(e) });
        t.code = setTimeout(() => this.refreshCode(), 5000);
      }
      timers.set(this, t);
    },
    async poll() {
      const t = timers.get(this) ?? {};
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
      t.poll = setTimeout(() => this.poll(), POLL_MS);
      timers.set(this, t);
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
