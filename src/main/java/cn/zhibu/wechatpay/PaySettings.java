package cn.zhibu.wechatpay;

import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * A school's merchant account as the client needs it: where WeChat Pay is, the mini-program's appid, the merchant
 * number and its API certificate's serial and private key (to sign requests and the phone's payment), WeChat
 * Pay's platform public key (to verify answers and notifications), the API v3 key (to decrypt notifications) and
 * the URL WeChat Pay notifies.
 */
public record PaySettings(String baseUrl, String appid, String mchid, String serial, PrivateKey merchantKey,
    PublicKey platformKey, byte[] apiV3Key, String notifyUrl) {
}
