import { api } from '../../api/client';
import { describe } from '../../api/problems';
import { subscribe } from '../../utils/page';
import { choosePhotos, sendPhotos } from '../../utils/photos';

/**
 * 我为群众办实事: what needs doing, with photos, named or anonymous. The categories are the school's own, as the
 * server serves them (`GET /requests/categories`), never a copy kept here. The 提交 tap is the moment to ask for
 * the credit that lets the server tell the person when it moves.
 */
Component({
  data: {
    categories: [] as string[], categoriesFailed: '', category: '', title: '', content: '', anonymous: false, publicBoard: true,
    photos: [] as string[], errors: {} as Record<string, string>, message: '', busy: false,
  },
  methods: {
    onLoad() {
      this.loadCategories();
    },
    async loadCategories() {
      try {
        const listed = await api.get('/requests/categories');
        this.setData({ categories: listed.items.map((c) => c.name), categoriesFailed: '' });
      } catch (e) {
        this.setData({ categoriesFailed: describe(e) });
      }
    },
    choose(e: WechatMiniprogram.BaseEvent) {
      this.setData({ category: e.currentTarget.dataset.category as string, 'errors.category': '' });
    },
    onInput(e: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const field = e.currentTarget.dataset.field as string;
      this.setData({ [field]: e.detail.value, [`errors.${field}`]: '' });
    },
    onSwitch(e: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ [e.currentTarget.dataset.field as string]: e.detail.value });
    },
    async addPhotos() {
      this.setData({ photos: [...this.data.photos, ...await choosePhotos(9 - this.data.photos.length)] });
    },
    validate(): boolean {
      const errors: Record<string, string> = {};
      if (!this.data.category) errors.category = '请选择类别';
      if (!this.data.title.trim()) errors.title = '请用一句话说明事项';
      if (this.data.content.trim().length < 5) errors.content = '请具体描述，至少 5 个字';
      this.setData({ errors });
      return Object.keys(errors).length === 0;
    },
    async submit() {
      if (this.data.busy || !this.validate()) {
        return;
      }
      // Asked now, inside the tap: WeChat refuses the request after an await (no longer "in a user gesture").
      const asked = subscribe('requestProgress');
      this.setData({ busy: true, message: '' });
      try {
        const photoUrls = await sendPhotos(this.data.photos);
        const filed = await api.post('/requests', { body: {
          category: this.data.category, title: this.data.title.trim(), content: this.data.content.trim(),
          anonymous: this.data.anonymous, publicBoard: this.data.publicBoard, photoUrls,
        } });
        await asked;
        wx.redirectTo({ url: `/pages/requests/detail?id=${filed.id}` });
      } catch (e) {
        this.setData({ message: describe(e) });
      } finally {
        this.setData({ busy: false });
      }
    },
  },
});
