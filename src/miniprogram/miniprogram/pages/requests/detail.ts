import { freshToken, api } from '../../api/client';
import { describe } from '../../api/problems';
import { confirm, load } from '../../utils/page';
import { dateTime, REQUEST_ACTION as ACTION, REQUEST_STATUS } from '../../utils/format';


interface Step { what: string; who: string; note: string; when: string }

/**
 * 事项详情: the request and every step of its timeline; the requester confirms with a rating or sends it back
 * (重新办理) once it is resolved. Photos are fetched with the token (wx.downloadFile) and shown from the phone.
 */
Component({
  data: {
    failed: '',
    id: '', title: '', content: '', category: '', status: '', statusKey: '', mine: false, canConfirm: false, rating: 0,
    steps: [] as Step[], photos: [] as string[], respondBy: '', resolveBy: '', overdue: false, note: '', message: '',
  },
  methods: {
    retry() {
      return this.load();
    },
    onLoad(query: Record<string, string>) {
      this.setData({ id: query.id });
      this.load();
    },
    async load() {
      const r = await load(this, () => api.get('/requests/{id}', { path: { id: this.data.id } }));
      if (!r) {
        return;
      }
      this.setData({
        title: r.title ?? '', content: r.content ?? '', category: r.category ?? '', statusKey: r.status,
        status: REQUEST_STATUS[r.status] ?? r.status, mine: !!r.mine, overdue: !!r.overdue,
        // what the server says the requester may do now: confirm with a rating, or send it back
        canConfirm: (r.allowedActions ?? []).includes('confirm'),
        respondBy: dateTime(r.respondBy), resolveBy: dateTime(r.resolveBy),
        steps: (r.timeline ?? []).map((s) => ({
          what: ACTION[s.action] ?? s.action, note: s.note ?? '', when: dateTime(s.at),
          who: s.by === 'requester' ? '提出人' : s.by === 'system' ? '系统' : (s.actorName ?? '办理人'),
        })),
      });
      this.showPhotos(r.photoUrls ?? []);
    },
    /** Photos come with a token refreshed if need be (wx.downloadFile does not pass through the API client). */
    async showPhotos(urls: string[]) {
      const token = await freshToken().catch(() => '');
      urls.forEach((url) => wx.downloadFile({
        url, header: { Authorization: `Bearer ${token}` },
        success: (res) => {
          if (res.statusCode === 200) {
            this.setData({ photos: [...this.data.photos, res.tempFilePath] });
          }
        },
      }));
    },
    rate(e: WechatMiniprogram.CustomEvent<{ value: number }>) {
      this.setData({ rating: e.detail.value });
    },
    onNote(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ note: e.detail.value });
    },
    async confirmDone() {
      if (!this.data.rating) {
        this.setData({ message: '请先打分（1–5 星）' });
        return;
      }
      await this.act({ action: 'confirm', rating: this.data.rating, note: this.data.note || undefined });
    },
    async reopen() {
      if (!this.data.note.trim()) {
        this.setData({ message: '请说明还有什么没解决' });
        return;
      }
      if (await confirm('确定退回重新办理？')) {
        await this.act({ action: 'reopen', note: this.data.note.trim() });
      }
    },
    async act(body: { action: 'confirm' | 'reopen'; rating?: number; note?: string }) {
      try {
        await api.post('/requests/{id}/transitions', { path: { id: this.data.id }, body });
        this.setData({ message: '', note: '', photos: [] });
        await this.load();
      } catch (e) {
        this.setData({ message: describe(e) });
      }
    },
  },
});
