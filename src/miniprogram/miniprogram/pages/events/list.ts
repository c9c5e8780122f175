import { api } from '../../api/client';
import { attempt, go } from '../../utils/page';
import { dateTime, EVENT_TYPES } from '../../utils/format';

interface Row { id: string; title: string; type: string; when: string; place: string; cancelled: boolean; past: boolean }

/**
 * 会议: every meeting that expects me, of the coming weeks and the past month — my branch's, and a college's or
 * the school's training I am among those it is for (书记培训, 积极分子培训班); ask for leave from here.
 */
Component({
  data: { items: [] as Row[], loaded: false },
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
      const now = Date.now();
      const page = await attempt(() => api.get('/me/events', { query: {
        from: new Date(now - 30 * 86400_000).toISOString(), to: new Date(now + 60 * 86400_000).toISOString(), limit: 50,
      } }));
      if (!page) {
        return;
      }
      this.setData({
        loaded: true,
        items: page.items.map((e) => ({
          id: e.id, title: e.title, type: EVENT_TYPES[e.type] ?? e.type, when: dateTime(e.startsAt),
          place: e.location ? '有签到地点' : '', cancelled: e.status === 'cancelled', past: Date.parse(e.endsAt) < now,
        })),
      });
    },
    open(e: WechatMiniprogram.BaseEvent) {
      go(`/pages/events/detail?id=${e.currentTarget.dataset.id as string}`);
    },
    leave(e: WechatMiniprogram.BaseEvent) {
      const { id, title } = e.currentTarget.dataset as { id: string; title: string };
      go(`/pages/events/leave?id=${id}&title=${encodeURIComponent(title)}`);
    },
  },
});
