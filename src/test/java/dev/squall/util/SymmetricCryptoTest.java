package dev.squall.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.squall.error.Validation;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SymmetricCryptoTest {
  // StackStorm's test key (st2tests/conf/st2_kvstore_tests.crypto.key.json) and a value its test suite
  // documents as "S3cret!Value" encrypted with it (st2api test_kvps.py).
  private static final String ST2_TEST_KEY = "{\"hmacKey\": {\"hmacKeyString\": "
      + "\"685EWJ8U2U_c3Ulv9ibB6aa0Y9aYm-0bCwe2mqjLJuw\", \"size\": 256}, "
      + "\"aesKeyString\": \"eKGFrfNEUhAgX0uofaU1wQ\", \"mode\": \"CBC\", \"size\": 128}";
  private static final String ST2_CIPHERTEXT = "3030303030298D848B45A24EDCD1A82FAB4E831E3FCE6E60956817A48A180E4C040801E"
      + "B30170DACF79498F30520236A629912C3584847098D";

  @Test
  void decryptsStackStormsOwnCiphertext() {
    SymmetricCrypto crypto = SymmetricCrypto.fromKeyFile(ST2_TEST_KEY);
    assertEquals("S3cret!Value", crypto.decrypt(ST2_CIPHERTEXT));
    assertEquals("S3cret!Value", crypto.decrypt(ST2_CIPHERTEXT.toLowerCase()));
  }

  @Test
  void ciphertextHasStackStormsShape() {
    SymmetricCrypto crypto = SymmetricCrypto.fromKeyFile(ST2_TEST_KEY);
    String hex = crypto.encrypt("S3cret!Value");
    assertEquals(ST2_CIPHERTEXT.length(), hex.length(), "header 5 + IV 16 + one block + HMAC 20 bytes");
    assertTrue(hex.startsWith("3030303030"), hex);
    assertEquals(hex.toUpperCase(), hex);
    assertEquals("S3cret!Value", crypto.decrypt(hex));
  }

  @Test
  void roundTripsAnyTextWithFreshIvs() {
    SymmetricCrypto crypto = SymmetricCrypto.generate();
    for (String text : List.of("", "a", "exactly16bytes!!", "ünïcødé ✓ 🔑", "x".repeat(1000))) {
      String first = crypto.encrypt(text);
      String second = crypto.encrypt(text);
      assertNotEquals(first, second, "random IV per value");
      assertEquals(text, crypto.decrypt(first));
      assertEquals(text, crypto.decrypt(second));
    }
  }

  @Test
  void keyFileRoundTripsInStackStormsFormat() {
    SymmetricCrypto crypto = SymmetricCrypto.generate();
    JsonObject file = new JsonObject(crypto.toKeyFile());
    assertEquals(List.of("hmacKey", "aesKeyString", "mode", "size"), new ArrayList<>(file.fieldNames()));
    assertEquals("CBC", file.getString("mode"));
    assertEquals(256, file.getInteger("size"));
    assertEquals(256, file.getJsonObject("hmacKey").getInteger("size"));
    String aes = file.getString("aesKeyString");
    assertTrue(aes.matches("[A-Za-z0-9_-]{43}"), "32 bytes, web-safe base64 without padding: " + aes);
    assertTrue(file.getJsonObject("hmacKey").getString("hmacKeyString").matches("[A-Za-z0-9_-]{43}"));
    SymmetricCrypto reread = SymmetricCrypto.fromKeyFile(crypto.toKeyFile());
    assertEquals("v", reread.decrypt(crypto.encrypt("v")));
    assertTrue(!crypto.toString().contains(aes), "no key material in toString");
  }

  @Test
  void rejectsTamperedShortOrForeignValues() {
    SymmetricCrypto crypto = SymmetricCrypto.generate();
    String hex = crypto.encrypt("secret");
    char last = hex.charAt(hex.length() - 1);
    String tampered = hex.substring(0, hex.length() - 1) + (last == 'A' ? 'B' : 'A');
    assertEquals("Signature did not match digest.",
        assertThrows(Validation.class, () -> crypto.decrypt(tampered)).getMessage());
    String flippedBody = hex.substring(0, 50) + (hex.charAt(50) == '0' ? '1' : '0') + hex.substring(51);
    assertThrows(Validation.class, () -> crypto.decrypt(flippedBody));
    assertEquals("Invalid or malformed ciphertext (too short)",
        assertThrows(Validation.class, () -> crypto.decrypt(hex.substring(0, 60))).getMessage());
    assertThrows(Validation.class, () -> crypto.decrypt("not hex at all"));
    assertThrows(Validation.class, () -> SymmetricCrypto.generate().decrypt(hex));
  }

  @Test
  void rejectsBadKeyFiles() {
    assertThrows(Validation.class, () -> SymmetricCrypto.fromKeyFile("nope"));
    assertThrows(Validation.class, () -> SymmetricCrypto.fromKeyFile("{\"aesKeyString\": \"eKGFrfNEUhAgX0uofaU1wQ\"}"));
    assertEquals("Unsupported mode: ECB", assertThrows(Validation.class,
        () -> SymmetricCrypto.fromKeyFile(ST2_TEST_KEY.replace("CBC", "ECB"))).getMessage());
    assertEquals("Unsafe key size: 64", assertThrows(Validation.class,
        () -> SymmetricCrypto.fromKeyFile(ST2_TEST_KEY.replace("\"size\": 128", "\"size\": 64"))).getMessage());
  }

  @Test
  void loadOrCreateWritesAPrivateKeyOnceAndRereadsIt(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("keys/datastore_key.json");
    SymmetricCrypto created = SymmetricCrypto.loadOrCreate(file);
    assertTrue(Files.exists(file));
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
    String text = Files.readString(file);
    SymmetricCrypto loaded = SymmetricCrypto.loadOrCreate(file);
    assertEquals(text, Files.readString(file), "an existing key is never replaced");
    assertEquals("same key", loaded.decrypt(created.encrypt("same key")));
    try (var files = Files.list(file.getParent())) {
      assertEquals(List.of("datastore_key.json", "datastore_key.json.lock"),
          files.map(f -> f.getFileName().toString()).sorted().toList(),
          "no temporary files left behind (the lock that keeps nodes sharing the dir from each writing a key stays)");
    }
  }

  /** An independent implementation (the openssl CLI) encrypts; we decrypt — and the other way round. */
  @Test
  void interoperatesWithOpensslComputation(@TempDir Path dir) throws Exception {
    assumeTrue(opensslAvailable(), "openssl not installed");
    SymmetricCrypto crypto = SymmetricCrypto.fromKeyFile(ST2_TEST_KEY);
    String aesHex = HexFormat.of().formatHex(SymmetricCrypto.decodeWebSafe("eKGFrfNEUhAgX0uofaU1wQ", "aes"));
    String hmacHex = HexFormat.of().formatHex(
        SymmetricCrypto.decodeWebSafe("685EWJ8U2U_c3Ulv9ibB6aa0Y9aYm-0bCwe2mqjLJuw", "hmac"));
    String ivHex = "000102030405060708090a0b0c0d0e0f";

    Path plain = Files.writeString(dir.resolve("plain"), "open sesame, süß");
    byte[] body = run(plain, "openssl", "enc", "-aes-128-cbc", "-K", aesHex, "-iv", ivHex);
    ByteArrayOutputStream message = new ByteArrayOutputStream();
    message.write("00000".getBytes(StandardCharsets.US_ASCII));
    message.write(HexFormat.of().parseHex(ivHex));
    message.write(body);
    Path messageFile = dir.resolve("message");
    Files.write(messageFile, message.toByteArray());
    byte[] mac = run(messageFile, "openssl", "dgst", "-sha1", "-binary", "-mac", "HMAC", "-macopt", "hexkey:" + hmacHex);
    message.write(mac);
    assertEquals("open sesame, süß", crypto.decrypt(HexFormat.of().withUpperCase().formatHex(message.toByteArray())));

    byte[] ours = HexFormat.of().parseHex(crypto.encrypt("from squall"));
    byte[] signed = java.util.Arrays.copyOfRange(ours, 0, ours.length - 20);
    Files.write(messageFile, signed);
    assertEquals(HexFormat.of().formatHex(java.util.Arrays.copyOfRange(ours, ours.length - 20, ours.length)),
        HexFormat.of().formatHex(run(messageFile, "openssl", "dgst", "-sha1", "-binary", "-mac", "HMAC",
            "-macopt", "hexkey:" + hmacHex)));
    Path cipherFile = dir.resolve("cipher");
    Files.write(cipherFile, java.util.Arrays.copyOfRange(ours, 21, ours.length - 20));
    String oursIv = HexFormat.of().formatHex(java.util.Arrays.copyOfRange(ours, 5, 21));
    assertEquals("from squall", new String(run(cipherFile, "openssl", "enc", "-d", "-aes-128-cbc", "-K", aesHex,
        "-iv", oursIv), StandardCharsets.UTF_8));
  }

  private static boolean opensslAvailable() {
    try {
      return new ProcessBuilder("openssl", "version").redirectErrorStream(true).start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  private static byte[] run(Path input, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectInput(input.toFile())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertEquals(0, p.waitFor(), String.join(" ", command));
    return out;
  }
}
