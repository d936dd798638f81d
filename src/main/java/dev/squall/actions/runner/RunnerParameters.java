package dev.squall.actions.runner;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runner parameters several runner types read the same way. */
public final class RunnerParameters {
  private RunnerParameters() {
  }

  /**
   * {@code timeout} in whole seconds (rounded up), or {@code dflt} when unset.
   *
   * @throws IllegalArgumentException when it is text that is not a number
   */
  public static long timeoutSeconds(JsonObject params, long dflt) {
    Object value = params.getValue("timeout");
    if (value instanceof Number number) {
      return (long) Math.ceil(number.doubleValue());
    }
    if (value instanceof String text && !text.isBlank()) {
      try {
        return (long) Math.ceil(Double.parseDouble(text.trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Runner parameter \"timeout\" is not a number: " + text);
      }
    }
    return dflt;
  }

  /** The {@code env} parameter as variables: null values left out, objects and arrays as their JSON text. */
  public static Map<String, String> env(JsonObject params) {
    Map<String, String> env = new LinkedHashMap<>();
    if (params.getValue("env") instanceof JsonObject extra) {
      for (Map.Entry<String, Object> variable : extra) {
        Object value = variable.getValue();
        if (value != null) {
          env.put(variable.getKey(), value instanceof JsonObject || value instanceof JsonArray
              ? Json.encode(value) : value.toString());
        }
      }
    }
    return env;
  }
}
