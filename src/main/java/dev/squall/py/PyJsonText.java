package dev.squall.py;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.IntFunction;

/** JSON text as Python's {@code json.dumps} writes it: its separators, indent, key order and ASCII-only escapes. */
public final class PyJsonText {
  private PyJsonText() {
  }

  private record Format(Integer indent, boolean sortKeys, String itemSep, String keySep, boolean javaFloats) {
  }

  private static final Format DEFAULT = new Format(null, false, ", ", ": ", false);
  private static final Format UID = new Format(null, true, ", ", ": ", true);

  /** {@code json.dumps(value)}. */
  public static String dumps(Object value) {
    return write(value, DEFAULT);
  }

  /** {@code json.dumps(value, indent=indent, sort_keys=sortKeys, separators=(itemSep, keySep))}; null: one line. */
  public static String dumps(Object value, Integer indent, boolean sortKeys, String itemSep, String keySep) {
    return write(value, new Format(indent, sortKeys, itemSep, keySep, false));
  }

  /**
   * {@code json.dumps(value, sort_keys=True)} as the uids StackStorm derives from it have always been written
   * here: floats in Java's notation ({@code 1.0E20} where Python writes {@code 1e+20}), so stored uids stay valid.
   */
  public static String dumpsForUid(Object value) {
    return write(value, UID);
  }

  /** How json.dumps writes a float: its repr, with NaN, Infinity and -Infinity as JavaScript spells them. */
  public static String floatText(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
    }
    return PyRepr.floatRepr(d);
  }

  private static String write(Object value, Format f) {
    StringBuilder out = new StringBuilder();
    write(value, f, 0, out);
    return out.toString();
  }

  private static void write(Object v, Format f, int level, StringBuilder out) {
    if (v instanceof Map<?, ?> m) {
      object(m.keySet(), m::get, f, level, out);
    } else if (v instanceof JsonObject o) {
      object(o.fieldNames(), o::getValue, f, level, out);
    } else if (v instanceof List<?> l) {
      array(l.size(), l::get, f, level, out);
    } else if (v instanceof JsonArray a) {
      array(a.size(), a::getValue, f, level, out);
    } else if (v == null) {
      out.append("null");
    } else if (f.javaFloats() && (v instanceof Boolean || v instanceof Number)) {
      out.append(v instanceof Double || v instanceof Float ? Double.toString(((Number) v).doubleValue()) : v);
    } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short
        || v instanceof BigInteger) {
      out.append(v);
    } else if (v instanceof Number n) {
      out.append(floatText(n.doubleValue()));
    } else {
      quote(String.valueOf(v), out);
    }
  }

  private static <K> void object(Collection<K> keys, Function<K, Object> values, Format f, int level,
      StringBuilder out) {
    if (keys.isEmpty()) {
      out.append("{}");
      return;
    }
    out.append('{');
    boolean first = true;
    for (K key : f.sortKeys() ? new TreeSet<>(keys) : keys) {
      out.append(first ? "" : f.itemSep());
      newline(f, level + 1, out);
      first = false;
      quote(String.valueOf(key), out);
      out.append(f.keySep());
      write(values.apply(key), f, level + 1, out);
    }
    newline(f, level, out);
    out.append('}');
  }

  private static void array(int size, IntFunction<Object> items, Format f, int level, StringBuilder out) {
    if (size == 0) {
      out.append("[]");
      return;
    }
    out.append('[');
    for (int i = 0; i < size; i++) {
      out.append(i == 0 ? "" : f.itemSep());
      newline(f, level + 1, out);
      write(items.apply(i), f, level + 1, out);
    }
    newline(f, level, out);
    out.append(']');
  }

  private static void newline(Format f, int level, StringBuilder out) {
    if (f.indent() != null) {
      out.append('\n').append(" ".repeat(f.indent() * level));
    }
  }

  /** A string as the json module writes it with ensure_ascii: ASCII only, \\uXXXX escapes. */
  private static void quote(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
