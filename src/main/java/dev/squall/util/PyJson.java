package dev.squall.util;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.TreeSet;

/**
 * JSON text exactly as Python's {@code json.dumps(value, sort_keys=True)} writes it (separators {@code ", "}
 * and {@code ": "}, non-ASCII escaped), for uids StackStorm derives from it.
 */
public final class PyJson {
  private PyJson() {
  }

  public static String dumps(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value);
    return out.toString();
  }

  public static String md5Hex(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
      return String.format("%032x", new BigInteger(1, digest));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void write(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Boolean b) {
      out.append(b ? "true" : "false");
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      out.append(d == Math.rint(d) && !Double.isInfinite(d) ? String.valueOf(d) : Double.toString(d));
    } else if (value instanceof Number n) {
      out.append(n);
    } else if (value instanceof String s) {
      string(out, s);
    } else if (value instanceof JsonObject o) {
      out.append('{');
      boolean first = true;
      for (String key : new TreeSet<>(o.fieldNames())) {
        if (!first) {
          out.append(", ");
        }
        first = false;
        string(out, key);
        out.append(": ");
        write(out, o.getValue(key));
      }
      out.append('}');
    } else if (value instanceof JsonArray a) {
      out.append('[');
      for (int i = 0; i < a.size(); i++) {
        if (i > 0) {
          out.append(", ");
        }
        write(out, a.getValue(i));
      }
      out.append(']');
    } else {
      string(out, String.valueOf(value));
    }
  }

  /** Appends a string the way Python's json module writes it (ASCII only, \\uXXXX escapes). */
  public static void string(StringBuilder out, String s) {
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
