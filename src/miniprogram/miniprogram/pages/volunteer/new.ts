import { api } from '../../api/client';
import { describe } from '../../api/problems';
import { session } from '../../api/session';

/**
 * 发起志愿活动 (the branch's secretary or committee, on the phone): what, when, how many places, and where — picked
 * on WeChat's map, so on-site scans are checked against the real place. Then the activity's page, with its
 * on-site code.
 */
Component({
  data: { orgId: '', title: '', date: '', start: '09:00', end: '11:00', capacity: '', lat: 0, lng: 0, placeName: '',
    error: '', busy: false },
  methods: {
    onLoad() {
      const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
      this.setData({ orgId: session.ledOrg() ?? '', date: today });
    },
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ [e.currentTarget.dataset.field as string]: e.detail.value, error: '' });
    },
    pickOnMap() {
      wx.chooseLocation({
        success: (r) => this.setData({ lat: r.latitude, lng: r.longitude, placeName: r.name || r.address || '' }),
        fail: () => undefined,
      } as WechatMiniprogram.ChooseLocationOption);
    },
    async submit() {
      if (this.data.busy) return;
      const startsAt = new Date(`${this.data.date}T${this.data.start}:00+08:00`);
      const endsAt = new Date(`${this.data.date}T${this.data.end}:00+08:00`);
      const capacity = this.data.capacity.trim() ? Number(this.data.capacity) : undefined;
      if (!this.data.orgId) {
        this.setData({ error: '只有支部书记和支委可以发起活动' });
        return;
      }
      if (!this.data.title.trim()) {
        this.setData({ error: '请填写活动名称' });
        return;
      }
      if (!(endsAt > startsAt)) {
        this.setData({ error: '结束时间应晚于开始时间' });
        return;
      }
      if (capacity !== undefined && !(Number.isInteger(capacity) && capacity >= 1)) {
        this.setData({ error: '名额应为正整数，不限名额请留空' });
        return;
      }
      this.setData({ busy: true });
      try {
        const a = await api.post('/volunteer/activities', { body: {
          orgId: this.data.orgId, title: this.data.title.trim(), startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(),
          capacity, location: this.data.placeName ? { lat: this.data.lat, lng: this.data.lng, radiusM: 300 } : undefined,
        } });
        wx.redirectTo({ url: `/pages/volunteer/activity?id=${a.id}` });
      } catch (e) {
        this.setData({ error: describe(e) });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
