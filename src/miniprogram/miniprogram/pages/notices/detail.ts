import { api } from '../../api/client';
import { load, subscribe } from '../../utils/page';
import { dateTime } from '../../utils/format';
import { config } from '../../config';

/**
 * 通知详情: the notice, rendered from the server's sanitised HTML (rich-text), marked read on opening. The next
 * notice's push credit is asked for by a button: WeChat grants a subscribe request only inside a tap.
 */
Component({
  data: {
    failed: '', id: '', title: '', html: '', author: '', when: '', mustRead: false, read: false, canSubscribe: false,
    subscribed: false },
  methods: {
    retry() {
      return this.onLoad({ id: this.data.id });
    },
    async onLoad(query: Record<string, string>) {
      const id = query.id;
      const notice = await load(this, () => api.get('/notices/{id}', { path: { id } }));
      if (!notice) {
        return;
      }
      this.setData({
        id, title: notice.title, html: notice.html, author: notice.author ?? '', when: dateTime(notice.createdAt),
        mustRead: notice.mustRead, read: notice.read,
      });
      if (!notice.read) {
        await api.post('/notices/{id}/read', { path: { id } }).catch(() => undefined);
        this.setData({ read: true });
      }
      this.setData({ canSubscribe: Boolean(config().templates.noticePublished) });
    },
    /**
     * 转发: a notice shared into a chat opens this page for whoever taps it; the server still decides who may read
     * it (a colleague outside its targets sees 未找到), so sharing reveals nothing by itself.
     */
    onShareAppMessage() {
      return { title: this.data.title || '支部通知', path: `/pages/notices/detail?id=${this.data.id}` };
    },
    /** 提醒我新通知: the tap that may ask for a subscribe credit. */
    subscribeNotices() {
      subscribe('noticePublished').then(() => this.setData({ subscribed: true }));
    },
  },
});
