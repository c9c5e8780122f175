import { STAGE } from '../../utils/format';
import { api } from '../../api/client';
import { session } from '../../api/session';
import { attempt } from '../../utils/page';

interface Step { key: string; label: string; date: string; note: string }

/**
 * 我的发展历程: the steps recorded by the branch, the stage they put me at, what comes next and when, and who
 * cultivates (培养联系人) and introduces (入党介绍人) me.
 */
Component({
  data: { stage: '', steps: [] as Step[], next: '', loaded: false, contacts: '', introducers: '' },
  methods: {
    async onShow() {
      const id = session.get()?.user?.id;
      if (!id) {
        return;
      }
      const d = await attempt(() => api.get('/people/{id}/development', { path: { id } }));
      if (!d) {
        return;
      }
      const n = d.next;
      this.setData({
        loaded: true,
        stage: d.stage ? STAGE[d.stage] ?? d.stage : '',
        steps: d.milestones.map((m) => ({ key: m.key, label: m.label, date: m.date, note: m.note ?? '' })),
        contacts: d.contacts.map((c) => c.name ?? '').join('、'),
        introducers: d.introducers.map((c) => c.name ?? '').join('、'),
        next: !n ? '已完成全部发展程序' : `下一步：${n.label}`
          + (n.earliest ? `，${n.earliest} 起可进行` : '') + (n.dueBy ? `，应于 ${n.dueBy} 前完成` : '')
          + (n.overdue ? '（已逾期，请联系支部书记）' : ''),
      });
    },
  },
});
