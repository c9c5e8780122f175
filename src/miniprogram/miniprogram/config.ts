/**
 * Where the mini-program finds its server, and the ids a school fills in when it publishes (see
 * docs/miniprogram.md). The develop build talks to a zhibu dev server on the developer's machine (WeChat
 * DevTools: 详情 → 本地设置 → 不校验合法域名); trial and release builds talk to the school's HTTPS domain, which
 * must be listed under 开发管理 → 服务器域名 (request and downloadFile). The school's own values are in
 * school.config.ts, the one file a school edits.
 */
import { school } from './school.config';
export interface Config {
  /** The API root, ending in /api/v1. */
  apiBase: string;
  /**
   * Check-in codes drawn on the secretary's phone are this prefix + "e/" or "v/" + the code. Registered under
   * 开发管理 → 扫普通链接二维码打开小程序 (page pages/scan/scan), a member's WeChat camera opens the
   * mini-program on them too; scanned from inside, the prefix is simply parsed.
   */
  qrPrefix: string;
  /** Subscribe-message template ids (公众平台 → 订阅消息); an empty id is never asked for. */
  templates: { requestProgress: string; noticePublished: string; meetingReminder: string };
  /**
   * Develop builds only: log in as this openid of a dev server's fake WeChat (`fake:<openid>`), since the fake
   * cannot redeem a real wx.login code. 'demo-sec-1' is the demo secretary of branch 1, 'demo-m-1-1' a member.
   * Empty in trial and release builds, which always use wx.login.
   */
  devOpenid: string;
}

const templates = () => ({ ...school.templates });

const byEnv: Record<'develop' | 'trial' | 'release', Config> = {
  develop: {
    apiBase: `${school.devServer}/api/v1`,
    qrPrefix: `${school.server}/m/`,
    templates: templates(),
    devOpenid: school.devOpenid,
  },
  trial: {
    apiBase: `${school.server}/api/v1`,
    qrPrefix: `${school.server}/m/`,
    templates: templates(),
    devOpenid: '',
  },
  release: {
    apiBase: `${school.server}/api/v1`,
    qrPrefix: `${school.server}/m/`,
    templates: templates(),
    devOpenid: '',
  },
};

let current: Config | null = null;

function envVersion(): 'develop' | 'trial' | 'release' {
  try {
    return wx.getAccountInfoSync().miniProgram.envVersion;
  } catch {
    return 'develop';
  }
}

export function config(): Config {
  if (!current) {
    current = { ...byEnv[envVersion()] };
  }
  return current;
}

/** Tests and the integration run point the client at their own server. */
export function configure(overrides: Partial<Config>): void {
  current = { ...config(), ...overrides };
}
