import { api } from '../../api/client';
import { ApiError, describe } from '../../api/problems';
import { load } from '../../utils/page';

const yuan = (fen?: number | null): string => (fen === null || fen === undefined ? '—' : `${(fen / 100).toFixed(2)} 元`);
const ORDER_KEY = 'zhibu.dues-order';

/** An order placed and not yet known paid: paid again with the same signed parameters (within its two hours). */
interface Kept {
  orderId: string;
  months: string[];
  at: number;
  payment: { timeStamp: string; nonceStr: string; package: string; signType: string; paySign: string };
}

/** WeChat's cashier: resolves when the person paid; rejects with WeChat's errMsg (a cancel says "cancel"). */
function cashier(payment: Kept['payment']): Promise<void> {
  return new Promise((resolve, reject) => {
    wx.requestPayment({
      timeStamp: payment.timeStamp, nonceStr: payment.nonceStr, package: payment.package,
      signType: payment.signType as 'RSA', paySign: payment.paySign,
      success: () => resolve(),
      fail: (e: { errMsg: string }) => reject(new Error(e.errMsg)),
    });
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * 我的党费: this year's monthly amount, what has fallen due, the months paid and those still owed — and, where the
 * school has WeChat Pay, the months owed paid in WeChat: an order for exactly them, WeChat's cashier, then the
 * server asked until it has heard from WeChat Pay. A payment cancelled at the cashier keeps its order for the next
 * tap (the months are held by it until it is paid or closed).
 */
Component({
  data: {
    failed: '', year: 0, monthly: '', due: '', paid: [] as string[], arrears: [] as string[], unset: false, loaded: false,
    online: true, paying: false, message: '', owedFen: 0, owed: '',
  },
  methods: {
    retry() {
      return this.onShow();
    },
    async onShow() {
      const d = await load(this, () => api.get('/me/dues'));
      if (!d) {
        return;
      }
      const owedFen = (d.monthlyDueFen ?? 0) * d.arrearsMonths.length;
      this.setData({
        loaded: true, year: d.year, unset: d.monthlyDueFen === null, monthly: yuan(d.monthlyDueFen), due: yuan(d.dueFen),
        paid: d.paidMonths, arrears: d.arrearsMonths, owedFen, owed: yuan(owedFen),
      });
    },
    async payOnline() {
      const months = this.data.arrears;
      if (this.data.paying || months.length === 0) {
        return;
      }
      this.setData({ paying: true, message: '' });
      try {
        const kept = wx.getStorageSync(ORDER_KEY) as Kept | '';
        let order: Kept;
        if (kept && kept.months.join() === months.join() && Date.now() - kept.at < 110 * 60_000) {
          order = kept;
        } else {
          const placed = await api.post('/me/dues/orders', { body: { months } });
          order = { orderId: placed.orderId, months: placed.months, at: Date.now(), payment: placed.payment! };
          wx.setStorageSync(ORDER_KEY, order);
        }
        await cashier(order.payment);
        let status = 'pending';
        for (let i = 0; i < 5 && status === 'pending'; i++) {
          status = (await api.get('/me/dues/orders/{id}', { path: { id: order.orderId } })).status;
          if (status === 'pending') {
            await pause(1000);
          }
        }
        if (status !== 'pending') {
          wx.removeStorageSync(ORDER_KEY);
        }
        this.setData({ message: status === 'paid' ? `缴纳成功：${months.join('、')}`
          : status === 'refunded' ? '这些月份已在支部缴纳，本次款项将原路退回'
            : '支付结果确认中，请稍后下拉刷新' });
        await this.onShow();
      } catch (e) {
        const text = e instanceof Error ? e.message : '';
        if (text.includes('requestPayment:fail cancel')) {
          this.setData({ message: '已取消支付，可稍后再缴' });
        } else if (e instanceof ApiError && e.code === 'dues.online_payment_off') {
          this.setData({ online: false, message: '本校尚未开通微信缴纳党费，请向支部缴纳' });
        } else if (e instanceof ApiError && e.code === 'dues.month_in_order') {
          this.setData({ message: '上一笔缴费尚未完成，请稍后再试' });
        } else {
          this.setData({ message: text.startsWith('requestPayment:') ? '支付未完成，请稍后再试' : describe(e) });
        }
      } finally {
        this.setData({ paying: false });
      }
    },
  },
});
