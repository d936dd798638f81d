package dev.squall.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Hashes as Apache's htpasswd, openssl and Python write them (generated with those tools, password "secret"). */
class PasswordHashesTest {
  @ParameterizedTest
  @ValueSource(strings = {
      "$2y$05$tzCS96272.JHMA3U1lIvdOHfHFB6U5qhYW4.sP0NI6XpfWkU7vOGi",
      "$apr1$Q279aQaa$P06gzWdN/fVQm6xRkNPsT1",
      "{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ=",
      "he9Zev3nswNG.",
      "$1$abcdefgh$cHJi5PXp/ki/ktXzqlk6I1",
      "$6$abcdefgh$ltjgWl6579NluT/Vi1nwEvcil.G5Nbc4NiXZaNGStk8PSwGfQv72N2CKPPrVACtLtip/cZ/1GM/O6IND4WQhG.",
      "$6$V8YiWqHGXciQVjLq$KRE0M3GpoRKhJ665E.XcKRap/2.v4RIVOf2i3kR/1LCyYQzPBqZ8yHQURaCyAo./KW3Ag7Dnai0aJqRJGlOdh/"})
  void acceptsTheRightPasswordOnly(String hash) {
    assertTrue(PasswordHashes.verify("secret", hash), hash);
    assertFalse(PasswordHashes.verify("Secret", hash), hash);
    assertFalse(PasswordHashes.verify("", hash), hash);
  }

  @Test
  void newHashesAreBcrypt2yAndVerify() {
    String hash = PasswordHashes.bcrypt("pa:ss wörd");
    assertTrue(hash.startsWith("$2y$10$"), hash);
    assertTrue(PasswordHashes.verify("pa:ss wörd", hash));
    assertFalse(PasswordHashes.verify("pa:ss word", hash));
    assertTrue(PasswordHashes.verify("secret", PasswordHashes.bcrypt("secret").replace("$2y$", "$2b$")),
        "$2b$ hashes (Python bcrypt) verify too");
  }

  @Test
  void malformedOrUnknownHashesNeverMatch() {
    assertFalse(PasswordHashes.verify("secret", "$2y$05$short"));
    assertFalse(PasswordHashes.verify("secret", "plain-secret"));
    assertFalse(PasswordHashes.verify("secret", "secret"));
    assertFalse(PasswordHashes.verify("secret", null));
    assertFalse(PasswordHashes.verify(null, "{SHA}5en6G6MezRroT3XKqkdPOmY/BfQ="));
  }
}
