package dev.squall.packs;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks one action metadata document against StackStorm's Action schema and fills in the fields
 * registration computes. Checks that need the runner types (runner exists, overridable attributes,
 * positions) belong to whoever registers the action.
 */
final class ActionMetadata {
  private static final Set<String> FIELDS = Set.of("id", "ref", "uid", "name", "description", "enabled",
      "runner_type", "entry_point", "pack", "parameters", "output_schema", "tags", "notify", "metadata_file");
  private static final Pattern PARAMETER_NAME = Pattern.compile("^\\w+$");
  private static final Set<String> PARAMETER_KEYWORDS = Set.of("type", "description", "title", "default",
      "required", "secret", "immutable", "position", "enum", "pattern", "minimum", "maximum",
      "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "items",
      "additionalItems", "minItems", "maxItems", "uniqueItems", "properties", "patternProperties",
      "additionalProperties", "dependencies", "definitions", "minProperties", "maxProperties", "allOf",
      "anyOf", "oneOf", "not", "id", "$schema");
  private static final Set<String> TYPES = Set.of("array", "boolean", "integer", "null", "number", "object",
      "string");
  private static final Set<String> BOOLEAN_KEYWORDS = Set.of("required", "secret", "immutable");

  private ActionMetadata() {
  }

  /**
   * The Action document for {@code doc} read from {@code actions/<fileName>} of pack {@code packRef}.
   *
   * @throws IllegalArgumentException with a message naming the problem (not the file)
   */
  static JsonObject toAction(JsonObject doc, String packRef, String fileName) {
    JsonObject action = doc.copy();
    for (String field : action.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException("Additional properties are not allowed (\"" + field + "\" was unexpected)");
      }
    }
    Object pack = action.getValue("pack");
    if (pack == null || "".equals(pack)) {
      action.put("pack", packRef);
    } else if (!packRef.equals(pack)) {
      throw new IllegalArgumentException("Model is in pack \"" + packRef + "\" but field \"pack\" is different: " + pack);
    }
    String name = requiredString(action, "name");
    requiredString(action, "runner_type");
    ensureType(action, "description", String.class, "a string", "");
    ensureType(action, "enabled", Boolean.class, "a boolean", true);
    ensureType(action, "entry_point", String.class, "a string", "");
    ensureType(action, "parameters", JsonObject.class, "a mapping", new JsonObject());
    checkParameters(action.getJsonObject("parameters"));
    action.put("ref", packRef + "." + name);
    action.put("uid", "action:" + packRef + ":" + name);
    action.put("metadata_file", "actions/" + fileName);
    action.remove("id"); // ids belong to the store, not to files
    return action;
  }

  private static String requiredString(JsonObject action, String field) {
    Object value = action.getValue(field);
    if (value == null) {
      throw new IllegalArgumentException("\"" + field + "\" is a required property");
    }
    if (!(value instanceof String s) || s.isEmpty()) {
      throw new IllegalArgumentException("\"" + field + "\" must be a non-empty string, not " + YamlFiles.describe(value));
    }
    return s;
  }

  private static void ensureType(JsonObject action, String field, Class<?> type, String what, Object fallback) {
    Object value = action.getValue(field);
    if (value == null) {
      action.put(field, fallback);
    } else if (!type.isInstance(value)) {
      throw new IllegalArgumentException("\"" + field + "\" must be " + what + ", not " + YamlFiles.describe(value));
    }
  }

  private static void checkParameters(JsonObject parameters) {
    for (Map.Entry<String, Object> entry : parameters) {
      String name = entry.getKey();
      if (!PARAMETER_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("Parameter name \"" + name
            + "\" is invalid. Valid characters for parameter name are [a-zA-Z0-9_].");
      }
      if (!(entry.getValue() instanceof JsonObject schema)) {
        throw new IllegalArgumentException("parameter \"" + name + "\" must be a mapping, not "
            + YamlFiles.describe(entry.getValue()));
      }
      for (String keyword : schema.fieldNames()) {
        if (!PARAMETER_KEYWORDS.contains(keyword)) {
          throw new IllegalArgumentException("parameter \"" + name + "\": Additional properties are not allowed (\""
              + keyword + "\" was unexpected)");
        }
      }
      Object type = schema.getValue("type");
      if (type != null && !TYPES.contains(type)) {
        throw new IllegalArgumentException("parameter \"" + name + "\": \"type\" must be one of " + TYPES.stream()
            .sorted().toList() + ", not " + YamlFiles.describe(type));
      }
      for (String keyword : BOOLEAN_KEYWORDS) {
        Object flag = schema.getValue(keyword);
        if (flag != null && !(flag instanceof Boolean)) {
          throw new IllegalArgumentException("parameter \"" + name + "\": \"" + keyword + "\" must be a boolean");
        }
      }
      Object position = schema.getValue("position");
      if (position != null && !(position instanceof Number n && n.doubleValue() >= 0)) {
        throw new IllegalArgumentException("parameter \"" + name + "\": \"position\" must be a number >= 0");
      }
    }
  }
}
