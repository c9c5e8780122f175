/** wx.request as a promise: the one place the mini-program touches the network. */

export interface RawResponse {
  status: number;
  data: unknown;
  header: Record<string, string>;
}

/** No answer at all: no signal, airplane mode, DNS, a timeout. The caller may keep the work and retry. */
export class NetworkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NetworkError';
  }
}

export interface Sent {
  url: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  data?: unknown;
  header: Record<string, string>;
  timeout?: number;
}

export function send(request: Sent): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    wx.request({
      url: request.url,
      method: request.method as 'GET',
      data: request.data as WechatMiniprogram.IAnyObject,
      header: request.header,
      timeout: request.timeout ?? 15000,
      dataType: 'json',
      success: (res) => resolve({
        status: res.statusCode,
        data: res.data,
        header: lowerCase(res.header as Record<string, string>),
      }),
      fail: (err) => reject(new NetworkError(err.errMsg)),
    });
  });
}

function lowerCase(header: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  Object.keys(header || {}).forEach((k) => { out[k.toLowerCase()] = header[k]; });
  return out;
}
