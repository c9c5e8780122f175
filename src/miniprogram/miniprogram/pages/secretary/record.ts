import { api, uploadFile } from '../../api/client';
import { describe } from '../../api/problems';
import { load } from '../../utils/page';
import { privacyAgreed } from '../../utils/privacy';

/**
 * 会议记录 (secretary's phone, after the meeting): the lecturer, agenda and minutes, and the meeting's photos taken
 * on the phone — sent one by one with wx.uploadFile, kept by the server without their GPS and device data — for
 * the 台账 the inspectors read.
 */
Component({
  data: { id: '', failed: '', title: '', lecturer: '', agenda: '', minutes: '', files: 0, message: '', busy: false },
  methods: {
    onLoad(query: Record<string, string>) {
      this.setData({ id: query.id });
      return this.retry();
    },
    async retry() {
      const [event, files] = await Promise.all([
        load(this, () => api.get('/events/{id}', { path: { id: this.data.id } })),
        load(this, () => api.get('/events/{id}/attachments', { path: { id: this.data.id } })),
      ]);
      if (event && files) {
        this.setData({ title: event.title, lecturer: event.lecturer ?? '', agenda: event.agenda ?? '',
          minutes: event.minutes ?? '', files: files.items.length });
      }
    },
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ [e.currentTarget.dataset.field as string]: e.detail.value });
    },
    async save() {
      if (this.data.busy) return;
      this.setData({ busy: true, message: '' });
      try {
        await api.patch('/events/{id}', { path: { id: this.data.id }, body: {
          lecturer: this.data.lecturer.trim(), agenda: this.data.agenda.trim(), minutes: this.data.minutes.trim() } });
        this.setData({ message: '记录已保存' });
      } catch (e) {
        this.setData({ message: describe(e) });
      } finally {
        this.setData({ busy: false });
      }
    },
    /** 拍照/选图: each photo goes up as the phone sends files; one refused says why and the rest still go. */
    async addPhotos() {
      if (!(await privacyAgreed())) {
        this.setData({ message: '上传照片需要您同意《用户隐私保护指引》' });
        return;
      }
      const paths = await new Promise<string[]>((resolve) => wx.chooseMedia({
        count: 9, mediaType: ['image'], sizeType: ['compressed'], sourceType: ['camera', 'album'],
        success: (r) => resolve(r.tempFiles.map((f) => f.tempFilePath)), fail: () => resolve([]),
      }));
      let sent = 0;
      let refused = '';
      for (const [i, path] of paths.entries()) {
        try {
          await uploadFile(`/events/${this.data.id}/attachments`, path, { name: `会议照片${this.data.files + i + 1}.jpg` });
          sent += 1;
        } catch (e) {
          refused = describe(e);
        }
      }
      this.setData({ files: this.data.files + sent,
        message: refused ? `已上传 ${sent} 张；${refused}` : `已上传 ${sent} 张照片` });
    },
  },
});
