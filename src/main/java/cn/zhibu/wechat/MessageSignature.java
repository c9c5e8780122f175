package cn.zhibu.wechat;

import java.util.Arrays;

/** How WeChat signs a message push: the SHA-1 of the token, timestamp and nonce, sorted and joined. */
public final class MessageSignature {
  private MessageSignature() {
  }

  public static String of(String token, String timestamp, String nonce) {
    String[] parts = {token, timestamp, nonce};
    Arrays.sort(parts);
    return cn.zhibu.platform.Hashing.sha1Hex(String.join("", parts));
  }
}
