import { api } from '../../api/client';
import { load } from '../../utils/page';

const yuan = (fen?: number | null): string => (fen === null || fen === undefined ? '—' : `${(fen / 100).toFixed(2)} 元`);

/** 我的党费: this year's monthly amount, what has fallen due, the months paid and those still owed. */
Component({
  data: {
    failed: '', year: 0, monthly: '', due: '', paid: [] as string[], arrears: [] as string[], unset: false, loaded: false },
  methods: {
    retry() {
      return this.onShow();
    },
    async onShow() {
      const d = await load(this, () => api.get('/me/dues'));
      if (!d) {
        return;
      }
      this.setData({
        loaded: true, year: d.year, unset: d.monthlyDueFen === null, monthly: yuan(d.monthlyDueFen), due: yuan(d.dueFen),
        paid: d.paidMonths, arrears: d.arrearsMonths,
      });
    },
  },
});
