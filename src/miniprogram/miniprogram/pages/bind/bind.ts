import { api } from '../../api/client';
import { describe } from '../../api/problems';
import { session } from '../../api/session';
import { openPrivacyGuide, privacyAgreed } from '../../utils/privacy';

/** 绑定: a person's WeChat joins their roster entry with number, name and the one-time activation code. */
Component({
  data: { number: '', name: '', activationCode: '', errors: {} as Record<string, string>, message: '', busy: false },
  methods: {
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = e.currentTarget.dataset.field as 'number' | 'name' | 'activationCode';
      this.setData({ [field]: (e.detail.value || '').trim(), [`errors.${field}`]: '' });
    },
    privacyGuide() {
      openPrivacyGuide();
    },
    validate(): boolean {
      const errors: Record<string, string> = {};
      if (!this.data.number) errors.number = '请填写学号或工号';
      if (!this.data.name) errors.name = '请填写姓名';
      if (!/^[A-Za-z0-9]{4,16}$/.test(this.data.activationCode)) errors.activationCode = '激活码为 4–16 位字母或数字';
      this.setData({ errors });
      return Object.keys(errors).length === 0;
    },
    async submit() {
      if (this.data.busy || !this.validate()) {
        return;
      }
      if (!(await privacyAgreed())) {
        this.setData({ message: '绑定需要您同意《用户隐私保护指引》（姓名、学号/工号用于核对党员名册）' });
        return;
      }
      this.setData({ busy: true, message: '' });
      try {
        const user = await api.post('/auth/bind', {
          body: { number: this.data.number, name: this.data.name, activationCode: this.data.activationCode },
        });
        session.remember(user);
        wx.showToast({ title: '绑定成功', icon: 'success' });
        wx.reLaunch({ url: '/pages/index/index' });
      } catch (e) {
        this.setData({ message: describe(e) });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
