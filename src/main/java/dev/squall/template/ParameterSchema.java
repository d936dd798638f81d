package dev.squall.template;

import dev.squall.error.Validation;
import dev.squall.py.PyRepr;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The effective parameter schema of an action: its runner type's {@code runner_parameters} deep-merged with
 * the action's {@code parameters}, where an action may only override what StackStorm lets it override.
 */
public final class ParameterSchema {
  /** Attributes of a runner parameter that an action may change. */
  public static final Set<String> OVERRIDABLE = Set.of("default", "description", "enum", "immutable", "required");
  /** Keywords a parameter definition may use (draft-4 validation plus StackStorm's own). */
  public static final Set<String> KEYWORDS = Set.of("type", "description", "title", "default", "required", "secret",
      "immutable", "position", "enum", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
      "multipleOf", "minLength", "maxLength", "items", "additionalItems", "minItems", "maxItems", "uniqueItems",
      "properties", "patternProperties", "additionalProperties", "dependencies", "definitions", "minProperties",
      "maxProperties", "allOf", "anyOf", "oneOf", "not", "id", "$schema");
  private static final Set<String> TYPES = Set.of("array", "boolean", "integer", "null", "number", "object", "string");
  private static final Pattern NAME = Pattern.compile("^\\w+$");

  private final JsonObject merged;
  private final Set<String> runnerNames;
  private final Set<String> secretNames;

  private ParameterSchema(JsonObject merged, Set<String> runnerNames) {
    this.merged = merged;
    this.runnerNames = Collections.unmodifiableSet(runnerNames);
    Set<String> secrets = new LinkedHashSet<>();
    merged.forEach(e -> {
      if (e.getValue() instanceof JsonObject p && Boolean.TRUE.equals(p.getValue("secret"))) {
        secrets.add(e.getKey());
      }
    });
    this.secretNames = Collections.unmodifiableSet(secrets);
  }

  /**
   * Merges runner and action parameters.
   *
   * @throws Validation when the action changes a runner parameter attribute it may not change, redeclares a
   *     runner-immutable parameter as immutable, or declares an immutable parameter without any default
   */
  public static ParameterSchema merge(JsonObject runnerParams, JsonObject actionParams, String actionRef) {
    JsonObject runner = runnerParams == null ? new JsonObject() : runnerParams;
    JsonObject action = actionParams == null ? new JsonObject() : actionParams;
    JsonObject merged = new JsonObject();
    runner.forEach(e -> merged.put(e.getKey(), deepCopy(e.getValue())));
    for (Map.Entry<String, Object> e : action) {
      String name = e.getKey();
      JsonObject own = e.getValue() instanceof JsonObject o ? o : new JsonObject();
      JsonObject base = runner.getValue(name) instanceof JsonObject o ? o : null;
      if (base != null) {
        for (Map.Entry<String, Object> attr : own) {
          if (!OVERRIDABLE.contains(attr.getKey()) && !sameJson(attr.getValue(), base.getValue(attr.getKey()))) {
            throw new Validation("The attribute \"" + attr.getKey() + "\" for the runner parameter \"" + name
                + "\" in action \"" + actionRef + "\" cannot be overridden.");
          }
        }
        if (own.containsKey("immutable") && base.containsKey("immutable")) {
          throw new Validation("Param " + name + " is declared immutable in runner. Cannot override in action.");
        }
      }
      if (Boolean.TRUE.equals(own.getValue("immutable")) && !own.containsKey("default")
          && (base == null || !base.containsKey("default"))) {
        throw new Validation("Immutable param " + name + " requires a default value.");
      }
      Object into = merged.getValue(name);
      merged.put(name, into instanceof JsonObject target ? deepMerge(target, own) : deepCopy(own));
    }
    return new ParameterSchema(merged, new LinkedHashSet<>(runner.fieldNames()));
  }

  /**
   * Checks an action's parameter definitions as registration does: names match {@code ^\w+$}, only known
   * keywords, a single valid type name, and positions that are unique, contiguous integers ≥ 0.
   *
   * @throws Validation naming the offending parameter
   */
  public static void validateDefinition(JsonObject actionParams) {
    if (actionParams == null) {
      return;
    }
    TreeMap<Integer, String> positions = new TreeMap<>();
    for (Map.Entry<String, Object> e : actionParams) {
      String name = e.getKey();
      if (!NAME.matcher(name).matches()) {
        throw new Validation("Parameter name \"" + name + "\" is invalid: names must match ^\\w+$");
      }
      if (!(e.getValue() instanceof JsonObject param)) {
        throw new Validation("Parameter \"" + name + "\": the definition must be an object");
      }
      checkKeywords(name, param);
      Object position = param.getValue("position");
      if (position != null) {
        if (!(position instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.doubleValue() < 0) {
          throw new Validation("Parameter \"" + name + "\": position must be an integer >= 0, got "
              + PyRepr.repr(position));
        }
        String other = positions.put(n.intValue(), name);
        if (other != null) {
          throw new Validation("Parameters " + name + " and " + other + " have same position " + n.intValue()
              + ". Position values have to be unique.");
        }
      }
    }
    if (!positions.isEmpty() && positions.lastKey() - positions.firstKey() + 1 != positions.size()) {
      throw new Validation("Positions supplied " + PyRepr.repr(List.copyOf(positions.keySet()))
          + " for parameters are not contiguous.");
    }
  }

  private static void checkKeywords(String name, JsonObject schema) {
    for (Map.Entry<String, Object> attr : schema) {
      String key = attr.getKey();
      Object v = attr.getValue();
      if (!KEYWORDS.contains(key)) {
        throw new Validation("Parameter \"" + name + "\": Additional properties are not allowed ('" + key
            + "' was unexpected)");
      }
      switch (key) {
        case "type" -> {
          if (!(v instanceof String t) || !TYPES.contains(t)) {
            throw new Validation("Parameter \"" + name + "\": " + PyRepr.repr(v) + " is not a valid type name");
          }
        }
        case "required", "secret", "immutable", "uniqueItems" -> {
          if (!(v instanceof Boolean)) {
            throw new Validation("Parameter \"" + name + "\": " + PyRepr.repr(v) + " is not of type 'boolean' ('"
                + key + "')");
          }
        }
        case "enum" -> {
          if (!(v instanceof JsonArray a) || a.isEmpty()) {
            throw new Validation("Parameter \"" + name + "\": enum must be a non-empty array");
          }
        }
        case "properties", "patternProperties", "definitions" -> {
          if (v instanceof JsonObject nested) {
            nested.forEach(p -> {
              if (p.getValue() instanceof JsonObject sub) {
                checkKeywords(name + "." + p.getKey(), sub);
              }
            });
          }
        }
        case "items", "additionalItems", "additionalProperties", "not" -> {
          if (v instanceof JsonObject sub) {
            checkKeywords(name, sub);
          } else if (v instanceof JsonArray list) {
            list.forEach(s -> {
              if (s instanceof JsonObject sub) {
                checkKeywords(name, sub);
              }
            });
          }
        }
        default -> {
        }
      }
    }
  }

  /** The merged {@code {name: schema}}. Do not modify. */
  public JsonObject merged() {
    return merged;
  }

  /** The merged schema of one parameter, or null. */
  public JsonObject parameter(String name) {
    return merged.getJsonObject(name);
  }

  /** Whether the value of this parameter goes to the runner rather than to the action. */
  public boolean isRunnerParameter(String name) {
    return runnerNames.contains(name);
  }

  /** Names of parameters declared {@code secret: true}; their values are masked in every answer and event. */
  public Set<String> secretNames() {
    return secretNames;
  }

  private static boolean sameJson(Object a, Object b) {
    Object x = TemplateValues.plain(a);
    Object y = TemplateValues.plain(b);
    if (x instanceof Number n && y instanceof Number m) {
      return n.doubleValue() == m.doubleValue();
    }
    return java.util.Objects.equals(x, y);
  }

  private static Object deepCopy(Object v) {
    return v instanceof JsonObject o ? o.copy() : v instanceof JsonArray a ? a.copy() : v;
  }

  private static JsonObject deepMerge(JsonObject target, JsonObject overlay) {
    overlay.forEach(e -> {
      Object existing = target.getValue(e.getKey());
      if (existing instanceof JsonObject t && e.getValue() instanceof JsonObject o) {
        deepMerge(t, o);
      } else {
        target.put(e.getKey(), deepCopy(e.getValue()));
      }
    });
    return target;
  }
}
