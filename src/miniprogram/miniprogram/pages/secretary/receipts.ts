import { api } from '../../api/client';
import { describe } from '../../api/problems';
import { load } from '../../utils/page';

const DELIVERY: Record<string, string> = {
  pending: '推送中', sent: '已推送', no_credit: '未订阅', undeliverable: '无法推送', failed: '推送失败',
};

interface Row { personId: string; name: string; delivery: string }

/** 阅读情况: how many read it, who has not (with push state), and a reminder to them only. */
Component({
  data: { id: '', targeted: 0, read: 0, unread: [] as Row[], message: '' },
  methods: {
    retry() {
      return this.load();
    },
    onLoad(query: Record<string, string>) {
      this.setData({ id: query.id });
      this.load();
    },
    async load() {
      const r = await load(this, () => api.get('/notices/{id}/receipts', { path: { id: this.data.id }, query: { limit: 100 } }));
      if (r) {
        this.setData({
          targeted: r.targeted, read: r.read,
          unread: r.unread.map((u) => ({
            personId: u.personId ?? '', name: u.name ?? '—', delivery: DELIVERY[u.delivery ?? ''] ?? '',
          })),
        });
      }
    },
    async remind() {
      try {
        await api.post('/notices/{id}/remind', { path: { id: this.data.id } });
        this.setData({ message: '已提醒未读的同志' });
      } catch (e) {
        this.setData({ message: describe(e) });
      }
    },
  },
});
