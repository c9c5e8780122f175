import { installWx, settle } from '../support/fake-wx';
import { loadPage, text } from '../support/pages';

const user = { id: 'u1', name: '王芳', bound: true, roles: [{ role: 'member', orgId: 'b1' }] };

function signedIn(wx: ReturnType<typeof installWx>): void {
  wx.storage.set('zhibu.session', { accessToken: 'a', refreshToken: 'r', expiresAt: Date.now() + 600_000 });
}

describe('绑定 page', () => {
  test('says what is missing, in Chinese, and sends nothing', async () => {
    const wx = installWx();
    const page = loadPage('pages/bind/bind');
    page.querySelector('#submit')!.dispatchEvent('tap');
    await settle();
    expect(text(page, '#error-number')).toBe('请填写学号或工号');
    expect(text(page, '#error-name')).toBe('请填写姓名');
    expect(text(page, '#error-code')).toBe('激活码为 4–16 位字母或数字');
    expect(wx.requests).toHaveLength(0);
  });

  test('binds with what was typed, then goes home', async () => {
    const wx = installWx(() => ({ status: 200, data: user }));
    signedIn(wx);
    const page = loadPage('pages/bind/bind');
    page.querySelector('#number')!.dispatchEvent('change', { detail: { value: ' 2021001 ' } });
    page.querySelector('#name')!.dispatchEvent('change', { detail: { value: '王芳' } });
    page.querySelector('#code')!.dispatchEvent('change', { detail: { value: 'K7PQ2MXA' } });
    await settle();
    expect(text(page, '#number')).toContain('2021001');
    page.querySelector('#submit')!.dispatchEvent('tap');
    await settle();
    expect(wx.requests[0].url).toMatch(/\/auth\/bind$/);
    expect(wx.requests[0].data).toEqual({ number: '2021001', name: '王芳', activationCode: 'K7PQ2MXA' });
    expect(wx.navigations).toEqual(['/pages/index/index']);
    expect((wx.storage.get('zhibu.session') as { user: { name: string } }).user.name).toBe('王芳');
  });

  test('a refusal is shown in the server’s words and the form stays', async () => {
    const wx = installWx(() => ({ status: 422, data: { status: 422, code: 'auth.bind_failed', title: '无法处理',
      detail: '学号、姓名或激活码不正确' } }));
    signedIn(wx);
    const page = loadPage('pages/bind/bind');
    page.instance.setData({ number: '2021001', name: '王芳', activationCode: 'WRONG123' });
    page.querySelector('#submit')!.dispatchEvent('tap');
    await settle();
    expect(text(page, '#message')).toBe('学号、姓名或激活码不正确');
    expect(wx.navigations).toEqual([]);
  });
});

describe('绑定 and the privacy guide', () => {
  test('nothing is sent until the person agrees to the privacy guide; agreeing, the bind goes through', async () => {
    const wx = installWx(() => ({ status: 200, data: { id: 'u1', name: '王芳', bound: true, roles: [] } }));
    wx.storage.set('zhibu.session', { accessToken: 'a', refreshToken: 'r', expiresAt: Date.now() + 600_000 });
    wx.privacyAgreed = false;
    wx.privacyAnswer = 'disagree';
    const page = loadPage('pages/bind/bind');
    page.instance.setData({ number: '2021001', name: '王芳', activationCode: 'K7PQ2MXA' });
    await page.instance.submit();
    await settle();
    expect(wx.requests.filter((r) => r.url.endsWith('/auth/bind'))).toHaveLength(0);
    expect(text(page, '#message')).toContain('隐私保护指引');
    page.instance.privacyGuide();
    expect(wx.navigations).toContain('privacy-contract');
    wx.privacyAnswer = 'agree';
    await page.instance.submit();
    await settle();
    expect(wx.requests.filter((r) => r.url.endsWith('/auth/bind'))).toHaveLength(1);
    expect(wx.privacyAsked).toBe(2);
  });
});

