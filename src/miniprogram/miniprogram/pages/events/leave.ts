import { api } from '../../api/client';
import { describe } from '../../api/problems';
import { LEAVE_STATUS } from '../../utils/format';

/** 请假: a reason for the secretary, who approves or refuses it before the meeting. */
Component({
  data: { id: '', title: '', reason: '', error: '', status: '', busy: false },
  methods: {
    onLoad(query: Record<string, string>) {
      this.setData({ id: query.id, title: decodeURIComponent(query.title || '') });
    },
    onReason(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ reason: e.detail.value, error: '' });
    },
    async submit() {
      const reason = this.data.reason.trim();
      if (reason.length < 2) {
        this.setData({ error: '请写明请假事由' });
        return;
      }
      this.setData({ busy: true });
      try {
        const leave = await api.post('/events/{id}/leaves', { path: { id: this.data.id }, body: { reason } });
        this.setData({ status: LEAVE_STATUS[leave.status] ?? leave.status });
      } catch (e) {
        this.setData({ error: describe(e) });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
