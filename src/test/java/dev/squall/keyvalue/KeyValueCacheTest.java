package dev.squall.keyvalue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.error.Validation;
import dev.squall.template.Jinja;
import dev.squall.util.SymmetricCrypto;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class KeyValueCacheTest {
  private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");
  private final SymmetricCrypto crypto = SymmetricCrypto.generate();
  private final KeyValueCache cache = new KeyValueCache(Clock.fixed(NOW, ZoneOffset.UTC));
  private final Jinja jinja = new Jinja();

  private JsonObject put(String key, String value, JsonObject extra, String user) {
    JsonObject body = new JsonObject().put("value", value).mergeIn(extra);
    JsonObject doc = KeyValues.stored(key, body, user, crypto, "key.json", NOW);
    cache.put(doc);
    return doc;
  }

  private JsonObject put(String key, String value) {
    return put(key, value, new JsonObject(), "stanley");
  }

  private String render(String template, String user) {
    return jinja.render(template, Map.of("st2kv", cache.jinjaContext(user, crypto)));
  }

  @Test
  void getsByScopeAndStoredNameSkippingExpired() {
    put("k", "v");
    put("k", "mine", new JsonObject().put("scope", "user"), "alice");
    put("old", "gone", new JsonObject().put("ttl", -1), "stanley");
    put("later", "still", new JsonObject().put("ttl", 60), "stanley");
    assertEquals("v", cache.get(KeyValues.SYSTEM, "k").orElseThrow().getString("value"));
    assertEquals("mine", cache.get(KeyValues.USER, "alice:k").orElseThrow().getString("value"));
    assertTrue(cache.get(KeyValues.USER, "k").isEmpty());
    assertTrue(cache.get(KeyValues.SYSTEM, "old").isEmpty(), "expired");
    assertEquals("still", cache.get(KeyValues.SYSTEM, "later").orElseThrow().getString("value"));
  }

  @Test
  void putReplacesAndRemoveForgets() {
    JsonObject first = put("k", "v1");
    put("k", "v2");
    assertEquals(1, cache.size());
    assertEquals("v2", cache.get(KeyValues.SYSTEM, "k").orElseThrow().getString("value"));
    cache.remove(first);
    assertTrue(cache.get(KeyValues.SYSTEM, "k").isEmpty());
    // A document without uid (e.g. from an event carrying only name + scope) is keyed the same way.
    cache.put(new JsonObject().put("name", "bare").put("scope", KeyValues.SYSTEM).put("value", "b"));
    assertEquals("b", cache.get(KeyValues.SYSTEM, "bare").orElseThrow().getString("value"));
  }

  @Test
  void listsByScopeAndPrefixInNameOrder() {
    put("b.two", "2");
    put("a.one", "1");
    put("c", "3");
    put("a.x", "u", new JsonObject().put("scope", "user"), "alice");
    put("a.zz", "expired", new JsonObject().put("ttl", -5), "stanley");
    cache.putAll(List.of());
    assertEquals(List.of("a.one", "b.two", "c"), names(cache.list(KeyValues.SYSTEM, null)));
    assertEquals(List.of("a.one"), names(cache.list(KeyValues.SYSTEM, "a.")));
    assertEquals(List.of("alice:a.x"), names(cache.list(KeyValues.USER, "alice:")));
    assertEquals(List.of("a.one", "b.two", "c", "alice:a.x"), names(cache.list(KeyValues.ALL, null)));
  }

  private static List<String> names(List<JsonObject> docs) {
    return docs.stream().map(d -> d.getString("name")).toList();
  }

  @Test
  void rendersSystemAndUserKeysLazily() {
    put("k", "v");
    put("a.b", "nested");
    put("a", "top");
    put("count", "5");
    put("k", "alice's", new JsonObject().put("scope", "user"), "alice");
    put("x.y", "deep", new JsonObject().put("scope", "user"), "alice");
    assertEquals("v", render("{{ st2kv.system.k }}", "alice"));
    assertEquals("nested", render("{{ st2kv.system.a.b }}", "alice"));
    assertEquals("top", render("{{ st2kv.system.a }}", "alice"));
    assertEquals("nested", render("{{ st2kv.system['a.b'] }}", "alice"));
    assertEquals("alice's", render("{{ st2kv.user.k }}", "alice"));
    assertEquals("deep", render("{{ st2kv.user.x.y }}", "alice"));
    assertEquals("[]", render("[{{ st2kv.user.k }}]", "bob"), "another user's key is not visible");
    assertEquals("[]", render("[{{ st2kv.system.missing }}]", "alice"), "missing renders empty");
    assertEquals("[]", render("[{{ st2kv.system.missing.deeper }}]", "alice"));
    assertEquals("6", render("{{ st2kv.system.count | int + 1 }}", "alice"));
    assertEquals("V!", render("{{ st2kv.system.k | upper }}!", "alice"), "filters see the value");
    assertEquals("vx", render("{{ st2kv.system.k ~ 'x' }}", "alice"));
    assertEquals("yes,no", render("{% if st2kv.system.k == 'v' %}yes{% endif %},"
        + "{% if st2kv.system.missing %}yes{% else %}no{% endif %}", "alice"));
    assertEquals("{'key': 'v'}", render("{{ {'key': st2kv.system.k} }}", "alice"));
    assertEquals("\"v\"", render("{{ st2kv.system.k | to_json_string }}", "alice"));
  }

  @Test
  void seesLaterChangesAndExpiry() {
    Map<String, Object> context = Map.of("st2kv", cache.jinjaContext("stanley", crypto));
    put("k", "before");
    assertEquals("before", jinja.render("{{ st2kv.system.k }}", context));
    put("k", "after");
    assertEquals("after", jinja.render("{{ st2kv.system.k }}", context));
    put("k", "expired", new JsonObject().put("ttl", -1), "stanley");
    assertEquals("", jinja.render("{{ st2kv.system.k }}", context));
  }

  @Test
  void secretsRenderAsCiphertextUnlessDecrypted() {
    JsonObject system = put("pw", "hunter2", new JsonObject().put("secret", true), "stanley");
    JsonObject user = put("token", "t0k", new JsonObject().put("secret", true).put("scope", "user"), "alice");
    assertEquals(system.getString("value"), render("{{ st2kv.system.pw }}", "alice"));
    assertEquals("hunter2", render("{{ st2kv.system.pw | decrypt_kv }}", "alice"));
    assertEquals(user.getString("value"), render("{{ st2kv.user.token }}", "alice"));
    assertEquals("t0k", render("{{ st2kv.user.token | decrypt_kv }}", "alice"));
    assertEquals("HUNTER2", render("{{ st2kv.system.pw | decrypt_kv | upper }}", "alice"));
  }

  @Test
  void decryptOfAMissingKeyFailsTheRender() {
    Validation e = assertThrows(Validation.class, () -> render("{{ st2kv.system.nope | decrypt_kv }}", "alice"));
    assertTrue(e.getMessage().contains("Referenced datastore item \"st2kv.system.nope\" doesn't exist or it "
        + "contains an empty string"), e.getMessage());
    Validation user = assertThrows(Validation.class, () -> render("{{ st2kv.user.a.b | decrypt_kv }}", "alice"));
    assertTrue(user.getMessage().contains("\"st2kv.user.a.b\""), user.getMessage());
    put("plain", "not-ciphertext");
    assertThrows(Validation.class, () -> render("{{ st2kv.system.plain | decrypt_kv }}", "alice"));
  }

  @Test
  void rendersInsideParameterValues() {
    put("host", "db.example.com");
    Object rendered = jinja.renderValue(new JsonObject().put("url", "https://{{ st2kv.system.host }}/x"),
        Map.of("st2kv", cache.jinjaContext("stanley", crypto)));
    assertEquals(new JsonObject().put("url", "https://db.example.com/x"), rendered);
  }
}
