/** What every page does the same way: a busy indicator, errors shown in Chinese, subscribe-message asks. */
import { api } from '../api/client';
import { describe, showError } from '../api/problems';
import { config, Config } from '../config';

/** Runs the work with a loading mask; a failure is shown to the person and answers undefined. */
export async function attempt<T>(work: () => Promise<T>, title = '请稍候'): Promise<T | undefined> {
  wx.showLoading({ title, mask: true });
  let result: T;
  try {
    result = await work();
  } catch (e) {
    // Loading and toasts share one slot on a phone: hide the loading first, then show the error, never after it.
    wx.hideLoading();
    showError(e);
    return undefined;
  }
  wx.hideLoading();
  return result;
}

/**
 * The first load of a page: the answer, or, failing, the reason kept on the page (`failed`, shown with a 重试
 * button that calls the page's `retry`) instead of a blank page behind a toast that vanishes.
 */
export async function load<T>(page: { setData(data: Record<string, unknown>): void }, work: () => Promise<T>):
  Promise<T | undefined> {
  // The loading state: WeChat's own spinner in the navigation bar, which no toast can hide.
  wx.showNavigationBarLoading();
  try {
    const result = await work();
    page.setData({ failed: '' });
    return result;
  } catch (e) {
    page.setData({ failed: describe(e) });
    return undefined;
  } finally {
    wx.hideNavigationBarLoading();
  }
}

export function go(url: string): void {
  wx.navigateTo({ url });
}

/**
 * Asks for one subscribe-message credit at a moment that earns it (just after filing a request, after reading
 * a notice) and tells the server what the person chose. Does nothing when the school has not set the template.
 */
export function subscribe(kind: keyof Config['templates']): Promise<void> {
  const templateId = config().templates[kind];
  if (!templateId) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    wx.requestSubscribeMessage({
      tmplIds: [templateId],
      success: (res) => {
        const result = (res as unknown as Record<string, string>)[templateId];
        if (['accept', 'reject', 'ban', 'filter'].includes(result)) {
          api.post('/wechat/subscriptions', { body: { templateId, result: result as 'accept' } })
            .catch(() => undefined).then(() => resolve());
        } else {
          resolve();
        }
      },
      fail: () => resolve(),
    });
  });
}

/** Confirms with the person before an action that cannot be undone. */
export function confirm(content: string, confirmText = '确定'): Promise<boolean> {
  return new Promise((resolve) => wx.showModal({
    title: '请确认', content, confirmText, success: (r) => resolve(r.confirm), fail: () => resolve(false),
  }));
}
