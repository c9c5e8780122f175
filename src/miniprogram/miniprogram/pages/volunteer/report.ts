import { api } from '../../api/client';
import { describe } from '../../api/problems';
import { choosePhotos, sendPhotos } from '../../utils/photos';

/**
 * 自主申报: hours served outside an organised activity, with photos as evidence; a secretary reviews it
 * (over 8 h in a day goes to the level above; over 12 h is refused by the server).
 */
Component({
  data: { date: '', start: '09:00', end: '11:00', description: '', photos: [] as string[], error: '', done: false, busy: false },
  methods: {
    onLoad() {
      const d = new Date(Date.now() + 8 * 3600_000);
      this.setData({ date: d.toISOString().slice(0, 10) });
    },
    pick(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ [e.currentTarget.dataset.field as string]: e.detail.value, error: '' });
    },
    onText(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ description: e.detail.value, error: '' });
    },
    async addPhotos() {
      const picked = await choosePhotos(9 - this.data.photos.length);
      this.setData({ photos: [...this.data.photos, ...picked] });
    },
    async submit() {
      const startedAt = new Date(`${this.data.date}T${this.data.start}:00+08:00`);
      const endedAt = new Date(`${this.data.date}T${this.data.end}:00+08:00`);
      if (!(endedAt > startedAt)) {
        this.setData({ error: '结束时间应晚于开始时间' });
        return;
      }
      if (this.data.description.trim().length < 4) {
        this.setData({ error: '请写明服务内容' });
        return;
      }
      this.setData({ busy: true });
      try {
        const evidenceUrls = await sendPhotos(this.data.photos);
        await api.post('/volunteer/records', { body: {
          startedAt: startedAt.toISOString(), endedAt: endedAt.toISOString(), description: this.data.description.trim(), evidenceUrls,
        } });
        this.setData({ done: true });
      } catch (e) {
        this.setData({ error: describe(e) });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
