import { api } from '../../api/client';
import { describe } from '../../api/problems';

/** 发布通知: to the branch (and any group under it), optionally must-read and pushed to phones. */
Component({
  data: { orgId: '', title: '', body: '', mustRead: false, push: true, error: '', busy: false },
  methods: {
    onLoad(query: Record<string, string>) {
      this.setData({ orgId: query.orgId });
    },
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ [e.currentTarget.dataset.field as string]: e.detail.value, error: '' });
    },
    onSwitch(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ [e.currentTarget.dataset.field as string]: e.detail.value });
    },
    async submit() {
      if (!this.data.title.trim() || !this.data.body.trim()) {
        this.setData({ error: '请填写标题和正文' });
        return;
      }
      this.setData({ busy: true });
      try {
        const notice = await api.post('/notices', { body: {
          title: this.data.title.trim(), body: this.data.body.trim(), targetOrgIds: [this.data.orgId],
          mustRead: this.data.mustRead, push: this.data.push,
        } });
        wx.redirectTo({ url: `/pages/secretary/receipts?id=${notice.id}` });
      } catch (e) {
        this.setData({ error: describe(e) });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
