import { api } from '../../api/client';
import { HONOUR_KIND as KIND } from '../../utils/format';
import { attempt } from '../../utils/page';

interface Line { kind: string; nominee: string; unit: string; reason: string; until: string; by: string }

/**
 * 公示: the shortlists of 评选表彰 under 公示 now, from the rounds held by my branch and every org above it, and the
 * people my branch proposes to admit (发展党员公示); the server decides whom each reaches. With the last day, so
 * anyone with an objection knows until when to raise it.
 */
Component({
  data: { lines: [] as Line[], none: false },
  methods: {
    async onShow() {
      const me = await attempt(() => api.get('/me'));
      const home = me?.roles.find((r) => r.role === 'member')?.orgId ?? me?.roles[0]?.orgId;
      if (!home) {
        this.setData({ none: true });
        return;
      }
      const notices = await attempt(() => api.get('/orgs/{id}/public-notices', { path: { id: home } }));
      if (!notices) {
        return;
      }
      this.setData({
        none: notices.items.length === 0,
        lines: notices.items.map((n) => (n.source === 'development'
          // 发展党员公示: a person the branch proposes to admit, shown for its working days before the 支部大会 votes
          ? { kind: '发展党员公示', nominee: n.nominee ?? '', unit: n.unit ?? '', reason: n.reason, until: n.until,
            by: `${n.from ?? ''} 起公示` }
          : { kind: KIND[n.kind] ?? n.kind, nominee: n.nominee ?? '', unit: n.unit ?? '', reason: n.reason,
            until: n.until, by: `${n.org} ${n.year} 年度评选表彰` })),
      });
    },
  },
});
