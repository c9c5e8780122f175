import { api } from '../../api/client';
import { session } from '../../api/session';
import { attempt, load } from '../../utils/page';
import { dateTime } from '../../utils/format';

const CATEGORY: Record<string, string> = {
  attendance: '参加会议', study: '学习', volunteer: '志愿服务', notice_read: '阅读通知', request_resolved: '办实事', manual: '表彰',
};

interface Entry { rank: number; name: string; score: number; me: boolean }
interface Item { id: number; what: string; points: number; when: string }

/** 积分: my ledger this year and the branch board (week, month, year). */
Component({
  data: {
    failed: '', total: 0, items: [] as Item[], period: 'month', entries: [] as Entry[], myRank: '', loaded: false },
  methods: {
    retry() {
      return this.onShow();
    },
    /** Pull to refresh: the list again from its first page, as on first showing. */
    async onPullDownRefresh() {
      try {
        await this.onShow();
      } finally {
        wx.stopPullDownRefresh();
      }
    },
    async onShow() {
      const mine = await load(this, () => api.get('/me/points', { query: { limit: 50 } }));
      if (mine) {
        this.setData({
          total: mine.totalThisYear ?? 0,
          items: mine.items.map((i) => ({
            id: i.id ?? 0, what: i.reason || CATEGORY[i.category ?? ''] || '积分', points: i.points ?? 0, when: dateTime(i.awardedAt),
          })),
        });
      }
      await this.board();
    },
    async setPeriod(e: WechatMiniprogram.BaseEvent) {
      this.setData({ period: e.currentTarget.dataset.period as string });
      await this.board();
    },
    async board() {
      const grant = session.roles().find((r) => r.role === 'member');
      if (!grant) {
        this.setData({ loaded: true });
        return;
      }
      const me = session.get()?.user?.id;
      const board = await attempt(() => api.get('/leaderboards', {
        query: { orgId: grant.orgId, period: this.data.period as 'month', limit: 20 },
      }));
      if (board) {
        this.setData({
          loaded: true,
          entries: board.entries.map((e) => ({
            rank: e.rank ?? 0, name: e.name ?? '—', score: e.score ?? 0, me: !!me && e.personId === me,
          })),
          myRank: board.me.rank ? `第 ${board.me.rank} 名` : '暂无排名',
        });
      }
    },
  },
});
