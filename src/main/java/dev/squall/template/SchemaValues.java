package dev.squall.template;

import dev.squall.error.Validation;
import dev.squall.py.PyRepr;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/** Values checked against a map of parameter-style property schemas (a pack's {@code config.schema.yaml}). */
public final class SchemaValues {
  private SchemaValues() {
  }

  /**
   * The values cast to their declared types; keys the schema does not name are kept as they are.
   *
   * @throws Validation naming the first property that is missing (required, without default) or does not fit;
   *     the message never holds a secret's value
   */
  public static JsonObject checked(JsonObject properties, JsonObject values) {
    JsonObject checked = values.copy();
    for (Map.Entry<String, Object> property : properties) {
      JsonObject schema = property.getValue() instanceof JsonObject s ? s : new JsonObject();
      String name = property.getKey();
      Object value = values.getValue(name);
      if (value == null) {
        if (Boolean.TRUE.equals(schema.getValue("required")) && !schema.containsKey("default")) {
          throw new Validation(PyRepr.repr(name) + " is a required property");
        }
        continue;
      }
      try {
        checked.put(name, TemplateValues.json(ParameterCheck.castAndCheck(name, value, schema)));
      } catch (Validation e) {
        java.util.Set<String> secrets = new java.util.HashSet<>();
        Secrets.collect(TemplateValues.plain(value), schema, secrets);
        throw secrets.isEmpty() ? e : new Validation(Secrets.scrub(e.getMessage(), secrets));
      }
    }
    return checked;
  }
}
