import { api } from '../../api/client';
import { dateTime } from '../../utils/format';
import { go, load } from '../../utils/page';

interface Row { id: string; title: string; when: string; read: string; mustRead: boolean }

/** 已发通知 (secretary's phone): what I published, newest first, with how many have read each; opens the receipts. */
Component({
  data: { failed: '', items: [] as Row[], cursor: null as string | null, loaded: false },
  methods: {
    retry() {
      return this.onShow();
    },
    onShow() {
      this.setData({ items: [], cursor: null });
      return this.more();
    },
    async onPullDownRefresh() {
      try {
        await this.onShow();
      } finally {
        wx.stopPullDownRefresh();
      }
    },
    onReachBottom() {
      if (this.data.cursor) {
        this.more();
      }
    },
    async more() {
      const page = await load(this, () => api.get('/notices/sent', { query: { limit: 20, cursor: this.data.cursor ?? undefined } }));
      if (!page) {
        return;
      }
      const rows = page.items.map((n) => ({ id: n.id, title: n.title, when: dateTime(n.createdAt), mustRead: n.mustRead,
        read: `${n.read} / ${n.targeted} 已读` }));
      this.setData({ items: [...this.data.items, ...rows], cursor: page.nextCursor, loaded: true });
    },
    open(e: WechatMiniprogram.BaseEvent) {
      go(`/pages/secretary/receipts?id=${e.currentTarget.dataset.id as string}`);
    },
  },
});
