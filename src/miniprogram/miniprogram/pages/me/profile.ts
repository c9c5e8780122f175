import { STAGE } from '../../utils/format';
import { api } from '../../api/client';
import { describe } from '../../api/problems';

const EDUCATION: Record<string, string> = { primary: '小学', junior: '初中', senior: '高中', vocational: '中专', associate: '大专',
  bachelor: '本科', master: '硕士研究生', doctorate: '博士研究生' };

/**
 * 我的党员信息: what the branch keeps about me (GET /me/profile), to read. Nobody corrects their own record: a
 * mistake is for the branch secretary to correct, so the page says whom to ask.
 */
Component({
  data: { loaded: false, failed: '', rows: [] as { label: string; value: string }[] },
  methods: {
    onShow() {
      return this.load();
    },
    async load() {
      try {
        const p = await api.get('/me/profile');
        const rows = [
          { label: '姓名', value: p.name ?? '' }, { label: '政治面貌', value: STAGE[p.stage ?? ''] ?? '' },
          { label: '性别', value: p.gender === 'male' ? '男' : p.gender === 'female' ? '女' : '' },
          { label: '出生日期', value: p.birthDate ?? '' }, { label: '民族', value: p.ethnicity ?? '' },
          { label: '学历', value: EDUCATION[p.education ?? ''] ?? '' }, { label: '入党时间', value: p.joinedAt ?? '' },
          { label: '转正时间', value: p.fullMemberAt ?? '' },
        ].map((r) => ({ label: r.label, value: r.value || '未填写' }));
        this.setData({ loaded: true, failed: '', rows });
      } catch (e) {
        this.setData({ loaded: true, failed: describe(e) });
      }
    },
  },
});
