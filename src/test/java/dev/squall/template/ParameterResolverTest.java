package dev.squall.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.error.Validation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ParameterResolverTest {
  private final ParameterResolver resolver = new ParameterResolver();

  private static final JsonObject SHELL_RUNNER = new JsonObject()
      .put("cmd", new JsonObject().put("type", "string"))
      .put("timeout", new JsonObject().put("type", "integer").put("default", 60))
      .put("sudo", new JsonObject().put("type", "boolean").put("default", false))
      .put("env", new JsonObject().put("type", "object"));

  private static ParameterSchema echo() {
    JsonObject action = new JsonObject()
        .put("cmd", new JsonObject().put("immutable", true).put("default", "echo \"{{message}}\""))
        .put("message", new JsonObject().put("type", "string").put("required", true))
        .put("password", new JsonObject().put("type", "string").put("secret", true));
    return ParameterSchema.merge(SHELL_RUNNER, action, "core.echo");
  }

  private String fails(ParameterSchema schema, JsonObject live) {
    return assertThrows(Validation.class, () -> resolver.resolve(schema, live, Map.of())).getMessage();
  }

  @Test
  void immutableDefaultRenderedWithOtherParameters() {
    ParameterResolver.Resolved r = resolver.resolve(echo(), new JsonObject().put("message", "hi"), Map.of());
    assertEquals("echo \"hi\"", r.runner().getString("cmd"));
    assertEquals(60, r.runner().getInteger("timeout"));
    assertEquals(false, r.runner().getBoolean("sudo"));
    assertEquals("hi", r.action().getString("message"));
    assertFalse(r.action().containsKey("cmd"));
    assertTrue(r.all().containsKey("password"));
    assertNull(r.all().getValue("password"));
  }

  @Test
  void unknownParameterRejected() {
    assertEquals("Additional properties are not allowed ('foo' was unexpected)",
        fails(echo(), new JsonObject().put("message", "hi").put("foo", 1)));
  }

  @Test
  void immutableOverrideRejected() {
    assertEquals("Override of immutable parameter(s) ['cmd'] is unsupported.",
        fails(echo(), new JsonObject().put("message", "hi").put("cmd", "rm -rf /")));
  }

  @Test
  void missingRequiredRejected() {
    assertEquals("'message' is a required property", fails(echo(), new JsonObject()));
  }

  @Test
  void liveBeatsActionDefaultBeatsRunnerDefault() {
    JsonObject action = new JsonObject().put("timeout", new JsonObject().put("default", 5))
        .put("cmd", new JsonObject().put("default", "true"));
    ParameterSchema schema = ParameterSchema.merge(SHELL_RUNNER, action, "p.a");
    assertEquals(5, resolver.resolve(schema, new JsonObject(), Map.of()).runner().getInteger("timeout"));
    assertEquals(7, resolver.resolve(schema, new JsonObject().put("timeout", 7), Map.of()).runner()
        .getInteger("timeout"));
  }

  @Test
  void dependenciesResolveInOrderWithExtraContext() {
    JsonObject action = new JsonObject()
        .put("c", new JsonObject().put("type", "string").put("default", "{{ b }}-c"))
        .put("b", new JsonObject().put("type", "string").put("default", "{{ a }}-b"))
        .put("a", new JsonObject().put("type", "string").put("default", "{{ action_context.user }}"));
    ParameterSchema schema = ParameterSchema.merge(new JsonObject(), action, "p.a");
    ParameterResolver.Resolved r = resolver.resolve(schema, null,
        Map.of("action_context", new JsonObject().put("user", "stanley")));
    assertEquals("stanley-b-c", r.action().getString("c"));
    assertEquals("stanley-b", r.action().getString("b"));
  }

  @Test
  void cyclesAndUnknownNamesRejected() {
    JsonObject action = new JsonObject()
        .put("a", new JsonObject().put("default", "{{ b }}"))
        .put("b", new JsonObject().put("default", "{{ a }}"));
    String cyclic = fails(ParameterSchema.merge(new JsonObject(), action, "p.a"), new JsonObject());
    assertTrue(cyclic.startsWith("Cyclic dependency found in the following variables: a, b"), cyclic);
    JsonObject self = new JsonObject().put("a", new JsonObject().put("default", "{{ a }}"));
    assertTrue(fails(ParameterSchema.merge(new JsonObject(), self, "p.a"), new JsonObject())
        .startsWith("Cyclic dependency found"));
    JsonObject unknown = new JsonObject().put("a", new JsonObject().put("default", "x {{ nope }}"));
    assertEquals("Dependency unsatisfied in variable \"nope\"",
        fails(ParameterSchema.merge(new JsonObject(), unknown, "p.a"), new JsonObject()));
  }

  @Test
  void textThatIsNotJinjaStaysAsIs() {
    ParameterResolver.Resolved r = resolver.resolve(ParameterSchema.merge(SHELL_RUNNER, new JsonObject(), "p.a"),
        new JsonObject().put("cmd", "docker ps --format '{{.Names}}'"), Map.of());
    assertEquals("docker ps --format '{{.Names}}'", r.runner().getString("cmd"));
  }

  @Test
  void valuesCastToDeclaredTypes() {
    JsonObject action = new JsonObject()
        .put("n", new JsonObject().put("type", "number"))
        .put("count", new JsonObject().put("type", "integer"))
        .put("list", new JsonObject().put("type", "array"))
        .put("nested", new JsonObject().put("type", "object").put("default",
            new JsonObject().put("count", "{{timeout}}").put("text", "t={{ timeout }}")));
    ParameterSchema schema = ParameterSchema.merge(SHELL_RUNNER, action, "p.a");
    // Templates see values before casting (as in StackStorm), so the nested reference uses an int.
    JsonObject live = new JsonObject().put("cmd", "x").put("timeout", 5).put("count", "7").put("sudo", "true").put("n", "1.5")
        .put("env", "{\"A\": \"1\"}").put("list", "['a', {{ timeout }}]");
    JsonObject all = resolver.resolve(schema, live, Map.of()).all();
    assertEquals(5, all.getValue("timeout"));
    assertEquals(7, all.getValue("count"));
    assertEquals(true, all.getValue("sudo"));
    assertEquals(1.5, all.getValue("n"));
    assertEquals(new JsonObject().put("A", "1"), all.getJsonObject("env"));
    assertEquals(new JsonArray().add("a").add(5), all.getJsonArray("list"));
    assertEquals(new JsonObject().put("count", 5).put("text", "t=5"), all.getJsonObject("nested"));
    assertEquals("Parameter \"timeout\": 'abc' is not of type 'integer'",
        fails(schema, new JsonObject().put("cmd", "x").put("timeout", "abc")));
    assertTrue(fails(schema, new JsonObject().put("cmd", 5)).startsWith("Parameter \"cmd\": Value \"5\""));
    assertTrue(fails(schema, new JsonObject().put("cmd", "x").put("sudo", "maybe")).startsWith("Parameter \"sudo\""));
  }

  @Test
  void useNoneBecomesNull() {
    JsonObject action = new JsonObject().put("x", new JsonObject().put("type", "string"))
        .put("y", new JsonObject().put("type", "string").put("default", "{{ x | use_none }}"));
    JsonObject all = resolver.resolve(ParameterSchema.merge(new JsonObject(), action, "p.a"), null, Map.of()).all();
    assertTrue(all.containsKey("y"));
    assertNull(all.getValue("y"));
  }

  @Test
  void enumAndRangesChecked() {
    JsonObject action = new JsonObject()
        .put("color", new JsonObject().put("type", "string").put("enum", new JsonArray().add("red").add("blue")))
        .put("size", new JsonObject().put("type", "integer").put("minimum", 1).put("maximum", 10))
        .put("code", new JsonObject().put("type", "string").put("pattern", "^[a-z]+$").put("maxLength", 3));
    ParameterSchema schema = ParameterSchema.merge(new JsonObject(), action, "p.a");
    assertEquals("Parameter \"color\": 'green' is not one of ['red', 'blue']",
        fails(schema, new JsonObject().put("color", "green")));
    assertEquals("Parameter \"size\": 0 is less than the minimum of 1", fails(schema, new JsonObject().put("size", 0)));
    assertEquals("Parameter \"size\": 11 is greater than the maximum of 10",
        fails(schema, new JsonObject().put("size", "11")));
    assertEquals("Parameter \"code\": 'AB' does not match '^[a-z]+$'", fails(schema, new JsonObject().put("code", "AB")));
    assertEquals("Parameter \"code\": 'abcd' is too long", fails(schema, new JsonObject().put("code", "abcd")));
    JsonObject ok = resolver.resolve(schema, new JsonObject().put("color", "red").put("size", 3), Map.of()).all();
    assertEquals("red", ok.getString("color"));
    assertNull(ok.getValue("code"), "optional parameters may stay null");
  }

  @Test
  void secretsMasked() {
    ParameterSchema schema = echo();
    assertEquals(Set.of("password"), schema.secretNames());
    JsonObject masked = Secrets.mask(new JsonObject().put("message", "hi").put("password", "s3"), schema.merged());
    assertEquals(new JsonObject().put("message", "hi").put("password", "********"), masked);
  }

  private static ParameterSchema withSecrets() {
    JsonObject action = new JsonObject()
        .put("password", new JsonObject().put("type", "string").put("secret", true).put("pattern", "^[a-z]+$"))
        .put("pin", new JsonObject().put("type", "integer").put("secret", true).put("maximum", 9999))
        .put("choice", new JsonObject().put("type", "string").put("secret", true)
            .put("enum", new JsonArray().add("alpha-key").add("beta-key")))
        .put("creds", new JsonObject().put("type", "object").put("properties", new JsonObject()
            .put("password", new JsonObject().put("type", "string").put("secret", true))))
        .put("greeting", new JsonObject().put("type", "string").put("maxLength", 12)
            .put("default", "hello {{ password }}"));
    return ParameterSchema.merge(new JsonObject(), action, "p.a");
  }

  @Test
  void failuresNeverQuoteASecretValue() {
    ParameterSchema schema = withSecrets();
    assertEquals("Parameter \"password\": '********' does not match '^[a-z]+$'",
        fails(schema, new JsonObject().put("password", "Hunter two")));
    assertEquals("Parameter \"pin\": '********' is not of type 'integer'",
        fails(schema, new JsonObject().put("pin", "12ab")));
    assertEquals("Parameter \"pin\": '********' is greater than the maximum of 9999",
        fails(schema, new JsonObject().put("pin", 123456)));
    assertEquals("Parameter \"choice\": '********' is not one of the allowed values",
        fails(schema, new JsonObject().put("choice", "gamma-key")));
    assertEquals("Parameter \"creds\": '********' is not of type 'object'",
        fails(schema, new JsonObject().put("creds", "{'password': 'open sesame'")));
    String rendered = fails(schema, new JsonObject().put("password", "hunterhunter"));
    assertEquals("Parameter \"greeting\": 'hello ********' is too long", rendered);
  }

  @Test
  void aSecretRenderedIntoAnotherParameterIsScrubbedFromItsFailure() {
    JsonObject action = new JsonObject()
        .put("token", new JsonObject().put("type", "string").put("secret", true))
        .put("url", new JsonObject().put("type", "string").put("pattern", "^https://")
            .put("default", "http://x/?t={{ token }}"));
    ParameterSchema schema = ParameterSchema.merge(new JsonObject(), action, "p.a");
    String message = fails(schema, new JsonObject().put("token", "tok-123456"));
    assertFalse(message.contains("tok-123456"), message);
    assertEquals("Parameter \"url\": 'http://x/?t=********' does not match '^https://'", message);
  }
}
