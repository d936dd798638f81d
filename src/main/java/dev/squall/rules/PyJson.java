package dev.squall.rules;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Python's semantics for JSON values (==, <, in, str.lower, type names) as the criteria operators see them. */
final class PyJson {
  private PyJson() {
  }

  private static final double EXACT_LONG_LIMIT = 9007199254740992d; // 2^53: longs below are exact doubles

  /** Strings in all their JVM forms (bytes are decoded as UTF-8, as StackStorm does). */
  static Object norm(Object v) {
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

  static boolean isStr(Object v) {
    return v instanceof String;
  }

  static boolean isDict(Object v) {
    return v instanceof Map<?, ?> || v instanceof JsonObject;
  }

  static boolean isList(Object v) {
    return v instanceof List<?> || v instanceof JsonArray;
  }

  static boolean isIntegral(Object v) {
    return v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte
        || v instanceof BigInteger || v instanceof Boolean;
  }

  static boolean isNumber(Object v) {
    return v instanceof Number || v instanceof Boolean;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> dict(Object v) {
    return v instanceof JsonObject o ? o.getMap() : (Map<String, Object>) v;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object v) {
    return v instanceof JsonArray a ? a.getList() : (List<Object>) v;
  }

  /** Python's type(v).__name__. */
  static String typeName(Object v) {
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
    return v.getClass().getSimpleName();
  }

  /** Python truthiness. */
  static boolean truthy(Object v) {
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

  /** Python's {@code a == b}: numbers by value across int/float/bool, containers deeply, no other coercion. */
  static boolean eq(Object a, Object b) {
    a = norm(a);
    b = norm(b);
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof String sa) {
      return b instanceof String && sa.equals(b);
    }
    if (isNumber(a)) {
      return isNumber(b) && numCompare(a, b) == 0;
    }
    if (isDict(a)) {
      if (!isDict(b)) {
        return false;
      }
      Map<String, Object> ma = dict(a);
      Map<String, Object> mb = dict(b);
      if (ma.size() != mb.size()) {
        return false;
      }
      for (Map.Entry<String, Object> e : ma.entrySet()) {
        if (!mb.containsKey(e.getKey()) || !eq(e.getValue(), mb.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (isList(a)) {
      if (!isList(b)) {
        return false;
      }
      List<Object> la = list(a);
      List<Object> lb = list(b);
      if (la.size() != lb.size()) {
        return false;
      }
      Iterator<Object> ib = lb.iterator();
      for (Object x : la) {
        if (!eq(x, ib.next())) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  /**
   * Python's {@code a < b} / {@code a > b} ({@code op} is "<" or ">"): numbers, strings (by code point) and
   * lists (lexicographically); anything else raises TypeError.
   */
  static boolean order(Object a, Object b, String op) {
    a = norm(a);
    b = norm(b);
    int c;
    if (isNumber(a) && isNumber(b)) {
      if (isNaN(a) || isNaN(b)) {
        return false;
      }
      c = numCompare(a, b);
    } else if (a instanceof String sa && b instanceof String sb) {
      c = compareCodePoints(sa, sb);
    } else if (isList(a) && isList(b)) {
      List<Object> la = list(a);
      List<Object> lb = list(b);
      int n = Math.min(la.size(), lb.size());
      for (int i = 0; i < n; i++) {
        if (!eq(la.get(i), lb.get(i))) {
          return order(la.get(i), lb.get(i), op);
        }
      }
      c = Integer.compare(la.size(), lb.size());
    } else {
      throw new CriteriaException("'" + op + "' not supported between instances of '" + typeName(a) + "' and '"
          + typeName(b) + "'");
    }
    return op.equals("<") ? c < 0 : c > 0;
  }

  /** Python's {@code item in container}. */
  static boolean in(Object item, Object container) {
    item = norm(item);
    container = norm(container);
    if (container instanceof String s) {
      if (!(item instanceof String si)) {
        throw new CriteriaException("'in <string>' requires string as left operand, not " + typeName(item));
      }
      return s.contains(si);
    }
    if (isList(container)) {
      for (Object x : list(container)) {
        if (eq(x, item)) {
          return true;
        }
      }
      return false;
    }
    if (isDict(container)) {
      if (isDict(item) || isList(item)) {
        throw new CriteriaException("unhashable type: '" + typeName(item) + "'");
      }
      return item instanceof String k && dict(container).containsKey(k);
    }
    throw new CriteriaException("argument of type '" + typeName(container) + "' is not iterable");
  }

  /** The string itself, or Python's AttributeError for {@code v.<method>()} on a non-string. */
  static String str(Object v, String method) {
    v = norm(v);
    if (v instanceof String s) {
      return s;
    }
    throw new CriteriaException("'" + typeName(v) + "' object has no attribute '" + method + "'");
  }

  /** Python's str.lower(). */
  static String lower(Object v) {
    return str(v, "lower").toLowerCase(Locale.ROOT);
  }

  /** Python's str() of a value, for messages. */
  static String text(Object v) {
    v = norm(v);
    return v instanceof String s ? s : repr(v);
  }

  /** Python's repr() of a JSON value. */
  static String repr(Object v) {
    v = norm(v);
    if (v == null) {
      return "None";
    }
    if (v instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (v instanceof String s) {
      String q = s.contains("'") && !s.contains("\"") ? "\"" : "'";
      StringBuilder out = new StringBuilder(q);
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        switch (c) {
          case '\\' -> out.append("\\\\");
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          case '\t' -> out.append("\\t");
          default -> out.append(c == q.charAt(0) ? "\\" + c : String.valueOf(c));
        }
      }
      return out.append(q).toString();
    }
    if (v instanceof Double || v instanceof Float || v instanceof BigDecimal) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d)) {
        return "nan";
      }
      if (Double.isInfinite(d)) {
        return d > 0 ? "inf" : "-inf";
      }
      return d == Math.rint(d) && Math.abs(d) < 1e16 ? new BigDecimal(d).toPlainString() + ".0" : Double.toString(d);
    }
    if (isDict(v)) {
      StringBuilder out = new StringBuilder("{");
      dict(v).forEach((k, x) -> out.append(out.length() > 1 ? ", " : "").append(repr(k)).append(": ").append(repr(x)));
      return out.append('}').toString();
    }
    if (isList(v)) {
      StringBuilder out = new StringBuilder("[");
      list(v).forEach(x -> out.append(out.length() > 1 ? ", " : "").append(repr(x)));
      return out.append(']').toString();
    }
    return v.toString();
  }

  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  private static boolean isNaN(Object v) {
    return (v instanceof Double d && d.isNaN()) || (v instanceof Float f && f.isNaN());
  }

  /** Exact numeric comparison of two Python numbers (bool counts as int); NaN must be excluded by the caller. */
  static int numCompare(Object a, Object b) {
    boolean ia = isIntegral(a);
    boolean ib = isIntegral(b);
    if (ia && ib) {
      if (a instanceof BigInteger || b instanceof BigInteger) {
        return bigInt(a).compareTo(bigInt(b));
      }
      return Long.compare(longOf(a), longOf(b));
    }
    if (!ia && !ib && !(a instanceof BigDecimal) && !(b instanceof BigDecimal)) {
      return Double.compare(((Number) a).doubleValue() + 0.0, ((Number) b).doubleValue() + 0.0);
    }
    double da = ia ? 0 : ((Number) a).doubleValue();
    double db = ib ? 0 : ((Number) b).doubleValue();
    if (Double.isInfinite(da) || Double.isInfinite(db) || Double.isNaN(da) || Double.isNaN(db)) {
      return Double.compare(ia ? 0 : da, ib ? 0 : db); // an int against +-inf: the sign of the infinity decides
    }
    if (ia && !(a instanceof BigInteger) && Math.abs(longOf(a)) < EXACT_LONG_LIMIT && !(b instanceof BigDecimal)) {
      return Double.compare((double) longOf(a), db + 0.0);
    }
    if (ib && !(b instanceof BigInteger) && Math.abs(longOf(b)) < EXACT_LONG_LIMIT && !(a instanceof BigDecimal)) {
      return Double.compare(da + 0.0, (double) longOf(b));
    }
    return decimal(a).compareTo(decimal(b));
  }

  private static long longOf(Object v) {
    return v instanceof Boolean bo ? (bo ? 1 : 0) : ((Number) v).longValue();
  }

  private static BigInteger bigInt(Object v) {
    return v instanceof BigInteger b ? b : BigInteger.valueOf(longOf(v));
  }

  private static BigDecimal decimal(Object v) {
    if (v instanceof BigDecimal d) {
      return d;
    }
    if (isIntegral(v)) {
      return new BigDecimal(bigInt(v));
    }
    return new BigDecimal(((Number) v).doubleValue());
  }
}
