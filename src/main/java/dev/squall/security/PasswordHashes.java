package dev.squall.security;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import org.apache.commons.codec.digest.Md5Crypt;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.apache.commons.codec.digest.UnixCrypt;

/**
 * The password hashes an htpasswd file holds: bcrypt ({@code $2y$ $2b$ $2a$}), Apache MD5 ({@code $apr1$}),
 * {@code {SHA}}, glibc crypt ({@code $1$ $5$ $6$}) and traditional DES crypt. Slow by design: call off the
 * event loop.
 */
public final class PasswordHashes {
  /** bcrypt cost for new hashes: about 50 ms here, as {@code htpasswd -B} does by default. */
  public static final int BCRYPT_COST = 10;

  private PasswordHashes() {
  }

  /** A new {@code $2y$} bcrypt hash, the form {@code htpasswd -B} writes. */
  public static String bcrypt(String password) {
    return BCrypt.with(BCrypt.Version.VERSION_2Y).hashToString(BCRYPT_COST, password.toCharArray());
  }

  /** Whether the password matches the stored hash; unknown hash forms never match. */
  public static boolean verify(String password, String hash) {
    if (password == null || hash == null || hash.isEmpty()) {
      return false;
    }
    try {
      if (hash.startsWith("$2y$") || hash.startsWith("$2b$") || hash.startsWith("$2a$")) {
        return BCrypt.verifyer().verify(password.getBytes(StandardCharsets.UTF_8),
            hash.getBytes(StandardCharsets.UTF_8)).verified;
      }
      if (hash.startsWith("$apr1$")) {
        return Digests.same(Md5Crypt.apr1Crypt(password.getBytes(StandardCharsets.UTF_8), hash), hash);
      }
      if (hash.startsWith("$1$")) {
        return Digests.same(Md5Crypt.md5Crypt(password.getBytes(StandardCharsets.UTF_8), hash), hash);
      }
      if (hash.startsWith("$5$") || hash.startsWith("$6$")) {
        String computed = hash.startsWith("$5$")
            ? Sha2Crypt.sha256Crypt(password.getBytes(StandardCharsets.UTF_8), hash)
            : Sha2Crypt.sha512Crypt(password.getBytes(StandardCharsets.UTF_8), hash);
        return Digests.same(computed, hash);
      }
      if (hash.startsWith("{SHA}")) {
        byte[] digest = MessageDigest.getInstance("SHA-1").digest(password.getBytes(StandardCharsets.UTF_8));
        return Digests.same("{SHA}" + Base64.getEncoder().encodeToString(digest), hash);
      }
      if (hash.length() == 13) {
        return Digests.same(UnixCrypt.crypt(password, hash.substring(0, 2)), hash);
      }
      return false;
    } catch (RuntimeException | java.security.NoSuchAlgorithmException e) {
      return false;  // a malformed stored hash never authenticates anyone
    }
  }
}
