import type { components } from './schema';
import { NetworkError } from './transport';

type Problem = components['schemas']['Problem'];

/** A refusal from the server (problem+json): its stable code, and its title and detail in Chinese. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly requestId?: string;

  /** `code` is the server's, or one of the phone's own (`auth.logged_out`), which never reaches the server. */
  constructor(status: number, problem: Partial<Omit<Problem, 'code'>> & { code?: string }) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code || 'unknown';
    this.title = problem.title || '请求未成功';
    this.detail = problem.detail || '';
    this.requestId = problem.requestId ?? undefined;
  }
}

export function toApiError(status: number, body: unknown): ApiError {
  if (body && typeof body === 'object' && 'code' in body) {
    return new ApiError(status, body as Problem);
  }
  return new ApiError(status, { title: status >= 500 ? '服务器暂时不可用' : '请求未成功', detail: '' });
}

/** What to tell the person, in one Chinese sentence. */
export function describe(error: unknown): string {
  if (error instanceof ApiError) {
    return error.detail || error.title;
  }
  if (error instanceof NetworkError) {
    return '网络不可用，请检查网络后重试';
  }
  return '出错了，请稍后重试';
}

/** Shows the error: a toast when it fits, a dialog when it needs reading. */
export function showError(error: unknown): void {
  const text = describe(error);
  if (text.length <= 14) {
    wx.showToast({ title: text, icon: 'none', duration: 2500 });
  } else {
    wx.showModal({ title: '提示', content: text, showCancel: false, confirmText: '知道了' });
  }
}
