package dev.squall.py;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** How Python sees a JSON value held in any JVM form: its type name, its truthiness and {@code float(v)}. */
public final class PyValues {
  private PyValues() {
  }

  private static final String DIGITS = "\\d(?:_?\\d)*";
  private static final Pattern FLOAT = Pattern.compile("[+-]?(?:(?:" + DIGITS + "(?:\\.(?:" + DIGITS + ")?)?|\\."
      + DIGITS + ")(?:[eE][+-]?" + DIGITS + ")?|(?i:inf|infinity|nan))");

  /** Strings in all their JVM forms (bytes are decoded as UTF-8, as StackStorm does). */
  public static Object norm(Object v) {
    if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
      return v;
    }
    if (v instanceof CharSequence s) {
      return s.toString();
    }
    if (v instanceof byte[] b) {
      return new String(b, StandardCharsets.UTF_8);
    }
    if (v instanceof Buffer b) {
      return b.toString(StandardCharsets.UTF_8);
    }
    if (v instanceof Instant || v instanceof Enum<?>) {
      return v.toString();
    }
    return v;
  }

  /** A dict: a Map or a JsonObject. */
  public static boolean isDict(Object v) {
    return v instanceof Map<?, ?> || v instanceof JsonObject;
  }

  /** A list: a List or a JsonArray. */
  public static boolean isList(Object v) {
    return v instanceof List<?> || v instanceof JsonArray;
  }

  /** An int to Python (bool is an int too). */
  public static boolean isIntegral(Object v) {
    return v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
        || v instanceof BigInteger || v instanceof Boolean;
  }

  /** The entries of a dict (see {@link #isDict}). */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> dict(Object v) {
    return v instanceof JsonObject o ? o.getMap() : (Map<String, Object>) v;
  }

  /** The items of a list (see {@link #isList}). */
  @SuppressWarnings("unchecked")
  public static List<Object> list(Object v) {
    return v instanceof JsonArray a ? a.getList() : (List<Object>) v;
  }

  /** Python's type(v).__name__. */
  public static String typeName(Object v) {
    v = norm(v);
    if (v == null) {
      return "NoneType";
    }
    if (v instanceof Boolean) {
      return "bool";
    }
    if (isIntegral(v)) {
      return "int";
    }
    if (v instanceof Number) {
      return "float";
    }
    if (v instanceof String) {
      return "str";
    }
    if (isDict(v)) {
      return "dict";
    }
    if (isList(v)) {
      return "list";
    }
    return "str"; // anything else reaches Python as its text (a Jinja SafeString, say)
  }

  /** Python truthiness. */
  public static boolean truthy(Object v) {
    v = norm(v);
    if (v == null) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s) {
      return !s.isEmpty();
    }
    if (isDict(v)) {
      return !dict(v).isEmpty();
    }
    if (isList(v)) {
      return !list(v).isEmpty();
    }
    if (v instanceof BigInteger b) {
      return b.signum() != 0;
    }
    if (v instanceof BigDecimal d) {
      return d.signum() != 0;
    }
    if (v instanceof Number n) {
      return n.doubleValue() != 0;
    }
    return true;
  }

  /** Python's float(v). */
  public static double toFloat(Object v) {
    v = norm(v);
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof String s) {
      String t = s.strip();
      if (FLOAT.matcher(t).matches()) {
        String lowered = t.toLowerCase(Locale.ROOT).replace("_", "");
        String unsigned = lowered.replaceFirst("^[+-]", "");
        if (unsigned.startsWith("inf")) {
          return lowered.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (unsigned.equals("nan")) {
          return Double.NaN;
        }
        return Double.parseDouble(lowered);
      }
      throw new PyException("could not convert string to float: " + PyRepr.repr(s));
    }
    throw new PyException("float() argument must be a string or a real number, not '" + typeName(v) + "'");
  }
}
