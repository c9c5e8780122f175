/**
 * A stand-in for the `wx` global in unit and page tests: storage in memory, wx.request answered by a handler
 * the test gives (or failing like a dead network), wx.login handing out codes, and the UI calls recorded.
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
  modals: string[];
  navigations: string[];
  handler: Handler;
  logins: number;
  scanResult: string;
}

export function installWx(handler: Handler = () => ({ status: 404 })): FakeWx {
  const state: FakeWx = {
    storage: new Map(), requests: [], toasts: [], modals: [], navigations: [], handler, logins: 0, scanResult: '',
  };
  const g = globalThis as unknown as { wx: Record<string, unknown> };
  const wxFake: Record<string, unknown> = {
    getStorageSync: (k: string) => (state.storage.has(k) ? JSON.parse(JSON.stringify(state.storage.get(k))) : ''),
    setStorageSync: (k: string, v: unknown) => { state.storage.set(k, JSON.parse(JSON.stringify(v))); },
    removeStorageSync: (k: string) => { state.storage.delete(k); },
    getAccountInfoSync: () => ({ miniProgram: { envVersion: 'develop', appId: 'wxtest' } }),
    request: (o: FakeRequest & { success: (r: unknown) => void; fail: (e: unknown) => void }) => {
      const req = { url: o.url, method: o.method, data: o.data, header: o.header };
      state.requests.push(req);
      Promise.resolve().then(() => {
        const answer = state.handler(req);
        if (answer === 'network-down') {
          o.fail({ errMsg: 'request:fail timeout' });
        } else {
          o.success({ statusCode: answer.status, data: answer.data ?? '', header: { 'Content-Type': 'application/json' } });
        }
      });
    },
    login: (o: { success: (r: { code: string }) => void }) => {
      state.logins += 1;
      Promise.resolve().then(() => o.success({ code: `fake:phone#${state.logins}` }));
    },
    showToast: (o: { title: string }) => { state.toasts.push(o.title); },
    showModal: (o: { content: string; success?: (r: { confirm: boolean; cancel: boolean }) => void }) => {
      state.modals.push(o.content);
      o.success?.({ confirm: true, cancel: false });
    },
    showLoading: () => undefined,
    hideLoading: () => undefined,
    navigateTo: (o: { url: string }) => { state.navigations.push(o.url); },
    redirectTo: (o: { url: string }) => { state.navigations.push(o.url); },
    reLaunch: (o: { url: string }) => { state.navigations.push(o.url); },
    switchTab: (o: { url: string }) => { state.navigations.push(o.url); },
    navigateBack: () => { state.navigations.push('back'); },
    scanCode: (o: { success: (r: { result: string }) => void }) => o.success({ result: state.scanResult }),
    getLocation: (o: { success: (r: { latitude: number; longitude: number }) => void }) =>
      o.success({ latitude: 31.2304, longitude: 121.4737 }),
    requestSubscribeMessage: (o: { success?: (r: Record<string, string>) => void; tmplIds: string[] }) =>
      o.success?.(Object.fromEntries(o.tmplIds.map((t) => [t, 'accept']))),
    setKeepScreenOn: () => undefined,
    setScreenBrightness: () => undefined,
    onNetworkStatusChange: () => undefined,
    stopPullDownRefresh: () => undefined,
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
