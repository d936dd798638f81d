package dev.squall.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Hashing and random material for credentials. */
public final class Digests {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Digests() {
  }

  public static String sha256Hex(String text) {
    return hex("SHA-256", text);
  }

  public static String sha512Hex(String text) {
    return hex("SHA-512", text);
  }

  /** {@code n} random bytes as lower-case hex. */
  public static String randomHex(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** {@code n} random bytes as URL-safe base64 without padding. */
  public static String randomToken(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Compares without leaking where two texts differ. */
  public static boolean same(String a, String b) {
    return a != null && b != null
        && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static String hex(String algorithm, String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
