import { api, logout } from '../../api/client';
import { session } from '../../api/session';
import { attempt, confirm, go, load } from '../../utils/page';

const ROLE: Record<string, string> = { member: '党员', committee: '支委', deputy_secretary: '副书记', secretary: '书记', admin: '管理员' };

/** 我的: who I am, my study and my data (个人信息保护法: see everything kept about me), and logging out. */
Component({
  data: {
    failed: '', name: '', bound: false, roles: [] as string[], study: '', dataSummary: '' },
  methods: {
    retry() {
      return this.onShow();
    },
    async onShow() {
      const me = await load(this, () => api.get('/me'));
      if (!me) {
        return;
      }
      this.setData({
        name: me.name || '未绑定', bound: me.bound, roles: me.roles.map((r) => ROLE[r.role] ?? r.role),
        study: `${me.study.creditedHours} / ${me.study.requiredHours} 学时`,
      });
    },
    open(e: WechatMiniprogram.BaseEvent) {
      go(e.currentTarget.dataset.url as string);
    },
    async myData() {
      const data = await attempt(() => api.get('/me/data'));
      if (data) {
        this.setData({
          dataSummary: `身份：${data.person.name ?? '未绑定'} ${data.person.number ?? ''}\n登录会话 ${data.sessions.length} 个，`
            + `签到 ${data.checkins.length} 次，请假 ${data.leaves.length} 次，积分记录 ${data.points.length} 条，`
            + `照片 ${data.photos.length} 张，操作记录 ${data.auditedActions.length} 条`,
        });
      }
    },
    async logout() {
      if (await confirm('退出后需重新授权登录', '退出')) {
        await attempt(() => logout());
        session.clear();
        wx.reLaunch({ url: '/pages/index/index' });
      }
    },
  },
});
