package dev.squall.util;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Cheap 24-hex-character ids shaped like MongoDB ObjectIds: 4 bytes of epoch seconds, 5 bytes fixed per
 * process, 3 bytes of counter. Sortable by creation second, unique per process without SecureRandom per id.
 */
public final class Ids {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final byte[] PROCESS = new byte[5];
  private static final AtomicInteger COUNTER;

  static {
    SecureRandom random = new SecureRandom();
    random.nextBytes(PROCESS);
    COUNTER = new AtomicInteger(random.nextInt(0x00ffffff));
  }

  private Ids() {
  }

  /** A new id. */
  public static String next() {
    int seconds = (int) (System.currentTimeMillis() / 1000);
    int counter = COUNTER.getAndIncrement() & 0x00ffffff;
    char[] out = new char[24];
    putInt(out, 0, seconds);
    for (int i = 0; i < 5; i++) {
      putByte(out, 8 + i * 2, PROCESS[i]);
    }
    putByte(out, 18, (byte) (counter >>> 16));
    putByte(out, 20, (byte) (counter >>> 8));
    putByte(out, 22, (byte) counter);
    return new String(out);
  }

  /** True when the text looks like an id this class (or MongoDB) makes. */
  public static boolean isId(String text) {
    if (text == null || text.length() != 24) {
      return false;
    }
    for (int i = 0; i < 24; i++) {
      char c = text.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** The hex MD5 of a text's UTF-8 bytes, which StackStorm puts in uids (trigger parameters, trace tags). */
  public static String md5Hex(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
      return String.format("%032x", new BigInteger(1, digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void putInt(char[] out, int at, int value) {
    putByte(out, at, (byte) (value >>> 24));
    putByte(out, at + 2, (byte) (value >>> 16));
    putByte(out, at + 4, (byte) (value >>> 8));
    putByte(out, at + 6, (byte) value);
  }

  private static void putByte(char[] out, int at, byte b) {
    out[at] = HEX[(b >>> 4) & 0xf];
    out[at + 1] = HEX[b & 0xf];
  }
}
