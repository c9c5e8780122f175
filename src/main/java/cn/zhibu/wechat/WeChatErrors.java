package cn.zhibu.wechat;

import cn.zhibu.platform.ApiException;

/** WeChat's errcodes, and what each means to our callers. */
final class WeChatErrors {
  static final int SYSTEM_BUSY = -1;
  static final int INVALID_CODE = 40029;
  static final int CODE_USED = 40163;
  static final int RATE_LIMITED = 45011;
  static final int RISKY_USER = 40226;
  static final int INVALID_TOKEN = 40001;
  static final int TOKEN_EXPIRED = 42001;
  static final int INVALID_TOKEN_FORMAT = 40014;
  static final int INVALID_APPID = 40013;
  static final int INVALID_SECRET = 40125;
  static final int SUBSCRIPTION_REFUSED = 43101;

  private WeChatErrors() {
  }

  static boolean isTokenProblem(int errcode) {
    return errcode == INVALID_TOKEN || errcode == TOKEN_EXPIRED || errcode == INVALID_TOKEN_FORMAT;
  }

  static ApiException toProblem(int errcode, String errmsg) {
    return switch (errcode) {
      case INVALID_CODE -> ApiException.unauthorized("auth.code_invalid", "The login code is invalid or expired");
      case CODE_USED -> ApiException.unauthorized("auth.code_used", "The login code has already been used");
      case RISKY_USER -> new ApiException(403, "auth.risky_user", "Forbidden",
          "WeChat marked this account as high risk");
      case RATE_LIMITED -> ApiException.tooManyRequests("wechat.rate_limited",
          "WeChat is limiting requests; try again in a minute");
      case SUBSCRIPTION_REFUSED -> ApiException.unprocessable("wechat.not_subscribed",
          "The person has no subscription for this message");
      case SYSTEM_BUSY -> ApiException.unavailable("wechat.unavailable", "WeChat is busy; try again shortly");
      case INVALID_APPID, INVALID_SECRET -> ApiException.unavailable("wechat.misconfigured",
          "The server's WeChat credentials are wrong");
      default -> new ApiException(502, "wechat.error", "WeChat refused",
          "WeChat answered " + errcode + ": " + errmsg);
    };
  }
}
