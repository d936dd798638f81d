package dev.squall.py;

import static dev.squall.py.PyValues.dict;
import static dev.squall.py.PyValues.isDict;
import static dev.squall.py.PyValues.isIntegral;
import static dev.squall.py.PyValues.isList;
import static dev.squall.py.PyValues.list;
import static dev.squall.py.PyValues.norm;
import static dev.squall.py.PyValues.typeName;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Python's {@code ==}, {@code <}, {@code >}, {@code in} and {@code str.lower()} on JSON values, with its errors. */
public final class PyCompare {
  private PyCompare() {
  }

  private static final double EXACT_LONG_LIMIT = 9007199254740992d; // 2^53: longs below are exact doubles

  /** Python's {@code a == b}: numbers by value across int/float/bool, containers deeply, no other coercion. */
  public static boolean eq(Object a, Object b) {
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
  public static boolean order(Object a, Object b, String op) {
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
      throw new PyException("'" + op + "' not supported between instances of '" + typeName(a) + "' and '"
          + typeName(b) + "'");
    }
    return op.equals("<") ? c < 0 : c > 0;
  }

  /** Python's {@code item in container}. */
  public static boolean in(Object item, Object container) {
    item = norm(item);
    container = norm(container);
    if (container instanceof String s) {
      if (!(item instanceof String si)) {
        throw new PyException("'in <string>' requires string as left operand, not " + typeName(item));
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
        throw new PyException("unhashable type: '" + typeName(item) + "'");
      }
      return item instanceof String k && dict(container).containsKey(k);
    }
    throw new PyException("argument of type '" + typeName(container) + "' is not iterable");
  }

  /** The string itself, or Python's AttributeError for {@code v.<method>()} on a non-string. */
  public static String str(Object v, String method) {
    v = norm(v);
    if (v instanceof String s) {
      return s;
    }
    throw new PyException("'" + typeName(v) + "' object has no attribute '" + method + "'");
  }

  /** Python's str.lower(). */
  public static String lower(Object v) {
    return str(v, "lower").toLowerCase(Locale.ROOT);
  }

  private static boolean isNumber(Object v) {
    return v instanceof Number || v instanceof Boolean;
  }

  private static int compareCodePoints(String a, String b) {
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
  private static int numCompare(Object a, Object b) {
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
