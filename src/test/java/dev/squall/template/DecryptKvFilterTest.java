package dev.squall.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.error.Validation;
import dev.squall.util.SymmetricCrypto;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DecryptKvFilterTest {
  private final Jinja jinja = new Jinja();

  @Test
  void decryptsPlainStringsWithTheRegisteredKey() {
    SymmetricCrypto crypto = SymmetricCrypto.generate();
    Map<String, Object> context = Map.of("c", crypto.encrypt("s3cr3t"));
    Jinja.registerDecrypt(crypto);
    try {
      assertEquals("s3cr3t", jinja.render("{{ c | decrypt_kv }}", context));
    } finally {
      Jinja.registerDecrypt(null);
    }
    Validation e = assertThrows(Validation.class, () -> jinja.render("{{ c | decrypt_kv }}", context));
    assertTrue(e.getMessage().contains("Crypto key not set up"), e.getMessage());
  }

  @Test
  void lookupsCarryTheirOwnKeyAndPrintTheirValue() {
    SymmetricCrypto crypto = SymmetricCrypto.generate();
    String ciphertext = crypto.encrypt("inner");
    KeyValueLookup system = KeyValueLookup.system(n -> n.equals("s") ? Optional.of(ciphertext) : Optional.empty(),
        crypto);
    Map<String, Object> context = Map.of("st2kv", Map.of("system", system));
    assertEquals("inner", jinja.render("{{ st2kv.system.s | decrypt_kv }}", context));
    assertEquals(ciphertext, jinja.render("{{ st2kv.system.s }}", context));
    assertEquals("['" + ciphertext + "']", jinja.render("{{ [st2kv.system.s] }}", context));
    assertEquals(ciphertext.length() + "", jinja.render("{{ st2kv.system.s | length }}", context));
  }

  @Test
  void aFailingRenderThatDecryptedAValueNeverQuotesIt() {
    SymmetricCrypto crypto = SymmetricCrypto.generate();
    String ciphertext = crypto.encrypt("hunter2 not json");
    KeyValueLookup system = KeyValueLookup.system(n -> n.equals("s") ? Optional.of(ciphertext) : Optional.empty(),
        crypto);
    Map<String, Object> context = Map.of("st2kv", Map.of("system", system));
    Validation plain = assertThrows(Validation.class,
        () -> jinja.render("{{ 'hunter2 not json' | from_json_string }}", context));
    assertTrue(plain.getMessage().contains("hunter2"), "without a decrypted value the details stay: " + plain.getMessage());
    Validation e = assertThrows(Validation.class,
        () -> jinja.render("{{ st2kv.system.s | decrypt_kv | from_json_string }}", context));
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    assertEquals(RenderScope.WITHHELD, e.getMessage());
    Validation missing = assertThrows(Validation.class,
        () -> jinja.render("{{ st2kv.system.nope | decrypt_kv }}", context));
    assertTrue(missing.getMessage().contains("nope\" doesn't exist"), missing.getMessage());
  }
}
