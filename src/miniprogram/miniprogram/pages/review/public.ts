import { api } from '../../api/client';
import { describe } from '../../api/problems';
import { attempt, confirm } from '../../utils/page';
import { REVIEW_GRADES, ReviewGrade } from '../../utils/format';

const GRADES = REVIEW_GRADES;
type Grade = ReviewGrade;
interface Member { personId: string; name: string; grade: string }

/**
 * 群众评议党员 (seed 003 §8): someone outside the party, handed a one-time code by the branch (printed with this
 * page's path), rates each member under review once. The code is the only key: nothing of who rated is kept, and
 * a spent code is refused. A page opened without the round (typed code only) asks for the code again.
 */
Component({
  data: { review: '', code: '', title: '', closesOn: '', members: [] as Member[], grades: GRADES, message: '', done: false,
    sending: false },
  methods: {
    async onLoad(options: Record<string, string | undefined>) {
      this.setData({ review: options.review ?? '', code: (options.code ?? '').toUpperCase() });
      if (this.data.review && this.data.code) {
        await this.open();
      }
    },
    onCode(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ code: e.detail.value.trim().toUpperCase() });
    },
    async open() {
      if (!this.data.review || !this.data.code) {
        this.setData({ message: '请扫描评议单上的小程序码，或输入评议码' });
        return;
      }
      const round = await attempt(() => api.get('/reviews/{id}/public-ballot', { path: { id: this.data.review },
        query: { code: this.data.code } }));
      if (!round) {
        return;
      }
      this.setData({ title: `${round.org ?? ''} ${round.year} 年民主评议党员`, closesOn: round.closesAt.slice(0, 10),
        members: round.members.map((m) => ({ personId: m.personId, name: m.name ?? '—', grade: '' })), message: '' });
    },
    choose(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ [`members[${Number(e.currentTarget.dataset.index)}].grade`]: e.detail.value });
    },
    async submit() {
      if (this.data.members.some((m) => !m.grade)) {
        this.setData({ message: '请为每位党员选择评议等次' });
        return;
      }
      if (this.data.sending || !(await confirm('评议不记名，每个评议码只能提交一次。确定提交？', '提交'))) {
        return;
      }
      this.setData({ sending: true });
      try {
        await api.post('/reviews/{id}/public-ballots', { path: { id: this.data.review }, body: { code: this.data.code,
          ratings: this.data.members.map((m) => ({ personId: m.personId, grade: m.grade as Grade })) } });
        this.setData({ done: true, message: '' });
      } catch (e) {
        this.setData({ message: describe(e) });
      } finally {
        this.setData({ sending: false });
      }
    },
  },
});
