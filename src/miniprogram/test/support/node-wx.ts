/**
 * The `wx` a phone would have, for running the mini-program's API layer in Node against a real zhibu server:
 * wx.request over real HTTP (Node's fetch), wx.login handing out fake-WeChat codes for this phone's openid,
 * storage of its own. Each Phone is one person's handset; `use()` puts it in the person's hand.
 */
export class Phone {
  readonly storage = new Map<string, unknown>();
  online = true;
  private logins = 0;

  constructor(readonly openid: string) {}

  use(): this {
    const phone = this;
    (globalThis as unknown as { wx: unknown }).wx = {
      getStorageSync: (k: string) => (phone.storage.has(k) ? JSON.parse(JSON.stringify(phone.storage.get(k))) : ''),
      setStorageSync: (k: string, v: unknown) => { phone.storage.set(k, JSON.parse(JSON.stringify(v))); },
      removeStorageSync: (k: string) => { phone.storage.delete(k); },
      getAccountInfoSync: () => ({ miniProgram: { envVersion: 'develop', appId: 'wxdemo' } }),
      login: (o: { success: (r: { code: string }) => void }) => {
        phone.logins += 1;
        setTimeout(() => o.success({ code: `fake:${phone.openid}#${Date.now()}-${phone.logins}` }), 0);
      },
      request: (o: {
        url: string; method: string; data?: unknown; header: Record<string, string>;
        success: (r: { statusCode: number; data: unknown; header: Record<string, string> }) => void;
        fail: (e: { errMsg: string }) => void;
      }) => {
        if (!phone.online) {
          setTimeout(() => o.fail({ errMsg: 'request:fail -101 net::ERR_INTERNET_DISCONNECTED' }), 0);
          return;
        }
        const binary = o.data instanceof ArrayBuffer;
        const body = o.data === undefined || o.method === 'GET' ? undefined
          : binary ? Buffer.from(o.data as ArrayBuffer) : JSON.stringify(o.data);
        fetch(o.url, { method: o.method, headers: o.header, body })
          .then(async (res) => {
            const text = await res.text();
            let data: unknown = text;
            try {
              data = text ? JSON.parse(text) : '';
            } catch {
              data = text;
            }
            const header: Record<string, string> = {};
            res.headers.forEach((v, k) => { header[k] = v; });
            o.success({ statusCode: res.status, data, header });
          })
          .catch((e: Error) => o.fail({ errMsg: `request:fail ${e.message}` }));
      },
    };
    return this;
  }
}
