import { api } from '../../api/client';
import { attempt, go } from '../../utils/page';
import { dateTime } from '../../utils/format';

interface Row { id: string; title: string; mustRead: boolean; read: boolean; when: string; author: string }

/** 通知: the feed, newest first, unread marked; paged by the server's cursor. */
Component({
  data: { items: [] as Row[], unread: 0, cursor: null as string | null, loaded: false },
  methods: {
    /** Pull to refresh: the list again from its first page, as on first showing. */
    async onPullDownRefresh() {
      try {
        await this.onShow();
      } finally {
        wx.stopPullDownRefresh();
      }
    },
    onShow() {
      this.setData({ items: [], cursor: null });
      this.more();
    },
    onReachBottom() {
      if (this.data.cursor) {
        this.more();
      }
    },
    async more() {
      const page = await attempt(() => api.get('/notices', { query: { limit: 20, cursor: this.data.cursor ?? undefined } }));
      if (!page) {
        return;
      }
      const rows = page.items.map((n) => ({
        id: n.id ?? '', title: n.title ?? '', mustRead: !!n.mustRead, read: !!n.read, when: dateTime(n.createdAt),
        author: n.author ?? '',
      }));
      this.setData({ items: [...this.data.items, ...rows], unread: page.unread ?? 0, cursor: page.nextCursor, loaded: true });
    },
    open(e: WechatMiniprogram.BaseEvent) {
      go(`/pages/notices/detail?id=${e.currentTarget.dataset.id}`);
    },
  },
});
