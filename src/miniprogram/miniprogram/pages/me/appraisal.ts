import { api } from '../../api/client';
import { describe } from '../../api/problems';
import { attempt, confirm } from '../../utils/page';

type Grade = 'good' | 'fair' | 'poor';
const GRADES = [{ value: 'good', label: '好' }, { value: 'fair', label: '一般' }, { value: 'poor', label: '差' }];

interface Round { assessmentId: string; orgId: string; title: string; closesOn: string; report: string; rated: boolean;
  grade: string }

/**
 * 述职评议: the branch secretary's 书记抓党建述职报告 in the rounds now open, which I rate once — 好 / 一般 / 差 —
 * without my name on it (the server keeps who rated apart from what, and shows only counts after the round closes).
 * A report not yet submitted is said so, with nothing to rate. Coming back keeps the grade I was choosing.
 */
Component({
  data: { rounds: [] as Round[], grades: GRADES, none: false, message: '' },
  methods: {
    async onShow() {
      const mine = await attempt(() => api.get('/me/assessment-ratings'));
      if (!mine) {
        return;
      }
      const chosen = new Map(this.data.rounds.map((r) => [r.assessmentId + r.orgId, r.grade] as [string, string]));
      this.setData({
        none: mine.items.length === 0,
        rounds: mine.items.map((i) => ({ assessmentId: i.assessmentId, orgId: i.orgId,
          title: `${i.orgName} ${i.year} 年度书记述职`, closesOn: i.closesAt.slice(0, 10), report: i.report ?? '',
          rated: i.rated, grade: chosen.get(i.assessmentId + i.orgId) ?? '' })),
      });
    },
    choose(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ [`rounds[${Number(e.currentTarget.dataset.index)}].grade`]: e.detail.value });
    },
    async rate(e: WechatMiniprogram.TouchEvent) {
      const index = Number(e.currentTarget.dataset.index);
      const round = this.data.rounds[index];
      if (!round.grade) {
        this.setData({ message: '请先选择评议等次' });
        return;
      }
      if (!(await confirm('每人只能评议一次，提交后不能修改。确定提交？', '提交'))) {
        return;
      }
      try {
        await api.post('/assessments/{id}/ratings', { path: { id: round.assessmentId },
          body: { orgId: round.orgId, grade: round.grade as Grade } });
        this.setData({ [`rounds[${index}].rated`]: true, message: '评议已提交，感谢参与' });
      } catch (err) {
        this.setData({ message: describe(err) });
      }
    },
  },
});
