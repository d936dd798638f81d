package dev.squall.util;

import dev.squall.error.Validation;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * StackStorm's datastore encryption (keyczar-compatible AES): values encrypted here decrypt in StackStorm and
 * the other way round, with the same key file.
 *
 * <p>Key file: JSON {@code {"hmacKey": {"hmacKeyString", "size"}, "aesKeyString", "mode": "CBC", "size"}},
 * keys in web-safe base64 without padding. Ciphertext: upper-case hex of a 5-byte header (ASCII
 * {@code "00000"}, ignored on decrypt), a random 16-byte IV, the AES-CBC/PKCS5 ciphertext of the UTF-8
 * plaintext, and the full 20-byte HMAC-SHA1 of everything before it.
 *
 * <p>Immutable and thread-safe; cipher objects are made per call.
 */
public final class SymmetricCrypto {
  /** Key size of generated keys, in bits (StackStorm's default). */
  public static final int DEFAULT_KEY_SIZE = 256;
  private static final int MINIMUM_KEY_SIZE = 128;
  private static final int HEADER_SIZE = 5;
  private static final byte[] HEADER = "00000".getBytes(StandardCharsets.US_ASCII);
  private static final int IV_SIZE = 16;
  private static final int MAC_SIZE = 20;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String aesKeyString;
  private final String hmacKeyString;
  private final int hmacKeySize;
  private final int size;
  private final SecretKeySpec aesKey;
  private final SecretKeySpec hmacKey;

  private SymmetricCrypto(String aesKeyString, String hmacKeyString, int hmacKeySize, int size) {
    this.aesKeyString = aesKeyString;
    this.hmacKeyString = hmacKeyString;
    this.hmacKeySize = hmacKeySize;
    this.size = size;
    byte[] aes = decodeWebSafe(aesKeyString, "aesKeyString");
    if (aes.length != 16 && aes.length != 24 && aes.length != 32) {
      throw new Validation("Invalid or malformed key file: AES key of " + aes.length * 8 + " bits");
    }
    this.aesKey = new SecretKeySpec(aes, "AES");
    this.hmacKey = new SecretKeySpec(decodeWebSafe(hmacKeyString, "hmacKeyString"), "HmacSHA1");
  }

  /** A new random key: AES-256 and a 256-bit HMAC key. */
  public static SymmetricCrypto generate() {
    byte[] aes = new byte[DEFAULT_KEY_SIZE / 8];
    byte[] hmac = new byte[DEFAULT_KEY_SIZE / 8];
    RANDOM.nextBytes(aes);
    RANDOM.nextBytes(hmac);
    return new SymmetricCrypto(encodeWebSafe(aes), encodeWebSafe(hmac), DEFAULT_KEY_SIZE, DEFAULT_KEY_SIZE);
  }

  /**
   * Reads a key from the text of a key file.
   *
   * @throws Validation when the text is not a valid key file (missing field, mode other than CBC, size under 128)
   */
  public static SymmetricCrypto fromKeyFile(String json) {
    JsonObject file;
    try {
      file = new JsonObject(json);
    } catch (DecodeException | ClassCastException e) {
      throw new Validation("Invalid or malformed key file: not a JSON object");
    }
    Object hmac = file.getValue("hmacKey");
    if (!(hmac instanceof JsonObject hmacKey)) {
      throw new Validation("Invalid or malformed key file: 'hmacKey'");
    }
    String mode = text(file, "mode");
    if (!"CBC".equalsIgnoreCase(mode)) {
      throw new Validation("Unsupported mode: " + mode);
    }
    int size = number(file, "size");
    if (size < MINIMUM_KEY_SIZE) {
      throw new Validation("Unsafe key size: " + size);
    }
    return new SymmetricCrypto(text(file, "aesKeyString"), text(hmacKey, "hmacKeyString"),
        number(hmacKey, "size"), size);
  }

  /**
   * Reads the key file, or creates it with a new key (owner-only permissions where the file system is
   * POSIX) when it does not exist yet. Blocking file I/O: call at start-up or on a worker thread.
   */
  public static SymmetricCrypto loadOrCreate(Path keyFile) {
    try {
      if (Files.exists(keyFile)) {
        return fromKeyFile(Files.readString(keyFile));
      }
      // nodes sharing a data dir start together: one writes the key, the others read it
      return ProcessLock.holding(keyFile.resolveSibling(keyFile.getFileName() + ".lock"), () -> {
        if (Files.exists(keyFile)) {
          return fromKeyFile(Files.readString(keyFile));
        }
        Path dir = keyFile.toAbsolutePath().getParent();
        SymmetricCrypto created = generate();
        Path temp = createPrivateFile(dir);
        try {
          Files.writeString(temp, created.toKeyFile());
          Files.move(temp, keyFile, StandardCopyOption.ATOMIC_MOVE); // readers see no half-written key
          return created;
        } finally {
          Files.deleteIfExists(temp);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or create crypto key file " + keyFile, e);
    }
  }

  private static Path createPrivateFile(Path dir) throws IOException {
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return Files.createTempFile(dir, ".key", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    return Files.createTempFile(dir, ".key", ".tmp");
  }

  /** The key file text, in the field order StackStorm writes. */
  public String toKeyFile() {
    return new JsonObject()
        .put("hmacKey", new JsonObject().put("hmacKeyString", hmacKeyString).put("size", hmacKeySize))
        .put("aesKeyString", aesKeyString)
        .put("mode", "CBC")
        .put("size", size)
        .encode();
  }

  /** Encrypts the UTF-8 bytes of a text; a new random IV each call. */
  public String encrypt(String plaintext) {
    byte[] iv = new byte[IV_SIZE];
    RANDOM.nextBytes(iv);
    try {
      Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
      cipher.init(Cipher.ENCRYPT_MODE, aesKey, new IvParameterSpec(iv));
      byte[] body = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[HEADER_SIZE + IV_SIZE + body.length + MAC_SIZE];
      System.arraycopy(HEADER, 0, out, 0, HEADER_SIZE);
      System.arraycopy(iv, 0, out, HEADER_SIZE, IV_SIZE);
      System.arraycopy(body, 0, out, HEADER_SIZE + IV_SIZE, body.length);
      Mac mac = mac();
      mac.update(out, 0, out.length - MAC_SIZE);
      mac.doFinal(out, out.length - MAC_SIZE);
      return HexFormat.of().withUpperCase().formatHex(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES encryption unavailable", e);
    }
  }

  /**
   * Decrypts a value made by {@link #encrypt} (or by StackStorm with the same key).
   *
   * @throws Validation when the value is not hex, is too short, or its signature does not match this key
   */
  public String decrypt(String hex) {
    byte[] in;
    try {
      in = HexFormat.of().parseHex(hex == null ? "" : hex);
    } catch (IllegalArgumentException e) {
      throw new Validation("Invalid or malformed ciphertext (not hex)");
    }
    if (in.length < HEADER_SIZE + IV_SIZE + MAC_SIZE) {
      throw new Validation("Invalid or malformed ciphertext (too short)");
    }
    int macAt = in.length - MAC_SIZE;
    try {
      Mac mac = mac();
      mac.update(in, 0, macAt);
      if (!MessageDigest.isEqual(mac.doFinal(), Arrays.copyOfRange(in, macAt, in.length))) {
        throw new Validation("Signature did not match digest.");
      }
      Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
      cipher.init(Cipher.DECRYPT_MODE, aesKey, new IvParameterSpec(in, HEADER_SIZE, IV_SIZE));
      byte[] plain = cipher.doFinal(in, HEADER_SIZE + IV_SIZE, macAt - HEADER_SIZE - IV_SIZE);
      return new String(plain, StandardCharsets.UTF_8);
    } catch (javax.crypto.BadPaddingException | javax.crypto.IllegalBlockSizeException e) {
      throw new Validation("Invalid or malformed ciphertext (bad padding)");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES decryption unavailable", e);
    }
  }

  private Mac mac() throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(hmacKey);
    return mac;
  }

  @Override
  public String toString() {
    // Never print key material.
    return "SymmetricCrypto[mode=CBC, size=" + size + ", hmacKeySize=" + hmacKeySize + "]";
  }

  private static String text(JsonObject o, String field) {
    if (!(o.getValue(field) instanceof String s)) {
      throw new Validation("Invalid or malformed key file: '" + field + "'");
    }
    return s;
  }

  private static int number(JsonObject o, String field) {
    Object v = o.getValue(field);
    if (v instanceof Number n) {
      return n.intValue();
    }
    if (v instanceof String s && s.matches("\\d+")) {
      return Integer.parseInt(s);
    }
    throw new Validation("Invalid or malformed key file: '" + field + "'");
  }

  static String encodeWebSafe(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static byte[] decodeWebSafe(String text, String field) {
    // keyczar ignores whitespace and accepts the string with or without padding.
    String compact = text.replaceAll("\\s", "").replace("=", "");
    try {
      return Base64.getUrlDecoder().decode(compact);
    } catch (IllegalArgumentException e) {
      throw new Validation("Invalid or malformed key file: '" + field + "' is not web-safe base64");
    }
  }
}
