package dev.squall.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;

/** One config section's raw values, with typed reads that name the offending key on bad input. */
public record Section(String name, JsonObject values) {

  public static Section of(JsonObject root, String name) {
    Object raw = root.getValue(name);
    if (raw != null && !(raw instanceof JsonObject)) {
      throw new ConfigException("Invalid configuration: section '" + name + "' must be a mapping");
    }
    return new Section(name, raw == null ? new JsonObject() : (JsonObject) raw);
  }

  public String string(String key, String dflt) {
    Object v = values.getValue(key);
    return v == null ? dflt : String.valueOf(v);
  }

  public int integer(String key, int dflt, int min, int max) {
    Object v = values.getValue(key);
    if (v == null) {
      return dflt;
    }
    long n;
    if (v instanceof Number num && num.doubleValue() == num.longValue()) {
      n = num.longValue();
    } else {
      try {
        n = Long.parseLong(String.valueOf(v).trim());
      } catch (NumberFormatException e) {
        throw bad(key, "must be an integer", v);
      }
    }
    if (n < min || n > max) {
      throw bad(key, "must be between " + min + " and " + max, v);
    }
    return (int) n;
  }

  /** An integer that may be left unset (absent, null or empty): then null. */
  public Integer optionalInteger(String key, Integer dflt, int min, int max) {
    Object v = values.getValue(key);
    if (values.containsKey(key) && (v == null || String.valueOf(v).isBlank())) {
      return null;
    }
    return v == null ? dflt : Integer.valueOf(integer(key, 0, min, max)); // no unboxing of a null default
  }

  public boolean bool(String key, boolean dflt) {
    Object v = values.getValue(key);
    if (v == null) {
      return dflt;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    return switch (String.valueOf(v).trim().toLowerCase()) {
      case "true", "1", "yes", "y", "on" -> true;
      case "false", "0", "no", "n", "off" -> false;
      default -> throw bad(key, "must be a boolean", v);
    };
  }

  /** A list given as a YAML list or a separated string. */
  public List<String> list(String key, String separatorRegex) {
    Object v = values.getValue(key);
    if (v == null) {
      return List.of();
    }
    if (v instanceof JsonArray a) {
      return a.stream().map(String::valueOf).filter(s -> !s.isBlank()).toList();
    }
    return Arrays.stream(String.valueOf(v).split(separatorRegex)).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private ConfigException bad(String key, String what, Object value) {
    return new ConfigException("Invalid configuration: " + name + "." + key + " " + what + ", got '" + value + "'");
  }
}
