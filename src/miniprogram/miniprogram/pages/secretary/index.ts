import { api } from '../../api/client';
import { session } from '../../api/session';
import { go, load } from '../../utils/page';
import { dateTime, EVENT_TYPES } from '../../utils/format';

interface Row { id: string; title: string; type: string; when: string; status: string }

/** 书记工作台 (phone): my branch's meetings, leave waiting for me, and the notices I send. */
Component({
  data: { orgId: '', meetings: [] as Row[], pendingLeaves: 0, allowed: true, failed: '' },
  methods: {
    retry() {
      return this.onShow();
    },
    async onShow() {
      const orgId = session.ledOrg();
      if (!orgId) {
        this.setData({ allowed: false });
        return;
      }
      const now = Date.now();
      const both = await load(this, () => Promise.all([
        api.get('/events', { query: {
          orgId, from: new Date(now - 7 * 86400_000).toISOString(), to: new Date(now + 60 * 86400_000).toISOString(), limit: 30,
        } }),
        api.get('/orgs/{id}/leaves', { path: { id: orgId }, query: { status: 'pending', limit: 100 } }),
      ]));
      if (!both) {
        return;
      }
      const [events, leaves] = both;
      this.setData({
        orgId,
        meetings: (events?.items ?? []).map((e) => ({
          id: e.id, title: e.title, type: EVENT_TYPES[e.type] ?? e.type, when: dateTime(e.startsAt),
          status: e.status === 'cancelled' ? '已取消' : e.status === 'pending_approval' ? '补录待审批' : '',
        })),
        pendingLeaves: leaves?.items.length ?? 0,
      });
    },
    open(e: WechatMiniprogram.BaseEvent) {
      go(e.currentTarget.dataset.url as string);
    },
    /** Scan-to-login on the PC: the scan tab reads the console's code and opens the confirmation page. */
    scan() {
      wx.switchTab({ url: '/pages/scan/scan' });
    },
    code(e: WechatMiniprogram.BaseEvent) {
      go(`/pages/secretary/code?id=${e.currentTarget.dataset.id}`);
    },
  },
});
