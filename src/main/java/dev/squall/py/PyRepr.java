package dev.squall.py;

import static dev.squall.py.PyValues.dict;
import static dev.squall.py.PyValues.isDict;
import static dev.squall.py.PyValues.isList;
import static dev.squall.py.PyValues.list;
import static dev.squall.py.PyValues.norm;

import java.math.BigDecimal;

/** Python's {@code repr()} and {@code str()} of a JSON value, as its error and validation messages print them. */
public final class PyRepr {
  private PyRepr() {
  }

  /** Python's repr(). */
  public static String repr(Object v) {
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
    if (v instanceof Double || v instanceof Float) {
      return floatRepr(((Number) v).doubleValue());
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
    return v.toString(); // a BigDecimal (Jinja's round) as Jinja prints it: 2.50
  }

  /** Python's str(): a string as it is, anything else as its repr. */
  public static String str(Object v) {
    v = norm(v);
    return v instanceof String s ? s : repr(v);
  }

  /** Python's repr of a float: shortest round-trip digits, always with a point or an exponent; nan, inf, -inf. */
  public static String floatRepr(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e16) {
      return new BigDecimal(d).toPlainString() + ".0";
    }
    String s = Double.toString(d);
    int e = s.indexOf('E');
    if (e < 0) {
      return s;
    }
    String mantissa = s.substring(0, e).replaceAll("\\.0$", "");
    int exp = Integer.parseInt(s.substring(e + 1));
    if (exp >= -4 && exp < 16) {
      return new BigDecimal(s).toPlainString();
    }
    return mantissa + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
  }
}
