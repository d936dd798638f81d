package dev.squall.keyvalue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.error.Validation;
import dev.squall.util.Ids;
import dev.squall.util.SymmetricCrypto;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KeyValuesTest {
  private static final Instant NOW = Instant.parse("2024-05-01T10:00:00.123456Z");
  private static final String KEY_PATH = "/etc/squall/keys/datastore_key.json";
  private final SymmetricCrypto crypto = SymmetricCrypto.generate();

  @ParameterizedTest
  @CsvSource(nullValues = "null", textBlock = """
      null, st2kv.system
      '', st2kv.system
      system, st2kv.system
      st2kv.system, st2kv.system
      user, st2kv.user
      st2kv.user, st2kv.user
      """)
  void normalisesScopes(String input, String expected) {
    assertEquals(expected, KeyValues.scope(input));
    assertEquals(expected, KeyValues.listScope(input));
  }

  @Test
  void rejectsOtherScopesWithStackStormsMessages() {
    assertEquals("Scope st2kv.bogus is not in allowed scopes list: ['system', 'user', 'st2kv.system', 'st2kv.user'].",
        assertThrows(Validation.class, () -> KeyValues.scope("bogus")).getMessage());
    assertEquals("Scope all is not in allowed scopes list: ['system', 'user', 'st2kv.system', 'st2kv.user'].",
        assertThrows(Validation.class, () -> KeyValues.scope("all")).getMessage());
    assertEquals("all", KeyValues.listScope("all"));
    assertEquals("Invalid scope: st2kv.bogus",
        assertThrows(Validation.class, () -> KeyValues.listScope("bogus")).getMessage());
    assertEquals("Invalid scope: st2kv.nope",
        assertThrows(Validation.class, () -> KeyValues.listScope("st2kv.nope")).getMessage());
  }

  @Test
  void storesAPlainSystemKey() {
    JsonObject doc = KeyValues.stored("k1", new JsonObject().put("name", "k1").put("value", "v1"), "stanley",
        null, KEY_PATH, NOW);
    assertTrue(Ids.isId(doc.getString("id")));
    assertEquals("key_value_pair:st2kv.system:k1", doc.getString("uid"));
    assertEquals("k1", doc.getString("name"));
    assertEquals("st2kv.system", doc.getString("scope"));
    assertEquals("v1", doc.getString("value"));
    assertEquals(false, doc.getBoolean("secret"));
    assertFalse(doc.containsKey("expire_timestamp"));
    assertFalse(doc.containsKey("encrypted"));
    assertFalse(doc.containsKey("user"));
  }

  @Test
  void storesAUserKeyUnderUserPrefixedNameAndViewSplitsItBack() {
    JsonObject doc = KeyValues.stored("k", new JsonObject().put("value", "v").put("scope", "user")
        .put("description", "d"), "alice", null, KEY_PATH, NOW);
    assertEquals("alice:k", doc.getString("name"));
    assertEquals("key_value_pair:st2kv.user:alice:k", doc.getString("uid"));
    assertEquals("d", doc.getString("description"));

    JsonObject forBob = KeyValues.stored("k", new JsonObject().put("value", "v").put("scope", "st2kv.user")
        .put("user", "bob"), "alice", null, KEY_PATH, NOW);
    assertEquals("bob:k", forBob.getString("name"));

    JsonObject view = KeyValues.view(doc, false, null);
    assertEquals("k", view.getString("name"));
    assertEquals("alice", view.getString("user"));
    assertEquals("st2kv.user", view.getString("scope"));
    assertEquals("key_value_pair:st2kv.user:alice:k", view.getString("uid"));
    assertEquals(false, view.getBoolean("encrypted"));
    assertEquals("d", view.getString("description"));
  }

  @Test
  void namesWithColonsKeepEverythingAfterTheUser() {
    JsonObject doc = KeyValues.stored("r:i:p", new JsonObject().put("value", "v").put("scope", "user"), "stanley",
        null, KEY_PATH, NOW);
    assertEquals("stanley:r:i:p", doc.getString("name"));
    JsonObject view = KeyValues.view(doc, false, null);
    assertEquals("r:i:p", view.getString("name"));
    assertEquals("stanley", view.getString("user"));
  }

  @Test
  void ttlSetsExpiryInApiFormat() {
    JsonObject doc = KeyValues.stored("k", new JsonObject().put("value", "v").put("ttl", 10), "stanley", null,
        KEY_PATH, NOW);
    assertEquals("2024-05-01T10:00:10.123456Z", doc.getString("expire_timestamp"));
    assertEquals("2024-05-01T10:00:10.123456Z", KeyValues.view(doc, false, null).getString("expire_timestamp"));
    assertFalse(KeyValues.isExpired(doc, NOW.plusSeconds(9)));
    assertTrue(KeyValues.isExpired(doc, NOW.plusSeconds(10)));
    assertTrue(KeyValues.isExpired(doc, NOW.plusSeconds(11)));
    assertFalse(KeyValues.isExpired(new JsonObject().put("name", "forever"), NOW.plusSeconds(1_000_000)));
    JsonObject zero = KeyValues.stored("k", new JsonObject().put("value", "v").put("ttl", 0), "stanley", null,
        KEY_PATH, NOW);
    assertFalse(zero.containsKey("expire_timestamp"));
  }

  @Test
  void secretsAreStoredEncryptedAndShownAsCiphertextUnlessDecrypted() {
    JsonObject doc = KeyValues.stored("pw", new JsonObject().put("value", "hunter2").put("secret", true),
        "stanley", crypto, KEY_PATH, NOW);
    String ciphertext = doc.getString("value");
    assertNotEquals("hunter2", ciphertext);
    assertEquals("hunter2", crypto.decrypt(ciphertext));
    assertEquals(true, doc.getBoolean("secret"));

    JsonObject masked = KeyValues.view(doc, false, null);
    assertEquals(ciphertext, masked.getString("value"));
    assertEquals(true, masked.getBoolean("encrypted"));
    assertEquals(true, masked.getBoolean("secret"));

    JsonObject decrypted = KeyValues.view(doc, true, crypto);
    assertEquals("hunter2", decrypted.getString("value"));
    assertEquals(false, decrypted.getBoolean("encrypted"));
    assertEquals(true, decrypted.getBoolean("secret"));

    assertThrows(Validation.class, () -> KeyValues.view(doc, true, null));
  }

  @Test
  void preEncryptedValuesAreVerifiedAndStoredAsGiven() {
    String ciphertext = crypto.encrypt("given");
    JsonObject doc = KeyValues.stored("pre", new JsonObject().put("value", ciphertext).put("encrypted", true),
        "stanley", crypto, KEY_PATH, NOW);
    assertEquals(ciphertext, doc.getString("value"));
    assertEquals(true, doc.getBoolean("secret"), "encrypted implies secret");

    String foreign = SymmetricCrypto.generate().encrypt("given");
    assertEquals("Failed to verify the integrity of the provided value for key \"pre\". Ensure that the value is "
            + "encrypted with the correct key and not corrupted.",
        assertThrows(Validation.class, () -> KeyValues.stored("pre", new JsonObject().put("value", foreign)
            .put("encrypted", true), "stanley", crypto, KEY_PATH, NOW)).getMessage());
  }

  @Test
  void secretWithoutCryptoKeyIsRefused() {
    assertEquals("Crypto key not found in " + KEY_PATH + ". Unable to encrypt / decrypt value for key s.",
        assertThrows(Validation.class, () -> KeyValues.stored("s", new JsonObject().put("value", "v")
            .put("secret", true), "stanley", null, KEY_PATH, NOW)).getMessage());
    assertThrows(Validation.class, () -> KeyValues.stored("s", new JsonObject().put("value", "v")
        .put("encrypted", true), "stanley", null, KEY_PATH, NOW));
  }

  @Test
  void rejectsBadInputs() {
    assertEquals("'value' is a required property", assertThrows(Validation.class,
        () -> KeyValues.stored("k", new JsonObject(), "u", null, KEY_PATH, NOW)).getMessage());
    assertEquals("5 is not of type 'string'", assertThrows(Validation.class,
        () -> KeyValues.stored("k", new JsonObject().put("value", 5), "u", null, KEY_PATH, NOW)).getMessage());
    assertEquals("'********' is not of type 'string'", assertThrows(Validation.class,
        () -> KeyValues.stored("k", new JsonObject().put("value", 73194628).put("secret", true), "u", crypto, KEY_PATH,
            NOW)).getMessage(), "a secret value is not quoted back");
    assertThrows(Validation.class,
        () -> KeyValues.stored("k", new JsonObject().put("value", "v").put("ttl", "10"), "u", null, KEY_PATH, NOW));
    assertThrows(Validation.class,
        () -> KeyValues.stored("k", new JsonObject().put("value", "v").put("scope", "x"), "u", null, KEY_PATH, NOW));
    assertEquals("A valid user must be specified for user key ref.", assertThrows(Validation.class,
        () -> KeyValues.stored("k", new JsonObject().put("value", "v").put("scope", "user"), null, null,
            KEY_PATH, NOW)).getMessage());
  }

  @Test
  void viewLeavesOutNullFields() {
    JsonObject doc = new JsonObject().put("id", "x").put("name", "k").put("scope", "st2kv.system")
        .put("value", "v").put("secret", false).putNull("description").putNull("expire_timestamp");
    JsonObject view = KeyValues.view(doc, false, null);
    assertFalse(view.containsKey("description"));
    assertFalse(view.containsKey("expire_timestamp"));
    assertFalse(view.containsKey("user"));
    assertEquals("k", view.getString("name"));
  }
}
