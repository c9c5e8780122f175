import { api } from '../../api/client';
import { describe } from '../../api/problems';
import { parseScan } from '../../api/scan';
import { dateTime } from '../../utils/format';

/**
 * 电脑端登录确认: the page the console's mini-program code opens (scene `t=<ticket>`). Shows where the browser
 * is before the person confirms, so a code photographed by someone else cannot log them in unnoticed.
 */
Component({
  data: { ticket: '', state: 'loading', ip: '', userAgent: '', createdAt: '', message: '' },
  methods: {
    async onLoad(query: Record<string, string>) {
      const scanned = parseScan(query.scene || '');
      if (scanned.kind !== 'web-login') {
        this.setData({ state: 'failed', message: '二维码无效，请在电脑上刷新后重新扫码' });
        return;
      }
      this.setData({ ticket: scanned.ticket });
      try {
        const details = await api.get('/auth/web-tickets/{ticket}/details', { path: { ticket: scanned.ticket } });
        this.setData({
          state: details.status === 'pending' ? 'ask' : 'failed',
          ip: details.ip, userAgent: details.userAgent, createdAt: dateTime(details.createdAt),
          message: details.status === 'pending' ? '' : '该二维码已使用',
        });
      } catch (e) {
        this.setData({ state: 'failed', message: describe(e) });
      }
    },
    async confirm() {
      try {
        await api.post('/auth/web-tickets/{ticket}/confirm', { path: { ticket: this.data.ticket } });
        this.setData({ state: 'confirmed' });
      } catch (e) {
        this.setData({ state: 'failed', message: describe(e) });
      }
    },
    cancel() {
      wx.navigateBack({ delta: 1 });
    },
  },
});
