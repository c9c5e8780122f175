package cn.zhibu.platform;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Hashes of secrets we must recognise but never keep (refresh tokens, activation codes). */
public final class Hashing {
  private static final SecureRandom RANDOM = new SecureRandom();
  /** No 0/O, 1/I/L: codes are read aloud and typed on phones. */
  private static final String READABLE = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

  private Hashing() {
  }

  public static String sha256(String value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The SHA-256 of some bytes, in hex (a file's fingerprint). */
  public static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The SHA-1 of a text (UTF-8), in hex: for what others define with it (WeChat's message signature, WeChat Pay's
   * bill hash, Redis's script ids), never for secrets.
   */
  public static String sha1Hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Compares two hashes in constant time. */
  public static boolean same(String a, String b) {
    return a != null && b != null
        && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  /** A random code of {@code length} easily-read characters. */
  public static String readableCode(int length) {
    StringBuilder code = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      code.append(READABLE.charAt(RANDOM.nextInt(READABLE.length())));
    }
    return code.toString();
  }
}
