import { api } from '../../api/client';
import { checkIn } from '../../api/offline';
import { ApiError, describe } from '../../api/problems';
import { parseScan, Scanned } from '../../api/scan';
import { attempt } from '../../utils/page';
import { privacyAgreed } from '../../utils/privacy';

interface Place {
  lat?: number;
  lng?: number;
  /** The person (or WeChat's settings) refused the location. */
  denied?: boolean;
}

/** The place of the phone, when the person allows it; a meeting with a place refuses a check-in without one. */
async function locate(): Promise<Place> {
  if (!(await privacyAgreed())) {
    return { denied: true };
  }
  return new Promise((resolve) => wx.getLocation({
    type: 'wgs84',
    success: (r) => resolve({ lat: r.latitude, lng: r.longitude }),
    fail: (e) => resolve({ denied: /auth|deny|permission/i.test(e.errMsg || '') }),
  }));
}

/**
 * 扫码: the member's side of a check-in (meeting or volunteer activity) and of the console's scan-to-login.
 * Opened by the tab (then the camera), by a scanned link (`q`) or by a mini-program code (`scene`).
 */
Component({
  data: { state: 'idle', message: '', activityId: '', code: '', eventId: '' },
  methods: {
    onLoad(query: Record<string, string>) {
      const text = query.q || query.scene;
      if (text) {
        this.handle(parseScan(text));
      }
    },
    scan() {
      wx.scanCode({
        onlyFromCamera: true,
        scanType: ['qrCode', 'wxCode'],
        success: (r) => this.handle(parseScan(r.path ? (r.path.split('scene=')[1] || r.result) : r.result)),
        fail: () => undefined,
      });
    },
    async handle(scanned: Scanned) {
      if (scanned.kind === 'web-login') {
        wx.navigateTo({ url: `/pages/login/scan?scene=${encodeURIComponent(`t=${scanned.ticket}`)}` });
      } else if (scanned.kind === 'checkin') {
        await this.checkIn(scanned.eventId, scanned.code);
      } else if (scanned.kind === 'poster') {
        this.setData({ state: 'poster', message: '请扫描书记手机上的动态签到码完成签到' });
      } else if (scanned.kind === 'volunteer') {
        this.setData({ state: 'volunteer', activityId: scanned.activityId, code: scanned.code, message: '' });
      } else {
        this.setData({ state: 'refused', message: '这不是支部的签到码' });
      }
    },
    async checkIn(eventId: string, code: string) {
      this.setData({ state: 'busy', message: '', eventId, code });
      const { denied, ...place } = await locate();
      try {
        const outcome = await checkIn({ eventId, code, ...place });
        if (outcome.status === 'queued') {
          const at = new Date(outcome.scan.scannedAt);
          const hhmm = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
          this.setData({ state: 'queued', message: `网络不佳，已记下扫码时间 ${hhmm}。恢复网络后会自动上传；`
            + '须在扫码后 2 小时内上传成功，超时请联系书记补签' });
        } else {
          wx.vibrateShort({ type: 'medium' });
          this.setData({ state: 'done', message: outcome.checkin.offline ? '离线签到已上传' : '签到成功' });
        }
      } catch (e) {
        if (denied && e instanceof ApiError && e.code === 'checkin.out_of_area') {
          // The meeting checks where you are and the location is off: the way back is WeChat's settings page.
          this.setData({ state: 'location', message: '这次会议需要核验签到地点，请允许“支部”使用你的位置信息' });
          return;
        }
        this.setData({ state: 'refused', message: describe(e) });
      }
    },
    /** 去设置: WeChat's settings for this mini-program; allowed there, the same scan is tried again. */
    openSettings() {
      wx.openSetting({
        success: (r) => {
          if (r.authSetting['scope.userLocation']) {
            this.checkIn(this.data.eventId, this.data.code);
          } else {
            this.setData({ message: '仍未允许使用位置信息，无法在此会议签到；可请书记补签' });
          }
        },
      });
    },
    async volunteer(e: WechatMiniprogram.BaseEvent) {
      const direction = e.currentTarget.dataset.direction as 'checkin' | 'checkout';
      const place = await locate();
      const id = this.data.activityId;
      const body = { code: this.data.code, ...place };
      const done = await attempt(() => (direction === 'checkin'
        ? api.post('/volunteer/activities/{id}/checkin', { path: { id }, body })
        : api.post('/volunteer/activities/{id}/checkout', { path: { id }, body })));
      if (done) {
        this.setData({
          state: 'done',
          message: direction === 'checkin' ? '志愿服务签到成功' : `已签退，本次 ${done.hours ?? 0} 小时`,
        });
      }
    },
  },
});
