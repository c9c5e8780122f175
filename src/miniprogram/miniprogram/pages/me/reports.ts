import { api } from '../../api/client';
import { describe } from '../../api/problems';
import { attempt, confirm } from '../../utils/page';

interface Mine { id: string; period: string; submittedOn: string; status: string; comment: string }
interface Waiting { id: string; name: string; period: string; text: string; comment: string }
interface Talk { id: string; date: string; talker: string; topic: string }

/** The quarter before the one given ("2026-Q1" → "2025-Q4"). */
function previousQuarter(period: string): string {
  const [year, q] = [Number(period.slice(0, 4)), Number(period.slice(6))];
  return q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`;
}

/**
 * 思想汇报与谈心谈话: the reports I hand in each quarter (while in development or on probation) with who read them,
 * the reports waiting for me as someone's 培养联系人, and the talks I was in. A half-written report survives a trip
 * to another chat (onShow reloads the lists, not the draft).
 */
Component({
  data: {
    required: false, periods: [] as string[], period: '', text: '', mine: [] as Mine[], waiting: [] as Waiting[],
    talks: [] as Talk[], message: '', loaded: false, sending: false,
  },
  methods: {
    async onShow() {
      const [reports, talks] = await Promise.all([
        attempt(() => api.get('/me/thought-reports')),
        attempt(() => api.get('/me/talks')),
      ]);
      if (!reports || !talks) {
        return;
      }
      const periods = [reports.currentPeriod, previousQuarter(reports.currentPeriod)];
      this.setData({
        loaded: true,
        required: reports.required,
        periods,
        period: this.data.period || periods[0],
        mine: reports.items.map((r) => ({ id: r.id, period: r.period, submittedOn: r.submittedAt.slice(0, 10),
          status: r.ackedBy ? `${r.ackedBy.name ?? ''} 已阅` : '待阅', comment: r.comment ?? '' })),
        waiting: reports.toAcknowledge.map((r) => ({ id: r.id, name: r.name ?? '', period: r.period, text: r.text,
          comment: '' })),
        talks: talks.items.map((t) => ({ id: t.id, date: t.talkedAt, talker: t.talkerName ?? '', topic: t.topic })),
      });
    },
    choosePeriod(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ period: e.detail.value });
    },
    onText(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ text: e.detail.value });
    },
    async submit() {
      const text = this.data.text.trim();
      if (!text) {
        this.setData({ message: '请先写好思想汇报' });
        return;
      }
      if (this.data.sending || !(await confirm(`提交 ${this.data.period} 的思想汇报？提交后不能修改。`, '提交'))) {
        return;
      }
      this.setData({ sending: true });
      try {
        await api.post('/me/thought-reports', { body: { text, period: this.data.period } });
        this.setData({ text: '', message: '思想汇报已提交，支部书记或培养联系人阅后会在这里显示' });
        await this.onShow();
      } catch (e) {
        this.setData({ message: describe(e) });
      } finally {
        this.setData({ sending: false });
      }
    },
    onComment(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ [`waiting[${Number(e.currentTarget.dataset.index)}].comment`]: e.detail.value });
    },
    async acknowledge(e: WechatMiniprogram.CustomEvent) {
      const index = Number(e.currentTarget.dataset.index);
      const report = this.data.waiting[index];
      try {
        await api.post('/thought-reports/{id}/ack', { path: { id: report.id },
          body: report.comment.trim() ? { comment: report.comment.trim() } : {} });
        this.setData({ waiting: this.data.waiting.filter((_, i) => i !== index), message: `已阅知${report.name}的思想汇报` });
      } catch (err) {
        this.setData({ message: describe(err) });
      }
    },
  },
});
