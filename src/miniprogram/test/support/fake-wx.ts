/**
 * The `wx` global of unit and page tests, made to behave like a phone rather than like a kind fake. What it
 * models, each as WeChat documents it and phones show it:
 *
 * - **The network.** `setOnline(false)` is airplane mode or no signal: `wx.request` and `wx.login` fail (their
 *   `fail` callback, with WeChat's errMsg), as does everything that needs a server. `setOnline(true)` brings it
 *   back and fires the `wx.onNetworkStatusChange` listeners, as the phone does. A handler may also answer
 *   `'network-down'` for one request (a timeout).
 * - **Toasts and loading share one slot.** `wx.hideLoading()` closes a toast shown after `wx.showLoading()` (as on
 *   devices, where a short error vanishes if the loading is hidden after it); `visibleToast` is what the person
 *   still sees, `toasts` everything ever shown.
 * - **Subscribe messages need a tap.** `wx.requestSubscribeMessage` succeeds only when called synchronously inside
 *   a tap handler (`tap(fn)` runs one as a tap); after an `await`, or on page load, it fails with WeChat's
 *   "can only be invoked by user TAP gesture".
 * - **The privacy guide.** `privacyAgreed = false` makes `wx.requirePrivacyAuthorize` ask (WeChat's pop-up,
 *   answered by `privacyAnswer`) until the person agrees; refused, it fails as WeChat does.
 * - **Location permission.** `locationAllowed = false` makes `wx.getLocation` fail with "auth deny";
 *   `wx.openSetting` lets the test say what the person chose there.
 * - **Storage limits.** 1 MB a key and 10 MB in all: `setStorageSync` throws beyond, as the phone does.
 * - **Screen.** `keepScreenOn` is what the page last asked for; `hideApp()` (another chat opened) resets it, as
 *   WeChat does when the page is left, and the page's `onHide`/`onShow` are the test's to call.
 *
 * - **Payment.** `wx.requestPayment` checks the five signed parameters are there (WeChat fails "签名错误" / a
 *   missing parameter otherwise), then does what the person did: `paymentAnswer` 'pay' (success, after
 *   `onPay` — where a test tells its fake server the order is paid, as WeChat Pay would learn it), 'cancel' (the
 *   person closed the cashier: fail with "requestPayment:fail cancel") or 'fail'; offline it fails as a network
 *   error. `payments` records what was asked.
 *
 * Not modelled (said in docs/miniprogram.md): the real camera and QR decoding, the privacy pop-up's UI, the
 * cashier's own screens, background suspension of timers (pages are expected to clear their own), and rendering.
 */
export interface FakeRequest {
  url: string;
  method: string;
  data: unknown;
  header: Record<string, string>;
}

export type Handler = (req: FakeRequest) => { status: number; data?: unknown } | 'network-down';

export interface FakeWx {
  storage: Map<string, unknown>;
  requests: FakeRequest[];
  toasts: string[];
  visibleToast: string | null;
  loading: string | null;
  modals: string[];
  navigations: string[];
  handler: Handler;
  logins: number;
  scanResult: string;
  online: boolean;
  locationAllowed: boolean;
  settingsGrantLocation: boolean;
  keepScreenOn: boolean;
  subscriptions: string[];
  refusedSubscriptions: number;
  /** How often a page ended its pull-to-refresh spinner. */
  refreshStops: number;
  /** The privacy guide: agreed already, and what the person answers WeChat's pop-up when asked. */
  privacyAgreed: boolean;
  privacyAnswer: 'agree' | 'disagree';
  privacyAsked: number;
  /** The navigation bar's loading spinner (a page's loading state). */
  navigationLoading: boolean;
  /** What wx.chooseMedia hands back (temporary file paths of the photos taken). */
  mediaPaths: string[];
  /** What the person does at WeChat's cashier, and what each wx.requestPayment was given. */
  paymentAnswer: 'pay' | 'cancel' | 'fail';
  payments: Record<string, string>[];
  onPay: (params: Record<string, string>) => void;
  setOnline(online: boolean): void;
  tap<T>(handler: () => T): T;
  hideApp(): void;
}

const KEY_LIMIT = 1024 * 1024;
const TOTAL_LIMIT = 10 * 1024 * 1024;

export function installWx(handler: Handler = () => ({ status: 404 })): FakeWx {
  const networkListeners: ((s: { isConnected: boolean; networkType: string }) => void)[] = [];
  let inTap = false;
  const state: FakeWx = {
    storage: new Map(), requests: [], toasts: [], visibleToast: null, loading: null, modals: [], navigations: [], handler,
    logins: 0, scanResult: '', online: true, locationAllowed: true, settingsGrantLocation: true, keepScreenOn: false,
    subscriptions: [], refusedSubscriptions: 0, refreshStops: 0, privacyAgreed: true, privacyAnswer: 'agree',
    privacyAsked: 0, navigationLoading: false, mediaPaths: ['wxfile://tmp/photo-1.jpg'],
    paymentAnswer: 'pay', payments: [], onPay: () => undefined,
    setOnline(online: boolean) {
      state.online = online;
      networkListeners.forEach((l) => l({ isConnected: online, networkType: online ? 'wifi' : 'none' }));
    },
    tap<T>(fn: () => T): T {
      inTap = true;
      try {
        return fn();
      } finally {
        inTap = false;
      }
    },
    hideApp() {
      state.keepScreenOn = false;
    },
  };
  const size = (v: unknown) => JSON.stringify(v ?? '').length;
  const g = globalThis as unknown as { wx: Record<string, unknown> };
  const wxFake: Record<string, unknown> = {
    getStorageSync: (k: string) => (state.storage.has(k) ? JSON.parse(JSON.stringify(state.storage.get(k))) : ''),
    setStorageSync: (k: string, v: unknown) => {
      let total = size(v);
      state.storage.forEach((value, key) => { total += key === k ? 0 : size(value); });
      if (size(v) > KEY_LIMIT || total > TOTAL_LIMIT) {
        throw new Error('setStorageSync:fail exceed storage max size 10MB');
      }
      state.storage.set(k, JSON.parse(JSON.stringify(v)));
    },
    removeStorageSync: (k: string) => { state.storage.delete(k); },
    getAccountInfoSync: () => ({ miniProgram: { envVersion: 'develop', appId: 'wxtest' } }),
    request: (o: FakeRequest & { success: (r: unknown) => void; fail: (e: unknown) => void }) => {
      const req = { url: o.url, method: o.method, data: o.data, header: o.header };
      state.requests.push(req);
      Promise.resolve().then(() => {
        if (!state.online) {
          o.fail({ errMsg: 'request:fail net::ERR_INTERNET_DISCONNECTED' });
          return;
        }
        const answer = state.handler(req);
        if (answer === 'network-down') {
          o.fail({ errMsg: 'request:fail timeout' });
        } else {
          o.success({ statusCode: answer.status, data: answer.data ?? '', header: { 'Content-Type': 'application/json' } });
        }
      });
    },
    // wx.uploadFile: recorded like a request (method UPLOAD, data { filePath, name }), answered by the same handler.
    uploadFile: (o: { url: string; filePath: string; name: string; header: Record<string, string>;
      success: (r: { statusCode: number; data: string }) => void; fail: (e: { errMsg: string }) => void }) => {
      const req = { url: o.url, method: 'UPLOAD', data: { filePath: o.filePath, name: o.name }, header: o.header };
      state.requests.push(req);
      Promise.resolve().then(() => {
        const answer = state.online ? state.handler(req) : 'network-down';
        if (answer === 'network-down') {
          o.fail({ errMsg: 'uploadFile:fail timeout' });
        } else {
          o.success({ statusCode: answer.status, data: JSON.stringify(answer.data ?? '') });
        }
      });
    },
    chooseMedia: (o: { success: (r: { tempFiles: { tempFilePath: string }[] }) => void }) =>
      o.success({ tempFiles: state.mediaPaths.map((tempFilePath) => ({ tempFilePath })) }),
    login: (o: { success: (r: { code: string }) => void; fail?: (e: { errMsg: string }) => void }) => {
      Promise.resolve().then(() => {
        if (!state.online) {
          o.fail?.({ errMsg: 'login:fail 网络连接失败' });
          return;
        }
        state.logins += 1;
        o.success({ code: `fake:phone#${state.logins}` });
      });
    },
    showToast: (o: { title: string }) => {
      state.toasts.push(o.title);
      state.visibleToast = o.title;
      state.loading = null;
    },
    hideToast: () => { state.visibleToast = null; },
    showModal: (o: { content: string; success?: (r: { confirm: boolean; cancel: boolean; content?: string }) => void }) => {
      state.modals.push(o.content);
      o.success?.({ confirm: true, cancel: false });
    },
    showLoading: (o: { title: string }) => {
      state.loading = o.title;
      state.visibleToast = null;
    },
    // One slot on a phone: hiding the loading also closes a toast shown after it.
    hideLoading: () => {
      state.loading = null;
      state.visibleToast = null;
    },
    navigateTo: (o: { url: string }) => { state.navigations.push(o.url); },
    redirectTo: (o: { url: string }) => { state.navigations.push(o.url); },
    reLaunch: (o: { url: string }) => { state.navigations.push(o.url); },
    switchTab: (o: { url: string }) => { state.navigations.push(o.url); },
    navigateBack: () => { state.navigations.push('back'); },
    scanCode: (o: { success: (r: { result: string }) => void }) => o.success({ result: state.scanResult }),
    getLocation: (o: { success: (r: { latitude: number; longitude: number }) => void; fail?: (e: { errMsg: string }) => void }) => {
      if (state.locationAllowed) {
        o.success({ latitude: 31.2304, longitude: 121.4737 });
      } else {
        o.fail?.({ errMsg: 'getLocation:fail auth deny' });
      }
    },
    chooseLocation: (o: { success?: (r: { name: string; address: string; latitude: number; longitude: number }) => void }) =>
      o.success?.({ name: '学生活动中心报告厅', address: '校内', latitude: 31.2310, longitude: 121.4740 }),
    openSetting: (o: { success?: (r: { authSetting: Record<string, boolean> }) => void }) => {
      state.locationAllowed = state.settingsGrantLocation;
      o.success?.({ authSetting: { 'scope.userLocation': state.locationAllowed } });
    },
    requestPayment: (o: Record<string, string> & { success?: (r: { errMsg: string }) => void;
      fail?: (e: { errMsg: string }) => void }) => {
      const params = { timeStamp: o.timeStamp, nonceStr: o.nonceStr, package: o.package, signType: o.signType,
        paySign: o.paySign };
      state.payments.push(params);
      Promise.resolve().then(() => {
        if (Object.values(params).some((v) => !v) || !String(params.package).startsWith('prepay_id=')) {
          o.fail?.({ errMsg: 'requestPayment:fail 签名错误' });
        } else if (!state.online) {
          o.fail?.({ errMsg: 'requestPayment:fail network error' });
        } else if (state.paymentAnswer === 'cancel') {
          o.fail?.({ errMsg: 'requestPayment:fail cancel' });
        } else if (state.paymentAnswer === 'fail') {
          o.fail?.({ errMsg: 'requestPayment:fail' });
        } else {
          state.onPay(params);
          o.success?.({ errMsg: 'requestPayment:ok' });
        }
      });
    },
    requestSubscribeMessage: (o: { success?: (r: Record<string, string>) => void; fail?: (e: { errMsg: string }) => void;
      tmplIds: string[] }) => {
      if (!inTap) {
        state.refusedSubscriptions += 1;
        o.fail?.({ errMsg: 'requestSubscribeMessage:fail can only be invoked by user TAP gesture.' });
        return;
      }
      state.subscriptions.push(...o.tmplIds);
      o.success?.(Object.fromEntries(o.tmplIds.map((t) => [t, 'accept'])));
    },
    setKeepScreenOn: (o: { keepScreenOn: boolean }) => { state.keepScreenOn = o.keepScreenOn; },
    setScreenBrightness: () => undefined,
    onNetworkStatusChange: (l: (s: { isConnected: boolean; networkType: string }) => void) => { networkListeners.push(l); },
    offNetworkStatusChange: (l: (s: { isConnected: boolean; networkType: string }) => void) => {
      const i = networkListeners.indexOf(l);
      if (i >= 0) networkListeners.splice(i, 1);
    },
    // WeChat's own privacy pop-up (no custom one registered): asked only until the person agrees.
    requirePrivacyAuthorize: (o: { success?: () => void; fail?: (e: { errMsg: string }) => void }) => {
      if (!state.privacyAgreed) {
        state.privacyAsked += 1;
        state.privacyAgreed = state.privacyAnswer === 'agree';
      }
      if (state.privacyAgreed) {
        o.success?.();
      } else {
        o.fail?.({ errMsg: 'requirePrivacyAuthorize:fail privacy permission is not authorized' });
      }
    },
    openPrivacyContract: () => { state.navigations.push('privacy-contract'); },
    openLocation: (o: { latitude: number; longitude: number }) => { state.navigations.push(`map:${o.latitude},${o.longitude}`); },
    getNetworkType: (o: { success: (r: { networkType: string }) => void }) =>
      o.success({ networkType: state.online ? 'wifi' : 'none' }),
    stopPullDownRefresh: () => { state.refreshStops += 1; },
    showNavigationBarLoading: () => { state.navigationLoading = true; },
    hideNavigationBarLoading: () => { state.navigationLoading = false; },
    vibrateShort: () => undefined,
  };
  g.wx = wxFake;
  return state;
}

/** Lets queued promise callbacks run. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
  }
}
