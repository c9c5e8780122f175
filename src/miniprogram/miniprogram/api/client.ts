/**
 * The one thin client over wx.request. Every call is typed from api-spec/openapi.yaml (schema.d.ts, generated
 * by openapi-typescript): a path, its parameters, its body and its answer, so a contract change that breaks a
 * page breaks `tsc`. Bearer token from the session; a token about to run out is refreshed first (with
 * rotation: the server hands a new refresh token each time and refuses a reused one); a 401 triggers one
 * refresh, or failing that a silent re-login through wx.login, and one retry. Refusals become ApiError with
 * the server's Chinese title and detail. Without a network every step fails as a NetworkError — never as a
 * refused login — so work that can wait (a scan) is kept, whatever the age of the token.
 */
import { config } from '../config';
import type { paths } from './schema';
import { ApiError, toApiError } from './problems';
import { session, Stored } from './session';
import { NetworkError, send, Sent } from './transport';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Op<P extends keyof paths, M extends Method> = Exclude<paths[P][M], undefined>;
export type PathsWith<M extends Method> = { [P in keyof paths]: [Op<P, M>] extends [never] ? never : P }[keyof paths];

type JsonOf<R> = R extends { content: { 'application/json': infer B } } ? B : void;
type Success<O> = O extends { responses: infer R }
  ? 200 extends keyof R ? JsonOf<R[200]>
    : 201 extends keyof R ? JsonOf<R[201]>
      : 202 extends keyof R ? JsonOf<R[202]> : void
  : never;
type BodyOf<O> = O extends { requestBody: { content: { 'application/json': infer B } } } ? B
  : O extends { requestBody?: { content: { 'application/json': infer B } } } ? B | undefined : undefined;
type PathOf<O> = O extends { parameters: { path: infer P } } ? P : undefined;
type QueryOf<O> = O extends { parameters: { query?: infer Q } } ? Q : undefined;

type Optional<K extends string, V> = [V] extends [undefined] ? { [key in K]?: undefined }
  : undefined extends V ? { [key in K]?: V } : {} extends V ? { [key in K]?: V } : { [key in K]: V };
export type Options<O> = Optional<'path', PathOf<O>> & Optional<'query', QueryOf<O>> & Optional<'body', BodyOf<O>>;
type Args<O> = {} extends Options<O> ? [options?: Options<O>] : [options: Options<O>];
export type Answer<P extends keyof paths, M extends Method> = Success<Op<P, M>>;

interface Loose {
  path?: Record<string, string | number>;
  query?: Record<string, unknown>;
  body?: unknown;
}

const REFRESH_AHEAD_MS = 60_000;
let recovering: Promise<Stored> | null = null;

function fill(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (params[name] === undefined) {
      throw new Error(`missing path parameter ${name}`);
    }
    return encodeURIComponent(String(params[name]));
  });
}

function queryString(query: Record<string, unknown> = {}): string {
  const parts = Object.keys(query).filter((k) => query[k] !== undefined && query[k] !== null && query[k] !== '')
    .map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(String(query[k]))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

function headers(token?: string, json = true): Record<string, string> {
  const header: Record<string, string> = { 'Accept-Language': 'zh-CN', Accept: 'application/json' };
  if (json) {
    header['Content-Type'] = 'application/json';
  }
  if (token) {
    header.Authorization = `Bearer ${token}`;
  }
  return header;
}

/** wx.login → /auth/wechat: silent, as mini-programs log in. */
export async function login(): Promise<Stored> {
  const dev = config().devOpenid;
  const code = dev ? `fake:${dev}#${Date.now()}-${Math.random().toString(36).slice(2)}` : await wxLoginCode();
  const res = await send({ url: `${config().apiBase}/auth/wechat`, method: 'POST', data: { code }, header: headers() });
  if (res.status !== 200) {
    throw toApiError(res.status, res.data);
  }
  return session.save(res.data as Parameters<typeof session.save>[0]);
}

function wxLoginCode(): Promise<string> {
  return new Promise<string>((resolve, reject) => wx.login({
    success: (r) => (r.code ? resolve(r.code) : reject(new ApiError(401, { code: 'auth.code_invalid', title: '微信登录失败' }))),
    // wx.login needs WeChat's servers: failing, it is the network that is missing, not the person's login.
    fail: (e) => reject(new NetworkError(e.errMsg)),
  }));
}

async function refresh(stored: Stored): Promise<Stored> {
  const res = await send({
    url: `${config().apiBase}/auth/refresh`, method: 'POST', data: { refreshToken: stored.refreshToken }, header: headers(),
  });
  if (res.status !== 200) {
    throw toApiError(res.status, res.data);
  }
  return session.save(res.data as Parameters<typeof session.save>[0]);
}

const LOGGED_OUT = 'zhibu.logged-out';

/** After 退出登录 nothing logs the person in by itself: only {@link loginAgain}, from the 登录 button. */
function loggedOut(): boolean {
  return wx.getStorageSync(LOGGED_OUT) === true;
}

/** The 登录 button after a logout: the one way back in. */
export async function loginAgain(): Promise<Stored> {
  wx.removeStorageSync(LOGGED_OUT);
  return login();
}

/** One recovery at a time: concurrent calls that all hit an expired token share one refresh (or login). */
function recover(): Promise<Stored> {
  if (loggedOut()) {
    return Promise.reject(new ApiError(401, { code: 'auth.logged_out', title: '已退出登录',
      detail: '已退出登录，点“登录”重新进入' }));
  }
  if (!recovering) {
    const stored = session.get();
    // A refresh that got no answer is not a refused one: logging in again needs the network just as much.
    recovering = (stored ? refresh(stored).catch((e) => (e instanceof NetworkError ? Promise.reject(e) : login()))
      : login())
      .finally(() => { recovering = null; });
  }
  return recovering;
}

async function token(): Promise<string> {
  const stored = session.get();
  if (!stored) {
    return (await recover()).accessToken;
  }
  if (stored.expiresAt - Date.now() < REFRESH_AHEAD_MS) {
    try {
      return (await recover()).accessToken;
    } catch (e) {
      // Offline a minute before expiry: the token still works, so use it; after expiry, the network is what failed.
      if (e instanceof NetworkError && stored.expiresAt > Date.now()) {
        return stored.accessToken;
      }
      throw e;
    }
  }
  return stored.accessToken;
}

async function call(method: Method, path: string, options: Loose = {}): Promise<unknown> {
  const url = config().apiBase + fill(path, options.path) + queryString(options.query);
  const request = (access: string): Sent => ({
    url, method: method.toUpperCase() as Sent['method'], data: options.body, header: headers(access, options.body !== undefined),
  });
  return authorised(request);
}

/** Sends with the current token; after a 401, once more with a recovered one. Refusals become ApiError. */
async function authorised(request: (access: string) => Sent): Promise<unknown> {
  let res = await send(request(await token()));
  if (res.status === 401) {
    res = await send(request((await recover()).accessToken));
  }
  if (res.status >= 400) {
    throw toApiError(res.status, res.data);
  }
  return res.status === 204 ? undefined : res.data;
}

/** Typed calls: api.get('/events/{id}', { path: { id } }) answers the contract's Event. */
export const api = {
  get<P extends PathsWith<'get'>>(path: P, ...args: Args<Op<P, 'get'>>): Promise<Answer<P, 'get'>> {
    return call('get', path, args[0] as Loose) as Promise<Answer<P, 'get'>>;
  },
  post<P extends PathsWith<'post'>>(path: P, ...args: Args<Op<P, 'post'>>): Promise<Answer<P, 'post'>> {
    return call('post', path, args[0] as Loose) as Promise<Answer<P, 'post'>>;
  },
  put<P extends PathsWith<'put'>>(path: P, ...args: Args<Op<P, 'put'>>): Promise<Answer<P, 'put'>> {
    return call('put', path, args[0] as Loose) as Promise<Answer<P, 'put'>>;
  },
  patch<P extends PathsWith<'patch'>>(path: P, ...args: Args<Op<P, 'patch'>>): Promise<Answer<P, 'patch'>> {
    return call('patch', path, args[0] as Loose) as Promise<Answer<P, 'patch'>>;
  },
  delete<P extends PathsWith<'delete'>>(path: P, ...args: Args<Op<P, 'delete'>>): Promise<Answer<P, 'delete'>> {
    return call('delete', path, args[0] as Loose) as Promise<Answer<P, 'delete'>>;
  },
};

/** Uploads raw bytes (a photo), as the attachment endpoints take them. */
export async function upload(path: string, bytes: ArrayBuffer, contentType: string, query: Record<string, unknown> = {}):
  Promise<unknown> {
  const url = config().apiBase + path + queryString(query);
  return authorised((access: string): Sent => ({
    url, method: 'POST', data: bytes, header: { ...headers(access, false), 'Content-Type': contentType }, timeout: 60000,
  }));
}

export async function logout(): Promise<void> {
  try {
    await api.post('/auth/logout');
  } finally {
    session.clear();
    wx.setStorageSync(LOGGED_OUT, true);
  }
}

/**
 * Sends a file from the phone's disk the way WeChat sends files (wx.uploadFile: multipart/form-data, the file
 * as "file"), with a token refreshed if need be; answers the server's JSON, or throws its refusal or a
 * NetworkError.
 */
export async function uploadFile(path: string, filePath: string, query: Record<string, unknown> = {}): Promise<unknown> {
  const access = await token();
  return new Promise((resolve, reject) => wx.uploadFile({
    url: config().apiBase + path + queryString(query), filePath, name: 'file',
    header: { Authorization: `Bearer ${access}`, 'Accept-Language': 'zh-CN' },
    success: (r) => {
      let data: unknown = r.data;
      try {
        data = JSON.parse(r.data);
      } catch {
        // not JSON: kept as text
      }
      if (r.statusCode >= 400) {
        reject(toApiError(r.statusCode, data));
      } else {
        resolve(data);
      }
    },
    fail: (e) => reject(new NetworkError(e.errMsg)),
  }));
}

/** A fresh access token for wx.downloadFile (photos, certificates), which does not go through `call`. */
export async function freshToken(): Promise<string> {
  return token();
}
