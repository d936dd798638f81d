package dev.squall.template;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Values of parameters declared {@code secret: true}, found by their schema: at the top level, in an object
 * parameter's {@code properties} / {@code additionalProperties}, or in an array parameter's {@code items}.
 * Masking shows them as {@value #MASK}; scrubbing removes their text from free-form messages. Pure functions;
 * nothing given is modified (a changed value is a new object, an unchanged one is returned as is).
 */
public final class Secrets {
  /** What a secret value is shown as. */
  public static final String MASK = "********";
  /** Shorter secret texts are masked where a value is shown, but not searched for in free text (too many hits). */
  static final int MIN_SCRUBBED_LENGTH = 4;

  private Secrets() {
  }

  /**
   * Parameter values with the secret ones masked. Each {@code {name: schema}} map is applied in turn, so
   * passing a runner type's {@code runner_parameters} and an action's {@code parameters} masks what either
   * declares secret.
   */
  public static JsonObject mask(JsonObject values, JsonObject... schemas) {
    if (values == null) {
      return null;
    }
    JsonObject out = values;
    for (JsonObject params : schemas) {
      if (params == null) {
        continue;
      }
      for (Map.Entry<String, Object> param : params) {
        if (param.getValue() instanceof JsonObject schema && out.getValue(param.getKey()) != null
            && declaresSecret(schema)) {
          Object masked = maskValue(out.getValue(param.getKey()), schema);
          if (masked != out.getValue(param.getKey())) {
            out = out == values ? copy(values) : out;
            out.put(param.getKey(), masked);
          }
        }
      }
    }
    return out;
  }

  /**
   * One value with its secret parts masked by its parameter schema; a scalar where the schema expects an
   * object or array holding a secret is masked whole.
   */
  public static Object maskValue(Object value, JsonObject schema) {
    if (value == null || schema == null) {
      return value;
    }
    if (Boolean.TRUE.equals(schema.getValue("secret"))) {
      return MASK;
    }
    if (value instanceof Map<?, ?> map) {
      return maskObject(new JsonObject(stringKeys(map)), schema, value);
    }
    if (value instanceof JsonObject object) {
      return maskObject(object, schema, value);
    }
    if (value instanceof List<?> list) {
      return maskArray(new JsonArray(list), schema, value);
    }
    if (value instanceof JsonArray array) {
      return maskArray(array, schema, value);
    }
    // a scalar where the schema nests a secret (an invalid value): its parts cannot be told apart
    return declaresSecret(schema) ? MASK : value;
  }

  /**
   * Values sent back by a client that saw them masked: where a secret position holds {@value #MASK} and the
   * previous values have something there, the previous value is kept (a re-run or a rule edited from a masked
   * answer must not turn the secret into the mask). Schemas as for {@link #mask}.
   */
  public static JsonObject restore(JsonObject incoming, JsonObject previous, JsonObject... schemas) {
    if (incoming == null || previous == null) {
      return incoming;
    }
    JsonObject out = incoming;
    for (JsonObject params : schemas) {
      if (params == null) {
        continue;
      }
      for (Map.Entry<String, Object> param : params) {
        String name = param.getKey();
        if (param.getValue() instanceof JsonObject schema && out.getValue(name) != null && declaresSecret(schema)) {
          Object restored = restoreValue(out.getValue(name), previous.getValue(name), schema);
          if (restored != out.getValue(name)) {
            out = out == incoming ? copy(incoming) : out;
            out.put(name, restored);
          }
        }
      }
    }
    return out;
  }

  private static Object restoreValue(Object incoming, Object previous, JsonObject schema) {
    if (previous == null) {
      return incoming;
    }
    if (Boolean.TRUE.equals(schema.getValue("secret"))) {
      return MASK.equals(incoming) ? previous : incoming;
    }
    if (incoming instanceof JsonObject object && previous instanceof JsonObject before) {
      JsonObject out = null;
      for (Map.Entry<String, Object> e : object) {
        JsonObject sub = propertySchema(schema, e.getKey());
        if (sub != null) {
          Object restored = restoreValue(e.getValue(), before.getValue(e.getKey()), sub);
          if (restored != e.getValue()) {
            out = out == null ? copy(object) : out;
            out.put(e.getKey(), restored);
          }
        }
      }
      return out == null ? incoming : out;
    }
    if (incoming instanceof JsonArray array && previous instanceof JsonArray before) {
      JsonArray out = null;
      for (int i = 0; i < array.size() && i < before.size(); i++) {
        JsonObject sub = itemSchema(schema, i);
        if (sub != null) {
          Object restored = restoreValue(array.getValue(i), before.getValue(i), sub);
          if (restored != array.getValue(i)) {
            out = out == null ? array.copy() : out;
            out.set(i, restored);
          }
        }
      }
      return out == null ? incoming : out;
    }
    return incoming;
  }

  /**
   * A copy of {@code {name: schema}} parameter definitions with the {@code default} of each secret masked,
   * for snapshots of an action or runner type carried by an execution.
   */
  public static JsonObject maskDefaults(JsonObject params) {
    if (params == null) {
      return null;
    }
    JsonObject out = params;
    for (Map.Entry<String, Object> param : params) {
      if (param.getValue() instanceof JsonObject schema && schema.getValue("default") != null
          && declaresSecret(schema)) {
        Object masked = maskValue(schema.getValue("default"), schema);
        if (masked != schema.getValue("default")) {
          out = out == params ? copy(params) : out;
          out.put(param.getKey(), copy(schema).put("default", masked));
        }
      }
    }
    return out;
  }

  /** Whether a parameter schema declares a secret, at any depth. */
  public static boolean declaresSecret(Object schema) {
    if (!(schema instanceof JsonObject s)) {
      return false;
    }
    if (Boolean.TRUE.equals(s.getValue("secret"))) {
      return true;
    }
    if (s.getValue("properties") instanceof JsonObject properties) {
      for (Map.Entry<String, Object> p : properties) {
        if (declaresSecret(p.getValue())) {
          return true;
        }
      }
    }
    if (declaresSecret(s.getValue("additionalProperties")) || declaresSecret(s.getValue("items"))
        || declaresSecret(s.getValue("additionalItems"))) {
      return true;
    }
    return s.getValue("items") instanceof JsonArray tuple && tuple.stream().anyMatch(Secrets::declaresSecret);
  }

  /** Adds to {@code into} the texts of the secret parts of a value (strings and numbers), for {@link #scrub}. */
  public static void collect(Object value, JsonObject schema, Set<String> into) {
    if (value == null || schema == null) {
      return;
    }
    if (Boolean.TRUE.equals(schema.getValue("secret"))) {
      leaves(value, into);
      return;
    }
    if (!declaresSecret(schema)) {
      return;
    }
    if (value instanceof Map<?, ?> || value instanceof JsonObject) {
      JsonObject object = value instanceof JsonObject o ? o : new JsonObject(stringKeys((Map<?, ?>) value));
      for (Map.Entry<String, Object> e : object) {
        collect(e.getValue(), propertySchema(schema, e.getKey()), into);
      }
    } else if (value instanceof List<?> || value instanceof JsonArray) {
      JsonArray array = value instanceof JsonArray a ? a : new JsonArray((List<?>) value);
      for (int i = 0; i < array.size(); i++) {
        collect(array.getValue(i), itemSchema(schema, i), into);
      }
    } else {
      leaves(value, into);
    }
  }

  /**
   * The text with every occurrence of each secret replaced by {@value #MASK}; secrets shorter than
   * {@value #MIN_SCRUBBED_LENGTH} characters are left alone. Longest first, so a secret containing another
   * one is masked whole.
   */
  public static String scrub(String text, Collection<String> secrets) {
    if (text == null || secrets.isEmpty()) {
      return text;
    }
    String out = text;
    List<String> longestFirst = secrets.stream().filter(s -> s != null && s.length() >= MIN_SCRUBBED_LENGTH)
        .sorted((a, b) -> b.length() - a.length()).toList();
    for (String secret : longestFirst) {
      out = out.replace(secret, MASK);
    }
    return out;
  }

  private static Object maskObject(JsonObject object, JsonObject schema, Object original) {
    JsonObject out = null;
    for (Map.Entry<String, Object> e : object) {
      JsonObject sub = propertySchema(schema, e.getKey());
      if (sub != null && e.getValue() != null) {
        Object masked = maskValue(e.getValue(), sub);
        if (masked != e.getValue()) {
          out = out == null ? copy(object) : out;
          out.put(e.getKey(), masked);
        }
      }
    }
    return out == null ? original : out;
  }

  private static Object maskArray(JsonArray array, JsonObject schema, Object original) {
    JsonArray out = null;
    for (int i = 0; i < array.size(); i++) {
      JsonObject sub = itemSchema(schema, i);
      Object item = array.getValue(i);
      if (sub != null && item != null) {
        Object masked = maskValue(item, sub);
        if (masked != item) {
          out = out == null ? array.copy() : out;
          out.set(i, masked);
        }
      }
    }
    return out == null ? original : out;
  }

  private static JsonObject propertySchema(JsonObject schema, String key) {
    if (schema.getValue("properties") instanceof JsonObject properties
        && properties.getValue(key) instanceof JsonObject sub) {
      return sub;
    }
    return schema.getValue("additionalProperties") instanceof JsonObject additional ? additional : null;
  }

  private static JsonObject itemSchema(JsonObject schema, int index) {
    Object items = schema.getValue("items");
    if (items instanceof JsonObject all) {
      return all;
    }
    if (items instanceof JsonArray tuple) {
      if (index < tuple.size()) {
        return tuple.getValue(index) instanceof JsonObject positional ? positional : null;
      }
      return schema.getValue("additionalItems") instanceof JsonObject rest ? rest : null;
    }
    return null;
  }

  private static void leaves(Object value, Set<String> into) {
    if (value instanceof String s) {
      into.add(s);
    } else if (value instanceof Number n) {
      into.add(String.valueOf(n));
    } else if (value instanceof Map<?, ?> map) {
      map.values().forEach(v -> leaves(v, into));
    } else if (value instanceof JsonObject object) {
      object.getMap().values().forEach(v -> leaves(v, into));
    } else if (value instanceof Collection<?> list) {
      list.forEach(v -> leaves(v, into));
    } else if (value instanceof JsonArray array) {
      array.getList().forEach(v -> leaves(v, into));
    }
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  private static JsonObject copy(JsonObject object) {
    return new JsonObject(new java.util.LinkedHashMap<>(object.getMap()));
  }
}
