package cn.zhibu.wechat;

import cn.zhibu.platform.ApiException;

/** WeChat answered with a non-zero errcode. */
public final class WeChatException extends ApiException {
  private final int errcode;

  WeChatException(int errcode, String errmsg) {
    this(errcode, WeChatErrors.toProblem(errcode, errmsg));
  }

  private WeChatException(int errcode, ApiException mapped) {
    super(mapped.status(), mapped.code(), mapped.title(), mapped.getMessage());
    this.errcode = errcode;
  }

  public int errcode() {
    return errcode;
  }
}
