import { api } from '../../api/client';
import { attempt } from '../../utils/page';
import { day } from '../../utils/format';

interface Row { id: string; title: string; org: string; resolution: string; when: string; rating: string }

/** 办结公示: what was asked and what was done, with no requester; public (党务公开). */
Component({
  data: { items: [] as Row[], cursor: null as string | null, loaded: false },
  methods: {
    /** Pull to refresh: the list again from its first page, as on first showing. */
    async onPullDownRefresh() {
      try {
        await this.onLoad();
      } finally {
        wx.stopPullDownRefresh();
      }
    },
    onLoad() {
      this.more();
    },
    onReachBottom() {
      if (this.data.cursor) {
        this.more();
      }
    },
    async more() {
      const page = await attempt(() => api.get('/requests/board', { query: { limit: 20, cursor: this.data.cursor ?? undefined } }));
      if (!page) {
        return;
      }
      const rows = page.items.map((r) => ({
        id: r.id ?? '', title: r.title ?? '', org: r.org ?? '', resolution: r.resolution ?? '', when: day(r.resolvedAt),
        rating: r.rating ? '★'.repeat(r.rating) : '',
      }));
      this.setData({ items: [...this.data.items, ...rows], cursor: page.nextCursor, loaded: true });
    },
  },
});
