package dev.squall.actions.runner;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Builds the command line of a local-shell-script action: script, named args, then positional args. */
final class ShellArguments {

  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

  private ShellArguments() {
  }

  /**
   * The shell command running {@code script} with the action parameters: every parameter without a
   * {@code position} as {@code <kwargOp><name>=<value>} in schema order, then the positional ones by position.
   */
  static String scriptCommand(String script, JsonObject schema, JsonObject values, String kwargOp) {
    List<String> parts = new ArrayList<>();
    parts.add(quote(script));
    List<Map.Entry<String, Object>> positional = new ArrayList<>();
    for (Map.Entry<String, Object> param : schema) {
      Object position = param.getValue() instanceof JsonObject spec ? spec.getValue("position") : null;
      if (position instanceof Number) {
        positional.add(param);
      } else {
        String named = namedArgument(kwargOp + param.getKey(), values.getValue(param.getKey()));
        if (named != null) {
          parts.add(named);
        }
      }
    }
    positional.sort(Comparator.comparingDouble(
        p -> ((JsonObject) p.getValue()).getNumber("position").doubleValue()));
    for (Map.Entry<String, Object> param : positional) {
      parts.add(quote(positionalText(values.getValue(param.getKey()))));
    }
    return String.join(" ", parts);
  }

  /** {@code --name=value}, bare {@code --name} for true, or null when the value is omitted. */
  static String namedArgument(String key, Object value) {
    if (value == null || "".equals(value) || Boolean.FALSE.equals(value)) {
      return null;
    }
    if (Boolean.TRUE.equals(value)) {
      return quote(key);
    }
    return quote(key) + "=" + quote(positionalText(value));
  }

  /** How a positional value is written: booleans 1/0, arrays comma-joined, objects as JSON, null empty. */
  static String positionalText(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Boolean b) {
      return b ? "1" : "0";
    }
    if (value instanceof JsonArray array) {
      return array.stream().map(ShellArguments::positionalText).collect(Collectors.joining(","));
    }
    if (value instanceof JsonObject object) {
      return object.encode();
    }
    return value.toString();
  }

  /** POSIX shell quoting: safe words as they are, anything else in single quotes. */
  static String quote(String text) {
    if (text.isEmpty()) {
      return "''";
    }
    if (SAFE.matcher(text).matches()) {
      return text;
    }
    return "'" + text.replace("'", "'\"'\"'") + "'";
  }
}
