import { api } from '../../api/client';
import { session } from '../../api/session';
import { attempt, go } from '../../utils/page';
import { dateTime, EVENT_TYPES } from '../../utils/format';

interface Row { id: string; title: string; type: string; when: string; place: string; cancelled: boolean; past: boolean }

/** 会议: my branch's meetings of the coming weeks and the past month; ask for leave from here. */
Component({
  data: { items: [] as Row[], loaded: false, orgId: '' },
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
      const grant = session.roles().find((r) => r.role === 'member') ?? session.roles()[0];
      if (!grant) {
        this.setData({ loaded: true });
        return;
      }
      const now = Date.now();
      const page = await attempt(() => api.get('/events', { query: {
        orgId: grant.orgId, from: new Date(now - 30 * 86400_000).toISOString(),
        to: new Date(now + 60 * 86400_000).toISOString(), limit: 50,
      } }));
      if (!page) {
        return;
      }
      this.setData({
        orgId: grant.orgId,
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
