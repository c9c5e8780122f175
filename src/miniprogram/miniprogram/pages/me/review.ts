import { api } from '../../api/client';
import { describe } from '../../api/problems';
import { session } from '../../api/session';
import { attempt, confirm } from '../../utils/page';
import { REVIEW_GRADES, ReviewGrade } from '../../utils/format';

const GRADES = REVIEW_GRADES;

type Grade = ReviewGrade;
interface Other { personId: string; name: string; grade: string }

/**
 * 民主评议: the round I am under review in; while it is open, my self-assessment and my one ballot grading the
 * others (never myself; the server keeps no link from my ballot to me). Coming back to the page (from a chat)
 * reloads the round but keeps what I was in the middle of: the grades chosen, an unsaved self-assessment.
 */
Component({
  data: {
    id: '', state: '', year: 0, closesAt: '', selfText: '', others: [] as Other[], voted: false, grades: GRADES,
    message: '', none: false, selfDirty: false, committee: '',
  },
  methods: {
    async onShow() {
      const mine = await attempt(() => api.get('/me/reviews'));
      const round = mine?.items.find((r) => r.state === 'open') ?? mine?.items[0];
      if (!round) {
        this.setData({ none: true });
        return;
      }
      const r = await attempt(() => api.get('/reviews/{id}', { path: { id: round.id } }));
      if (!r) {
        return;
      }
      const me = session.get()?.user?.id;
      const sameRound = this.data.id === r.id;
      const chosen = new Map(sameRound ? this.data.others.map((o) => [o.personId, o.grade] as [string, string]) : []);
      this.setData({
        id: r.id, state: r.state, year: r.year, closesAt: r.closesAt.slice(0, 10), voted: r.voted,
        selfText: sameRound && this.data.selfDirty ? this.data.selfText : r.mySelfAssessment ?? '',
        others: r.members.filter((m) => m.personId !== me)
          .map((m) => ({ personId: m.personId, name: m.name ?? '—', grade: chosen.get(m.personId) ?? '' })),
      });
    },
    onSelf(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ selfText: e.detail.value, selfDirty: true });
    },
    async saveSelf() {
      try {
        await api.post('/reviews/{id}/self', { path: { id: this.data.id }, body: { text: this.data.selfText.trim() } });
        this.setData({ message: '自评已保存', selfDirty: false });
      } catch (e) {
        this.setData({ message: describe(e) });
      }
    },
    /** 党员评议支部 (seed 003 §8): one grade of the branch committee on the same secret ballot, optional. */
    chooseCommittee(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ committee: e.detail.value });
    },
    choose(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ [`others[${Number(e.currentTarget.dataset.index)}].grade`]: e.detail.value });
    },
    async vote() {
      if (this.data.others.some((o) => !o.grade)) {
        this.setData({ message: '请为每位同志选择评议等次' });
        return;
      }
      if (!(await confirm('每人只能投一次，提交后不能修改。确定提交？', '提交'))) {
        return;
      }
      try {
        await api.post('/reviews/{id}/ballots', { path: { id: this.data.id }, body: {
          ratings: this.data.others.map((o) => ({ personId: o.personId, grade: o.grade as Grade })),
          ...(this.data.committee ? { committeeGrade: this.data.committee as Grade } : {}),
        } });
        this.setData({ voted: true, message: '评议票已提交' });
      } catch (e) {
        this.setData({ message: describe(e) });
      }
    },
  },
});
