package cn.zhibu.wechatpay;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * WeChat Pay API v3's cryptography, with the JDK alone: SHA256-with-RSA signatures over the message formats v3
 * defines (a request: method, URL, timestamp, nonce, body; an answer or a notification: timestamp, nonce, body;
 * a mini-program payment: appId, timeStamp, nonceStr, package — each line ending in \n), and the AEAD_AES_256_GCM
 * encryption of a notification's resource under the merchant's API v3 key. Pure: no I/O, safe on any thread
 * (RSA signing takes about a millisecond; callers on the event loop sign one message per request).
 */
public final class PaySignatures {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String NONCE_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  private PaySignatures() {
  }

  /** A fresh nonce of 32 letters and digits, as v3 uses them. */
  public static String nonce() {
    StringBuilder out = new StringBuilder(32);
    for (int i = 0; i < 32; i++) {
      out.append(NONCE_LETTERS.charAt(RANDOM.nextInt(NONCE_LETTERS.length())));
    }
    return out.toString();
  }

  /** The lines of a message, each ending in a newline. */
  public static String message(String... lines) {
    StringBuilder out = new StringBuilder();
    for (String line : lines) {
      out.append(line).append('\n');
    }
    return out.toString();
  }

  public static String sign(PrivateKey key, String message) {
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(key);
      s.update(message.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code signature} (Base64) is the key's signature of the message; false for anything malformed. */
  public static boolean verify(PublicKey key, String message, String signature) {
    if (signature == null) {
      return false;
    }
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initVerify(key);
      s.update(message.getBytes(StandardCharsets.UTF_8));
      return s.verify(Base64.getDecoder().decode(signature));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  /** The {@code Authorization} header of a request to WeChat Pay (WECHATPAY2-SHA256-RSA2048). */
  public static String authorization(String mchid, String serial, PrivateKey key, String method, String pathAndQuery,
      long timestamp, String nonce, String body) {
    String signature = sign(key, message(method, pathAndQuery, String.valueOf(timestamp), nonce, body));
    return "WECHATPAY2-SHA256-RSA2048 mchid=\"" + mchid + "\",nonce_str=\"" + nonce + "\",signature=\"" + signature
        + "\",timestamp=\"" + timestamp + "\",serial_no=\"" + serial + "\"";
  }

  /** Decrypts a notification's resource (AEAD_AES_256_GCM; the 16-byte tag at the end of the ciphertext). */
  public static String decrypt(byte[] apiV3Key, String associatedData, String nonce, String ciphertext)
      throws GeneralSecurityException {
    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(apiV3Key, "AES"),
        new GCMParameterSpec(128, nonce.getBytes(StandardCharsets.UTF_8)));
    if (associatedData != null) {
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
    }
    return new String(cipher.doFinal(Base64.getDecoder().decode(ciphertext)), StandardCharsets.UTF_8);
  }

  /** Encrypts as WeChat Pay does (the fake's notifications): Base64 of the ciphertext with its tag. */
  public static String encrypt(byte[] apiV3Key, String associatedData, String nonce, String plaintext) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(apiV3Key, "AES"),
          new GCMParameterSpec(128, nonce.getBytes(StandardCharsets.UTF_8)));
      cipher.updateAAD(associatedData.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A 2048-bit RSA key pair (the fake's platform key, and a dev merchant key). */
  public static KeyPair rsaKeyPair() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A private key from PEM (PKCS#8, "-----BEGIN PRIVATE KEY-----", as the merchant's apiclient_key.pem is). */
  public static PrivateKey privateKey(String pem) {
    try {
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der(pem)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not a PKCS#8 RSA private key", e);
    }
  }

  /** A public key from PEM ("-----BEGIN PUBLIC KEY-----", as WeChat Pay's platform public key is downloaded). */
  public static PublicKey publicKey(String pem) {
    try {
      return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der(pem)));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("not an RSA public key", e);
    }
  }

  private static byte[] der(String pem) {
    return Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
  }
}
