// The console's one way to the API. A session lasts a working day: the access token (15 min) is refreshed a
// minute before it runs out and once after a 401, with rotation (each refresh hands a new refresh token and the
// old one stops working); concurrent calls share one refresh. Tokens live in sessionStorage (this tab only).
// Errors come back as Error objects carrying the server's Chinese detail and its stable code.
export const API = '/api/v1';
const KEY = 'zhibu.console.session';
let refreshing = null;
let onExpired = () => {};

export function whenExpired(handler) {
  onExpired = handler;
}

export function session() {
  try {
    return JSON.parse(sessionStorage.getItem(KEY) || 'null');
  } catch (ignored) {
    return null;
  }
}

export function keep(tokens) {
  sessionStorage.setItem(KEY, JSON.stringify({
    accessToken: tokens.accessToken, refreshToken: tokens.refreshToken,
    expiresAt: Date.now() + (tokens.expiresIn || 900) * 1000
  }));
}

export function forget() {
  sessionStorage.removeItem(KEY);
}

async function refresh() {
  if (!refreshing) {
    const current = session();
    refreshing = (async () => {
      if (!current) throw problem(401, { code: 'auth.required', detail: '请重新登录' });
      const res = await fetch(API + '/auth/refresh', {
        method: 'POST', headers: { 'Content-Type': 'application/json', 'Accept-Language': 'zh-CN' },
        body: JSON.stringify({ refreshToken: current.refreshToken })
      });
      const json = await res.json().catch(() => null);
      if (!res.ok) {
        forget();
        throw problem(res.status, json);
      }
      keep(json);
      return session();
    })().finally(() => { refreshing = null; });
  }
  return refreshing;
}

function problem(status, json) {
  const error = new Error((json && (json.detail || json.title)) || '请求未成功（' + status + '）');
  error.status = status;
  error.code = json && json.code;
  return error;
}

async function token() {
  const current = session();
  if (current && current.expiresAt - Date.now() < 60000) {
    return (await refresh()).accessToken;
  }
  return current && current.accessToken;
}

/** Any call; `raw` answers the Response itself (downloads, uploads). */
export async function call(method, path, body, options = {}) {
  const send = (access) => fetch(API + path, {
    method,
    headers: Object.assign({ 'Accept-Language': 'zh-CN' },
      body !== undefined && !options.binary ? { 'Content-Type': 'application/json' } : {},
      options.binary ? { 'Content-Type': 'application/octet-stream' } : {},
      access ? { Authorization: 'Bearer ' + access } : {}, options.headers || {}),
    body: body === undefined ? undefined : options.binary ? body : JSON.stringify(body)
  });
  let access = await token();
  let res = await send(access);
  if (res.status === 401 && access) {
    try {
      access = (await refresh()).accessToken;
    } catch (expired) {
      onExpired();
      throw expired;
    }
    res = await send(access);
  }
  if (options.raw && res.ok) return res;
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch (ignored) {
    // a proxy's HTML error page: said as a plain failure below
  }
  if (!res.ok) throw problem(res.status, json);
  return json;
}

/** Saves what a report answers as a file (xlsx by Accept, as the contract says). */
export async function download(path, name) {
  const res = await call('GET', path, undefined, {
    raw: true, headers: { Accept: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }
  });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await res.blob());
  link.download = name;
  link.click();
}
