import { api } from '../../api/client';
import { describe } from '../../api/problems';
import { dateTime } from '../../utils/format';

interface Entry { entryId: string; rank: number; title: string; branch: string; votes: number }

/**
 * 微党课比赛: the entries ranked by votes, and my vote — one a day per contest, as the server holds it (a second
 * vote the same day is refused in Chinese). Shared into a chat, it opens for whoever the contest is open to.
 */
Component({
  data: { id: '', loaded: false, failed: '', title: '', endsAt: '', ended: false, entries: [] as Entry[], message: '',
    busy: false },
  methods: {
    onLoad(query: Record<string, string>) {
      this.setData({ id: query.id });
    },
    onShow() {
      return this.load();
    },
    async load() {
      try {
        const c = await api.get('/contests/{id}', { path: { id: this.data.id } });
        this.setData({
          loaded: true, failed: '', title: c.title, endsAt: dateTime(c.endsAt), ended: Date.parse(c.endsAt) < Date.now(),
          entries: c.entries.map((e) => ({ entryId: e.entryId, rank: e.rank, title: e.title, branch: e.branch ?? '', votes: e.votes })),
        });
      } catch (e) {
        this.setData({ loaded: true, failed: describe(e) });
      }
    },
    async vote(e: WechatMiniprogram.BaseEvent) {
      if (this.data.busy) return;
      const entryId = e.currentTarget.dataset.id as string;
      this.setData({ busy: true, message: '' });
      try {
        const c = await api.post('/contests/{id}/entries/{entryId}/votes', { path: { id: this.data.id, entryId } });
        this.setData({ message: '已投票，明天还可以再投',
          entries: c.entries.map((x) => ({ entryId: x.entryId, rank: x.rank, title: x.title, branch: x.branch ?? '', votes: x.votes })) });
      } catch (err) {
        this.setData({ message: describe(err) });
      } finally {
        this.setData({ busy: false });
      }
    },
    onShareAppMessage() {
      return { title: `为微党课投票：${this.data.title}`, path: `/pages/courses/contest?id=${this.data.id}` };
    },
  },
});
