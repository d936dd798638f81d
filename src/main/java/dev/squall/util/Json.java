package dev.squall.util;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Small helpers over Vert.x JSON values. */
public final class Json {
  private Json() {
  }

  /** The value at a dotted path ({@code action.ref}), or null when any step is missing. */
  public static Object at(JsonObject doc, String path) {
    Object current = doc;
    int start = 0;
    while (current != null) {
      int dot = path.indexOf('.', start);
      String key = dot < 0 ? path.substring(start) : path.substring(start, dot);
      if (current instanceof JsonObject object) {
        current = object.getValue(key);
      } else {
        return null;
      }
      if (dot < 0) {
        return current;
      }
      start = dot + 1;
    }
    return null;
  }

  /** The first line of a parser's message, cut to {@code max} characters: it locates a fault without echoing input. */
  public static String brief(String message, int max) {
    if (message == null) {
      return "";
    }
    int nl = message.indexOf('\n');
    String line = nl >= 0 ? message.substring(0, nl) : message;
    return line.length() <= max ? line : line.substring(0, max) + "...";
  }

  /** Python-style truthiness, used where StackStorm drops falsy fields from answers. */
  public static boolean truthy(Object value) {
    if (value == null) {
      return false;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof Number n) {
      return n.doubleValue() != 0;
    }
    if (value instanceof String s) {
      return !s.isEmpty();
    }
    if (value instanceof JsonObject o) {
      return !o.isEmpty();
    }
    if (value instanceof JsonArray a) {
      return !a.isEmpty();
    }
    return true;
  }
}
