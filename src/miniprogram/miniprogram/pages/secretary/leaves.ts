import { api } from '../../api/client';
import { describe } from '../../api/problems';
import { confirm } from '../../utils/page';
import { dateTime } from '../../utils/format';

interface Row { id: string; name: string; meeting: string; when: string; reason: string }

/** 请假审批: pending leave of the branch's meetings; approve or refuse, one tap and a confirmation. */
Component({
  data: { orgId: '', items: [] as Row[], loaded: false, message: '' },
  methods: {
    /** Pull to refresh: the list again from its first page, as on first showing. */
    async onPullDownRefresh() {
      try {
        await this.load();
      } finally {
        wx.stopPullDownRefresh();
      }
    },
    onLoad(query: Record<string, string>) {
      this.setData({ orgId: query.orgId });
      this.load();
    },
    async load() {
      try {
        const list = await api.get('/orgs/{id}/leaves', { path: { id: this.data.orgId }, query: { status: 'pending', limit: 100 } });
        this.setData({
          loaded: true,
          items: list.items.map((l) => ({
            id: l.id, name: l.name ?? '—', meeting: l.eventTitle ?? '', when: dateTime(l.startsAt), reason: l.reason,
          })),
        });
      } catch (e) {
        this.setData({ message: describe(e), loaded: true });
      }
    },
    async decide(e: WechatMiniprogram.BaseEvent) {
      const { id, approve, name } = e.currentTarget.dataset as { id: string; approve: boolean; name: string };
      if (!(await confirm(`${approve ? '批准' : '不批准'} ${name} 的请假？`))) {
        return;
      }
      try {
        await api.post('/leaves/{id}/decision', { path: { id }, body: { approve } });
        this.setData({ message: '' });
      } catch (err) {
        // decided elsewhere meanwhile, or not mine to decide: say so, and show the list as it is now
        this.setData({ message: describe(err) });
      }
      await this.load();
    },
  },
});
