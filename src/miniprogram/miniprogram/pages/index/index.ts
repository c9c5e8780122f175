import { api, loginAgain } from '../../api/client';
import { ApiError, describe } from '../../api/problems';
import { queued, takeRefusals } from '../../api/offline';
import { session } from '../../api/session';
import { attempt, go } from '../../utils/page';
import { hours } from '../../utils/format';

/** 首页: who I am, what is waiting for me, and the way to everything else. */
Component({
  data: {
    loaded: false,
    bound: false,
    name: '',
    unreadNotices: 0,
    points: 0,
    studyText: '',
    studyPercent: 0,
    volunteerText: '',
    pendingScans: 0,
    leads: false,
    loggedOut: false,
    failed: '',
  },
  methods: {
    onShow() {
      this.load();
    },
    async load() {
      let me;
      try {
        me = await api.get('/me');
      } catch (e) {
        if (e instanceof ApiError && e.code === 'auth.logged_out') {
          this.setData({ loaded: true, loggedOut: true, bound: false });
        } else {
          this.setData({ loaded: true, failed: describe(e) });
        }
        return;
      }
      session.remember({ id: me.id, name: me.name, bound: me.bound, roles: me.roles });
      const refusals = takeRefusals();
      if (refusals.length) {
        wx.showModal({ title: '离线签到未成功', content: refusals.map((r) => r.message).join('\n'), showCancel: false });
      }
      this.setData({
        loaded: true,
        loggedOut: false,
        failed: '',
        bound: me.bound,
        name: me.name || '',
        unreadNotices: me.unreadNotices,
        points: me.pointsThisYear,
        studyText: `${hours(me.study.creditedHours)} / ${me.study.requiredHours} 小时`,
        studyPercent: Math.min(100, Math.round((me.study.creditedHours / Math.max(1, me.study.requiredHours)) * 100)),
        volunteerText: hours(me.volunteerHoursThisYear),
        pendingScans: queued().length,
        leads: !!session.ledOrg(),
      });
    },
    open(e: WechatMiniprogram.BaseEvent) {
      go(e.currentTarget.dataset.url as string);
    },
    scan() {
      wx.switchTab({ url: '/pages/scan/scan' });
    },
    async signIn() {
      if (await attempt(() => loginAgain(), '登录中')) {
        this.load();
      }
    },
  },
});
