/**
 * WeChat's privacy rules (用户隐私保护指引): before anything that collects personal information — binding a
 * roster identity, the location at check-in, photos — the person must have agreed to the mini-program's privacy
 * guide. `wx.requirePrivacyAuthorize` shows WeChat's own privacy pop-up when they have not (this mini-program
 * registers no custom one) and answers whether they agreed; on an old WeChat without it, there is nothing to ask.
 */
export function privacyAgreed(): Promise<boolean> {
  if (typeof wx.requirePrivacyAuthorize !== 'function') {
    return Promise.resolve(true);
  }
  return new Promise((resolve) => wx.requirePrivacyAuthorize({
    success: () => resolve(true),
    fail: () => resolve(false),
  }));
}

/** The 《用户隐私保护指引》 as filled in on 公众平台, opened by WeChat. */
export function openPrivacyGuide(): void {
  if (typeof wx.openPrivacyContract === 'function') {
    wx.openPrivacyContract({});
  }
}
