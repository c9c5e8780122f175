import { api } from '../../api/client';
import { attempt, go } from '../../utils/page';
import { dateTime, REQUEST_STATUS } from '../../utils/format';

interface Row { id: string; title: string; status: string; when: string; overdue: boolean }

/** 我的办实事: what I filed, newest first, with where each stands. */
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
      const page = await attempt(() => api.get('/requests', { query: { view: 'mine' } }));
      if (page) {
        this.setData({
          loaded: true,
          items: page.items.map((r) => ({
            id: r.id, title: r.title, status: REQUEST_STATUS[r.status] ?? r.status, when: dateTime(r.createdAt), overdue: r.overdue,
          })),
        });
      }
    },
    open(e: WechatMiniprogram.BaseEvent) {
      go(`/pages/requests/detail?id=${e.currentTarget.dataset.id}`);
    },
    file() {
      go('/pages/requests/new');
    },
    board() {
      go('/pages/requests/board');
    },
  },
});
