import { api } from '../../api/client';
import { attempt, subscribe } from '../../utils/page';
import { dateTime } from '../../utils/format';

/**
 * 通知详情: the notice, rendered from the server's sanitised HTML (rich-text), marked read on opening; then the
 * one moment to ask for the next notice's push credit.
 */
Component({
  data: { id: '', title: '', html: '', author: '', when: '', mustRead: false, read: false },
  methods: {
    async onLoad(query: Record<string, string>) {
      const id = query.id;
      const notice = await attempt(() => api.get('/notices/{id}', { path: { id } }));
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
        await subscribe('noticePublished');
      }
    },
  },
});
