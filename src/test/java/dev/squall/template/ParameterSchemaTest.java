package dev.squall.template;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.error.Validation;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ParameterSchemaTest {
  private static final JsonObject RUNNER = new JsonObject()
      .put("timeout", new JsonObject().put("type", "integer").put("default", 60).put("description", "secs"))
      .put("kwarg_op", new JsonObject().put("type", "string").put("immutable", true).put("default", "--"));

  @Test
  void actionOverridesAllowedAttributesDeeply() {
    ParameterSchema s = ParameterSchema.merge(RUNNER, new JsonObject()
        .put("timeout", new JsonObject().put("default", 5).put("type", "integer"))
        .put("x", new JsonObject().put("type", "string")), "p.a");
    assertEquals(new JsonObject().put("type", "integer").put("default", 5).put("description", "secs"),
        s.merged().getJsonObject("timeout"));
    assertTrue(s.isRunnerParameter("timeout"));
    assertFalse(s.isRunnerParameter("x"));
  }

  @Test
  void otherAttributesCannotBeOverridden() {
    Validation e = assertThrows(Validation.class, () -> ParameterSchema.merge(RUNNER,
        new JsonObject().put("timeout", new JsonObject().put("type", "string")), "p.a"));
    assertEquals("The attribute \"type\" for the runner parameter \"timeout\" in action \"p.a\" cannot be overridden.",
        e.getMessage());
    assertThrows(Validation.class, () -> ParameterSchema.merge(RUNNER,
        new JsonObject().put("kwarg_op", new JsonObject().put("immutable", false)), "p.a"));
    assertThrows(Validation.class, () -> ParameterSchema.merge(RUNNER,
        new JsonObject().put("y", new JsonObject().put("immutable", true)), "p.a"));
  }

  @Test
  void definitionsChecked() {
    assertDoesNotThrow(() -> ParameterSchema.validateDefinition(new JsonObject()
        .put("a", new JsonObject().put("type", "string").put("position", 0))
        .put("b", new JsonObject().put("type", "integer").put("position", 1).put("minimum", 0))));
    assertTrue(assertThrows(Validation.class, () -> ParameterSchema.validateDefinition(new JsonObject()
        .put("a", new JsonObject().put("format", "uri")))).getMessage().contains("\"a\""));
    assertThrows(Validation.class, () -> ParameterSchema.validateDefinition(new JsonObject()
        .put("bad-name", new JsonObject())));
    assertThrows(Validation.class, () -> ParameterSchema.validateDefinition(new JsonObject()
        .put("a", new JsonObject().put("type", "str"))));
    assertThrows(Validation.class, () -> ParameterSchema.validateDefinition(new JsonObject()
        .put("a", new JsonObject().put("position", 0)).put("b", new JsonObject().put("position", 0))));
    assertThrows(Validation.class, () -> ParameterSchema.validateDefinition(new JsonObject()
        .put("a", new JsonObject().put("position", -1))));
    assertThrows(Validation.class, () -> ParameterSchema.validateDefinition(new JsonObject()
        .put("a", new JsonObject().put("position", 0)).put("b", new JsonObject().put("position", 2))));
  }
}
