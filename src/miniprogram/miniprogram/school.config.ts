/**
 * The one file a school edits before it publishes the mini-program (the AppID itself is in project.config.json):
 * where its zhibu server is, and its subscribe-message template ids from 公众平台 → 订阅消息. Nothing else in the
 * source names a school. See docs/miniprogram.md, "Setting it up for a school".
 */
export const school = {
  /** The school's HTTPS domain, listed under 开发管理 → 服务器域名 (request and downloadFile). */
  server: 'https://dangjian.example.edu.cn',
  /** A develop build talks to a zhibu dev server on the developer's machine (不校验合法域名 in DevTools). */
  devServer: 'http://127.0.0.1:8080',
  /** Subscribe-message template ids; an empty one is never asked for. */
  templates: { requestProgress: '', noticePublished: '', meetingReminder: '' },
  /** Develop builds only: the dev server's fake WeChat openid to log in as ('demo-m-1-1': a demo member). */
  devOpenid: 'demo-m-1-1',
};
