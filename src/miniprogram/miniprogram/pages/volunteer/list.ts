import { freshToken, api } from '../../api/client';
import { config } from '../../config';
import { attempt, go } from '../../utils/page';
import { dateTime, hours } from '../../utils/format';

interface Row { id: string; title: string; when: string; seats: string; mine: boolean; full: boolean }
interface Rec { id: string; title: string; hours: string; status: string }

const STATUS: Record<string, string> = {
  open: '进行中', pending: '待审核', pending_higher: '待上级审核', approved: '已认定', refused: '未认定',
};

/** 志愿服务: activities open to me (sign up), my hours this year, my records, my certificate. */
Component({
  data: { activities: [] as Row[], records: [] as Rec[], approved: '', pending: '', loaded: false },
  methods: {
    /** Pull to refresh: the list again from its first page, as on first showing. */
    async onPullDownRefresh() {
      try {
        await this.onShow();
      } finally {
        wx.stopPullDownRefresh();
      }
    },
    async onShow() {
      const [list, mine] = await Promise.all([
        attempt(() => api.get('/volunteer/activities')),
        attempt(() => api.get('/me/volunteer')),
      ]);
      this.setData({
        loaded: true,
        activities: (list?.items ?? []).map((a) => ({
          id: a.id, title: a.title, when: dateTime(a.startsAt), mine: !!a.mine,
          seats: a.capacity ? `${a.signedUp}/${a.capacity} 人` : `${a.signedUp} 人报名`,
          full: !!a.capacity && a.signedUp >= a.capacity,
        })),
        approved: mine ? hours(mine.approvedHours) : '',
        pending: mine ? hours(mine.pendingHours) : '',
        records: (mine?.records ?? []).map((r) => ({
          id: r.id, title: r.activity ?? r.description ?? '自主申报', hours: hours(r.hours),
          status: (STATUS[r.status] ?? r.status) + (r.reviewNote ? '：' + r.reviewNote : ''),
        })),
      });
    },
    async signUp(e: WechatMiniprogram.BaseEvent) {
      const id = e.currentTarget.dataset.id as string;
      if (await attempt(() => api.post('/volunteer/activities/{id}/signups', { path: { id } }))) {
        wx.showToast({ title: '报名成功', icon: 'success' });
        this.onShow();
      }
    },
    /** 转发 the list of activities (the server shows each person only the activities open to them). */
    onShareAppMessage() {
      return { title: '一起参加党员志愿服务', path: '/pages/volunteer/list' };
    },
    open(e: WechatMiniprogram.BaseEvent) {
      go(`/pages/volunteer/activity?id=${e.currentTarget.dataset.id as string}`);
    },
    report() {
      go('/pages/volunteer/report');
    },
    async certificate() {
      const token = await freshToken().catch(() => '');
      wx.downloadFile({
        url: `${config().apiBase}/me/volunteer/certificate.png`,
        header: { Authorization: `Bearer ${token}` },
        success: (r) => (r.statusCode === 200 ? wx.previewImage({ urls: [r.tempFilePath] })
          : wx.showToast({ title: '证明暂不可用', icon: 'none' })),
      });
    },
  },
});
