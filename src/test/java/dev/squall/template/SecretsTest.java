package dev.squall.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SecretsTest {
  private static final String M = Secrets.MASK;

  private static JsonObject secret() {
    return new JsonObject().put("type", "string").put("secret", true);
  }

  private static JsonObject params() {
    return new JsonObject()
        .put("user", new JsonObject().put("type", "string"))
        .put("password", secret())
        .put("creds", new JsonObject().put("type", "object").put("properties", new JsonObject()
            .put("user", new JsonObject().put("type", "string")).put("password", secret())))
        .put("tokens", new JsonObject().put("type", "array").put("items", secret()))
        .put("headers", new JsonObject().put("type", "object").put("additionalProperties", secret()))
        .put("pair", new JsonObject().put("type", "array").put("items", new JsonArray()
            .add(new JsonObject().put("type", "string")).add(secret())));
  }

  @Test
  void masksTopLevelNestedAndItemSecretsOnly() {
    JsonObject values = new JsonObject()
        .put("user", "alice").put("password", "pw")
        .put("creds", new JsonObject().put("user", "bob").put("password", "nested"))
        .put("tokens", new JsonArray().add("t1").add("t2"))
        .put("headers", new JsonObject().put("X-Key", "k"))
        .put("pair", new JsonArray().add("name").add("hidden"))
        .put("undeclared", "free");
    JsonObject masked = Secrets.mask(values, params());
    assertEquals(new JsonObject()
        .put("user", "alice").put("password", M)
        .put("creds", new JsonObject().put("user", "bob").put("password", M))
        .put("tokens", new JsonArray().add(M).add(M))
        .put("headers", new JsonObject().put("X-Key", M))
        .put("pair", new JsonArray().add("name").add(M))
        .put("undeclared", "free"), masked);
    assertEquals("pw", values.getString("password"), "the input is left alone");
    assertEquals("nested", values.getJsonObject("creds").getString("password"));
  }

  @Test
  void nothingSecretMeansTheSameObject() {
    JsonObject values = new JsonObject().put("user", "alice");
    assertSame(values, Secrets.mask(values, params()));
    assertSame(values, Secrets.mask(values, new JsonObject().put("user", new JsonObject().put("type", "string"))));
    JsonObject nullSecret = new JsonObject().put("password", (Object) null);
    assertSame(nullSecret, Secrets.mask(nullSecret, params()), "an absent value stays absent");
  }

  @Test
  void eitherSchemaMayDeclareTheSecret() {
    JsonObject runner = new JsonObject().put("sudo_password", secret()).put("cmd", new JsonObject());
    JsonObject action = new JsonObject().put("api_key", secret());
    JsonObject masked = Secrets.mask(new JsonObject().put("cmd", "ls").put("sudo_password", "s").put("api_key", "k"),
        runner, null, action);
    assertEquals(new JsonObject().put("cmd", "ls").put("sudo_password", M).put("api_key", M), masked);
  }

  @Test
  void plainJavaValuesAndInvalidShapesAreMaskedToo() {
    Object fromMap = Secrets.maskValue(Map.of("password", "x", "user", "u"),
        params().getJsonObject("creds"));
    assertEquals(new JsonObject().put("password", M).put("user", "u"), fromMap);
    assertEquals(new JsonArray().add(M), Secrets.maskValue(List.of("t"), params().getJsonObject("tokens")));
    assertEquals(M, Secrets.maskValue("{'password': 'x'}", params().getJsonObject("creds")),
        "a scalar where an object holding a secret belongs is hidden whole");
    assertEquals(42, Secrets.maskValue(42, new JsonObject().put("type", "integer")));
  }

  @Test
  void declaresSecretLooksAtEveryDepth() {
    assertTrue(Secrets.declaresSecret(secret()));
    assertTrue(Secrets.declaresSecret(params().getJsonObject("creds")));
    assertTrue(Secrets.declaresSecret(params().getJsonObject("tokens")));
    assertTrue(Secrets.declaresSecret(params().getJsonObject("pair")));
    assertTrue(Secrets.declaresSecret(params().getJsonObject("headers")));
    assertFalse(Secrets.declaresSecret(new JsonObject().put("type", "string").put("secret", false)));
    assertFalse(Secrets.declaresSecret("secret"));
  }

  @Test
  void defaultsOfSecretsAreMaskedInSchemaCopies() {
    JsonObject schema = new JsonObject()
        .put("password", secret().put("default", "letmein"))
        .put("creds", params().getJsonObject("creds").copy()
            .put("default", new JsonObject().put("user", "u").put("password", "p")))
        .put("timeout", new JsonObject().put("type", "integer").put("default", 60));
    JsonObject masked = Secrets.maskDefaults(schema);
    assertEquals(M, masked.getJsonObject("password").getString("default"));
    assertEquals(true, masked.getJsonObject("password").getBoolean("secret"));
    assertEquals(new JsonObject().put("user", "u").put("password", M), masked.getJsonObject("creds").getValue("default"));
    assertEquals(60, masked.getJsonObject("timeout").getInteger("default"));
    assertEquals("letmein", schema.getJsonObject("password").getString("default"), "the input is left alone");
    JsonObject noDefaults = new JsonObject().put("password", secret());
    assertSame(noDefaults, Secrets.maskDefaults(noDefaults));
  }

  @Test
  void restoreKeepsPreviousValuesWhereTheMaskCameBack() {
    JsonObject previous = new JsonObject().put("user", "alice").put("password", "pw")
        .put("creds", new JsonObject().put("user", "bob").put("password", "nested"))
        .put("tokens", new JsonArray().add("t1").add("t2"));
    JsonObject incoming = new JsonObject().put("user", M).put("password", M)
        .put("creds", new JsonObject().put("user", "carol").put("password", M))
        .put("tokens", new JsonArray().add(M).add("t2-new").add(M));
    JsonObject restored = Secrets.restore(incoming, previous, params());
    assertEquals(new JsonObject().put("user", M).put("password", "pw")
        .put("creds", new JsonObject().put("user", "carol").put("password", "nested"))
        .put("tokens", new JsonArray().add("t1").add("t2-new").add(M)), restored,
        "only secret positions with a previous value are restored; a non-secret mask is a value like any other");
    JsonObject fresh = new JsonObject().put("password", "new-pw");
    assertSame(fresh, Secrets.restore(fresh, previous, params()));
    JsonObject nothingBefore = new JsonObject().put("password", M);
    assertEquals(M, Secrets.restore(nothingBefore, new JsonObject(), params()).getString("password"));
  }

  @Test
  void collectsTheTextsOfSecretPartsForScrubbing() {
    Set<String> found = new TreeSet<>();
    Secrets.collect(Map.of("user", "bob", "password", "nested"), params().getJsonObject("creds"), found);
    Secrets.collect(List.of("t1", 77), params().getJsonObject("tokens"), found);
    Secrets.collect("plain", new JsonObject().put("type", "string"), found);
    Secrets.collect("whole", secret(), found);
    assertEquals(new TreeSet<>(Set.of("nested", "t1", "77", "whole")), found);
  }

  @Test
  void scrubReplacesEveryOccurrenceLongestFirstAndSkipsTinySecrets() {
    assertEquals("a ******** b ******** c", Secrets.scrub("a hunter2 b hunter2 c", Set.of("hunter2")));
    assertEquals("key ********!", Secrets.scrub("key hunter2-long!", Set.of("hunter2", "hunter2-long")));
    assertEquals("an x in the text", Secrets.scrub("an x in the text", Set.of("x")));
    assertEquals("untouched", Secrets.scrub("untouched", Set.of()));
  }
}
