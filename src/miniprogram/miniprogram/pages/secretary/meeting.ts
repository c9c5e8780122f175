import { api } from '../../api/client';
import { describe } from '../../api/problems';
import { EVENT_TYPES } from '../../utils/format';

const TYPES = Object.keys(EVENT_TYPES).map((key) => ({ key, label: EVENT_TYPES[key] }));

/** 新建会议: a 三会一课 meeting or a party day for the branch; check-in opens by the server's rules. */
Component({
  data: {
    placeName: '',
    orgId: '', types: TYPES, typeIndex: 0, title: '', date: '', start: '14:00', end: '16:00', usePlace: false,
    lat: 0, lng: 0, error: '', busy: false,
  },
  methods: {
    onLoad(query: Record<string, string>) {
      const d = new Date(Date.now() + 8 * 3600_000);
      this.setData({ orgId: query.orgId, date: d.toISOString().slice(0, 10) });
    },
    pick(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = e.currentTarget.dataset.field as string;
      this.setData({ [field]: field === 'typeIndex' ? Number(e.detail.value) : e.detail.value, error: '' });
    },
    onTitle(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ title: e.detail.value, error: '' });
    },
    here(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      if (!e.detail.value) {
        this.setData({ usePlace: false });
        return;
      }
      wx.getLocation({
        type: 'wgs84',
        success: (r) => this.setData({ usePlace: true, lat: r.latitude, lng: r.longitude }),
        fail: () => this.setData({ usePlace: false, error: '未能取得位置，签到将不核验地点' }),
      });
    },
    /** 在地图上选点: where the meeting really is (the hall), not where the secretary happens to stand. */
    pickOnMap() {
      wx.chooseLocation({
        latitude: this.data.usePlace ? this.data.lat : undefined,
        longitude: this.data.usePlace ? this.data.lng : undefined,
        success: (r) => this.setData({ usePlace: true, lat: r.latitude, lng: r.longitude, placeName: r.name || r.address || '',
          error: '' }),
        fail: () => undefined,
      } as WechatMiniprogram.ChooseLocationOption);
    },
    async submit() {
      const startsAt = new Date(`${this.data.date}T${this.data.start}:00+08:00`);
      const endsAt = new Date(`${this.data.date}T${this.data.end}:00+08:00`);
      if (!this.data.title.trim()) {
        this.setData({ error: '请填写会议名称' });
        return;
      }
      if (!(endsAt > startsAt)) {
        this.setData({ error: '结束时间应晚于开始时间' });
        return;
      }
      this.setData({ busy: true });
      try {
        const event = await api.post('/events', { body: {
          orgId: this.data.orgId, type: TYPES[this.data.typeIndex].key as 'party_day', title: this.data.title.trim(),
          startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString(),
          location: this.data.usePlace ? { lat: this.data.lat, lng: this.data.lng, radiusM: 300 } : undefined,
        } });
        wx.redirectTo({ url: `/pages/secretary/code?id=${event.id}` });
      } catch (e) {
        this.setData({ error: describe(e) });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
