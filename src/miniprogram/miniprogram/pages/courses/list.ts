import { api } from '../../api/client';
import { attempt, go } from '../../utils/page';

interface Row { id: string; title: string; credit: string; progress: string; done: boolean }

/** 微课: courses published to my org and above, with my progress, and my hours against the year's requirement. */
Component({
  data: { items: [] as Row[], cursor: null as string | null, loaded: false, hoursText: '' },
  methods: {
    /** Pull to refresh: the list again from its first page, as on first showing. */
    async onPullDownRefresh() {
      try {
        await this.onShow();
      } finally {
        wx.stopPullDownRefresh();
      }
    },
    async onShow() {
      this.setData({ items: [], cursor: null });
      const mine = await attempt(() => api.get('/me/study'));
      if (mine) {
        // leaders (书记, 副书记, 支委) also owe one 集中培训 a year: said, not only counted
        const training = mine.trainingRequired && !mine.trainingAttended ? '，还须参加 1 次集中培训' : '';
        this.setData({ hoursText: `本年 ${mine.creditedHours} / ${mine.requiredHours} 学时${mine.meetsRequirement ? '（已达标）' : training}` });
      }
      await this.more();
    },
    onReachBottom() {
      if (this.data.cursor) {
        this.more();
      }
    },
    async more() {
      const page = await attempt(() => api.get('/courses', { query: { limit: 20, cursor: this.data.cursor ?? undefined } }));
      if (!page) {
        return;
      }
      const rows = page.items.map((c) => ({
        id: c.id, title: c.title, credit: `${c.creditHours} 学时`, done: c.progress.completed,
        progress: `${c.progress.lessonsCompleted}/${c.progress.lessons} 节`,
      }));
      this.setData({ items: [...this.data.items, ...rows], cursor: page.nextCursor, loaded: true });
    },
    open(e: WechatMiniprogram.BaseEvent) {
      go(`/pages/courses/detail?id=${e.currentTarget.dataset.id}`);
    },
  },
});
