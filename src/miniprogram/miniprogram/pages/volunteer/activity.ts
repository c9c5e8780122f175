import { api } from '../../api/client';
import { describe } from '../../api/problems';
import { codeLink } from '../../api/scan';
import { LEADER_ROLES, session } from '../../api/session';
import { config } from '../../config';
import { dateTime } from '../../utils/format';
import { attempt, confirm } from '../../utils/page';

type Handle = ReturnType<typeof setTimeout>;
const timers = new WeakMap<object, Handle>();

/**
 * 志愿活动: when and where (on WeChat's map), the places left, my sign-up — and cancelling it before the activity
 * starts, which frees the place. For the activity's organisers (its org's secretary and committee): the on-site
 * rotating code to show at the door (the same mechanism as a meeting's, refreshed before it expires, stopped when
 * the page is hidden or closed), and closing the check-outs people forgot.
 */
Component({
  data: {
    id: '', loaded: false, failed: '', title: '', when: '', until: '', seats: '', mine: false, full: false,
    started: false, ended: false, hasPlace: false, lat: 0, lng: 0, organiser: false, qr: '', showingCode: false,
    message: '',
  },
  methods: {
    onLoad(query: Record<string, string>) {
      this.setData({ id: query.id });
    },
    onShow() {
      return this.load();
    },
    onHide() {
      this.hideCode();
    },
    onUnload() {
      this.hideCode();
    },
    async load() {
      try {
        const list = await api.get('/volunteer/activities');
        const a = list.items.find((x) => x.id === this.data.id);
        if (!a) {
          this.setData({ loaded: true, failed: '活动已结束或不向您开放' });
          return;
        }
        const now = Date.now();
        const left = a.capacity === null ? null : Math.max(0, a.capacity - a.signedUp);
        this.setData({
          loaded: true, failed: '', title: a.title, when: dateTime(a.startsAt), until: dateTime(a.endsAt),
          seats: left === null ? `已报名 ${a.signedUp} 人` : `余 ${left} / ${a.capacity} 个名额`, full: left === 0,
          mine: !!a.mine, started: Date.parse(a.startsAt) <= now, ended: Date.parse(a.endsAt) < now,
          hasPlace: !!a.location, lat: a.location?.lat ?? 0, lng: a.location?.lng ?? 0,
          organiser: session.roles().some((r) => LEADER_ROLES.includes(r.role) && r.orgId === a.orgId),
        });
      } catch (e) {
        this.setData({ loaded: true, failed: describe(e) });
      }
    },
    openMap() {
      wx.openLocation({ latitude: this.data.lat, longitude: this.data.lng, name: this.data.title, scale: 17 });
    },
    async signUp() {
      if (await attempt(() => api.post('/volunteer/activities/{id}/signups', { path: { id: this.data.id } }))) {
        wx.showToast({ title: '报名成功', icon: 'success' });
        await this.load();
      }
    },
    /** 取消报名: before the activity starts, and the place goes back to others. */
    async cancel() {
      if (!(await confirm('取消后名额将让给其他同志，确定取消报名？', '取消报名'))) {
        return;
      }
      const done = await attempt(() => api.delete('/volunteer/activities/{id}/signups', { path: { id: this.data.id } })
        .then(() => true));
      if (done) {
        this.setData({ message: '已取消报名' });
        await this.load();
      }
    },
    /** 现场签到码 (organisers): drawn as a link the members' WeChat camera or 扫码 opens. */
    async showCode() {
      this.setData({ showingCode: true });
      await this.refreshCode();
    },
    async refreshCode() {
      if (!this.data.showingCode) return;
      let wait = 5000;
      try {
        const code = await api.get('/volunteer/activities/{id}/checkin-code', { path: { id: this.data.id } });
        this.setData({ qr: codeLink(config().qrPrefix, 'v', code.code), message: '' });
        wait = Math.max(1000, Date.parse(code.expiresAt) - Date.now() - 1500);
      } catch (e) {
        this.setData({ qr: '', message: describe(e) });
      }
      if (this.data.showingCode) {
        timers.set(this, setTimeout(() => this.refreshCode(), wait));
      }
    },
    hideCode() {
      this.setData({ showingCode: false });
      const t = timers.get(this);
      if (t !== undefined) clearTimeout(t);
    },
    /** 结束活动: closes the check-outs people forgot (never the organiser's own, left for another organiser). */
    async close() {
      if (!(await confirm('为尚未签退的同志按活动结束时间签退？', '确定'))) {
        return;
      }
      const closed = await attempt(() => api.post('/volunteer/activities/{id}/close', { path: { id: this.data.id } }));
      if (closed) {
        this.setData({ message: `已为 ${closed.closed} 人签退` });
      }
    },
  },
});
