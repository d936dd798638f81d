package dev.squall.template;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** How Python prints and parses plain values: json.dumps, repr, ast.literal_eval, type names. */
final class PyValues {
  private PyValues() {
  }

  /** Plain Java view of a value: JsonObject/JsonArray (at any depth) become Map/List, datastore lookups their value. */
  static Object plain(Object value) {
    return plain(value, false);
  }

  /** Plain view for binding into a template: datastore lookups stay lazy so templates can step into them. */
  static Object binding(Object value) {
    return plain(value, true);
  }

  private static Object plain(Object value, boolean keepLookups) {
    if (value instanceof KeyValueLookup lookup) {
      return keepLookups ? lookup : lookup.value();
    }
    if (value instanceof JsonObject o) {
      return plain(o.getMap(), keepLookups);
    }
    if (value instanceof JsonArray a) {
      return plain(a.getList(), keepLookups);
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, v) -> out.put(String.valueOf(k), plain(v, keepLookups)));
      return out;
    }
    if (value instanceof Collection<?> c) {
      List<Object> out = new ArrayList<>(c.size());
      c.forEach(v -> out.add(plain(v, keepLookups)));
      return out;
    }
    if (value instanceof CharSequence s && !(value instanceof String)) {
      return s.toString();
    }
    return value;
  }

  /** Vert.x JSON view of a plain value. */
  static Object json(Object value) {
    if (value instanceof Map<?, ?> m) {
      JsonObject out = new JsonObject();
      m.forEach((k, v) -> out.put(String.valueOf(k), json(v)));
      return out;
    }
    if (value instanceof Collection<?> c) {
      JsonArray out = new JsonArray();
      c.forEach(v -> out.add(json(v)));
      return out;
    }
    if (value instanceof JsonObject || value instanceof JsonArray) {
      return json(plain(value));
    }
    if (value instanceof CharSequence s && !(value instanceof String)) {
      return s.toString();
    }
    return value;
  }

  /** Python's json.dumps with the given indent (null = one line), key order and separators; ensure_ascii on. */
  static String dumps(Object value, Integer indent, boolean sortKeys, String itemSep, String keySep) {
    StringBuilder out = new StringBuilder();
    dump(plain(value), indent, sortKeys, itemSep, keySep, 0, out);
    return out.toString();
  }

  /** json.dumps(value) with Python's default separators. */
  static String dumps(Object value) {
    return dumps(value, null, false, ", ", ": ");
  }

  private static void dump(Object v, Integer indent, boolean sort, String itemSep, String keySep, int level,
      StringBuilder out) {
    if (v instanceof Map<?, ?> m) {
      if (m.isEmpty()) {
        out.append("{}");
        return;
      }
      Map<?, ?> entries = sort ? new TreeMap<>(m) : m;
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : entries.entrySet()) {
        out.append(first ? "" : itemSep);
        newline(indent, level + 1, out);
        first = false;
        quote(String.valueOf(e.getKey()), out);
        out.append(keySep);
        dump(e.getValue(), indent, sort, itemSep, keySep, level + 1, out);
      }
      newline(indent, level, out);
      out.append('}');
    } else if (v instanceof List<?> l) {
      if (l.isEmpty()) {
        out.append("[]");
        return;
      }
      out.append('[');
      boolean first = true;
      for (Object item : l) {
        out.append(first ? "" : itemSep);
        newline(indent, level + 1, out);
        first = false;
        dump(item, indent, sort, itemSep, keySep, level + 1, out);
      }
      newline(indent, level, out);
      out.append(']');
    } else if (v == null) {
      out.append("null");
    } else if (v instanceof Boolean || v instanceof Integer || v instanceof Long || v instanceof Short
        || v instanceof java.math.BigInteger) {
      out.append(v);
    } else if (v instanceof Number n) {
      out.append(floatText(n.doubleValue()));
    } else {
      quote(v.toString(), out);
    }
  }

  private static void newline(Integer indent, int level, StringBuilder out) {
    if (indent != null) {
      out.append('\n').append(" ".repeat(indent * level));
    }
  }

  private static void quote(String s, StringBuilder out) {
    dev.squall.util.PyJson.string(out, s);
  }

  /** Python's repr of a float: shortest round-trip digits, always with a point or exponent. */
  static String floatText(double d) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "Infinity" : "-Infinity";
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

  /** Python's repr(), used in validation messages so they read like StackStorm's. */
  static String repr(Object value) {
    Object v = plain(value);
    if (v == null) {
      return "None";
    }
    if (v instanceof Boolean b) {
      return b ? "True" : "False";
    }
    if (v instanceof String s) {
      String q = s.contains("'") && !s.contains("\"") ? "\"" : "'";
      StringBuilder out = new StringBuilder(q);
      for (char c : s.toCharArray()) {
        switch (c) {
          case '\\' -> out.append("\\\\");
          case '\n' -> out.append("\\n");
          case '\r' -> out.append("\\r");
          case '\t' -> out.append("\\t");
          default -> out.append(q.charAt(0) == c ? "\\" + c : String.valueOf(c));
        }
      }
      return out.append(q).toString();
    }
    if (v instanceof Double || v instanceof Float) {
      return floatText(((Number) v).doubleValue()).replace("Infinity", "inf").replace("NaN", "nan");
    }
    if (v instanceof Map<?, ?> m) {
      StringBuilder out = new StringBuilder("{");
      m.forEach((k, val) -> out.append(out.length() > 1 ? ", " : "").append(repr(k)).append(": ").append(repr(val)));
      return out.append('}').toString();
    }
    if (v instanceof List<?> l) {
      StringBuilder out = new StringBuilder("[");
      l.forEach(item -> out.append(out.length() > 1 ? ", " : "").append(repr(item)));
      return out.append(']').toString();
    }
    return v.toString();
  }

  /** Python's str(): like repr but strings bare. */
  static String str(Object value) {
    Object v = plain(value);
    return v instanceof String s ? s : repr(v);
  }

  /** Python's type name for a JSON value. */
  static String typeName(Object value) {
    Object v = plain(value);
    if (v == null) {
      return "NoneType";
    }
    if (v instanceof Boolean) {
      return "bool";
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof java.math.BigInteger) {
      return "int";
    }
    if (v instanceof Number) {
      return "float";
    }
    if (v instanceof Map) {
      return "dict";
    }
    if (v instanceof List) {
      return "list";
    }
    return "str";
  }

  /**
   * Parses a JSON document or a Python literal (as Jinja prints dicts and lists): quotes of either kind,
   * True/False/None as well as true/false/null, tuples as lists.
   */
  static Object literal(String text) {
    LiteralParser p = new LiteralParser(text);
    Object v = p.value();
    p.skipSpace();
    if (p.pos != text.length()) {
      throw p.error();
    }
    return v;
  }

  private static final class LiteralParser {
    private final String s;
    private int pos;

    LiteralParser(String s) {
      this.s = s;
    }

    IllegalArgumentException error() {
      return new IllegalArgumentException("malformed literal at offset " + pos);
    }

    void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    boolean take(char c) {
      skipSpace();
      if (pos < s.length() && s.charAt(pos) == c) {
        pos++;
        return true;
      }
      return false;
    }

    Object value() {
      skipSpace();
      if (pos >= s.length()) {
        throw error();
      }
      char c = s.charAt(pos);
      if (c == '{') {
        pos++;
        Map<String, Object> out = new LinkedHashMap<>();
        if (take('}')) {
          return out;
        }
        do {
          if (take('}')) {
            return out;
          }
          Object key = value();
          if (!take(':')) {
            throw error();
          }
          out.put(String.valueOf(key), value());
        } while (take(','));
        if (!take('}')) {
          throw error();
        }
        return out;
      }
      if (c == '[' || c == '(') {
        char close = c == '[' ? ']' : ')';
        pos++;
        List<Object> out = new ArrayList<>();
        if (take(close)) {
          return out;
        }
        do {
          if (take(close)) {
            return out;
          }
          out.add(value());
        } while (take(','));
        if (!take(close)) {
          throw error();
        }
        return out;
      }
      if (c == '\'' || c == '"') {
        return string(c);
      }
      for (String word : new String[] {"True", "true", "False", "false", "None", "null"}) {
        if (s.startsWith(word, pos)) {
          pos += word.length();
          return word.equalsIgnoreCase("true") ? Boolean.TRUE : word.equalsIgnoreCase("false") ? Boolean.FALSE : null;
        }
      }
      int start = pos;
      while (pos < s.length() && "+-0123456789.eE_".indexOf(s.charAt(pos)) >= 0) {
        pos++;
      }
      String num = s.substring(start, pos).replace("_", "");
      if (num.isEmpty()) {
        throw error();
      }
      try {
        if (num.matches("[+-]?\\d+")) {
          long l = Long.parseLong(num);
          return l == (int) l ? (Object) (int) l : (Object) l;
        }
        return Double.parseDouble(num);
      } catch (NumberFormatException e) {
        throw error();
      }
    }

    String string(char quote) {
      pos++;
      StringBuilder out = new StringBuilder();
      while (pos < s.length()) {
        char c = s.charAt(pos++);
        if (c == quote) {
          return out.toString();
        }
        if (c != '\\') {
          out.append(c);
          continue;
        }
        if (pos >= s.length()) {
          break;
        }
        char e = s.charAt(pos++);
        switch (e) {
          case 'n' -> out.append('\n');
          case 't' -> out.append('\t');
          case 'r' -> out.append('\r');
          case 'b' -> out.append('\b');
          case 'f' -> out.append('\f');
          case '/' -> out.append('/');
          case 'u' -> {
            out.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
            pos += 4;
          }
          case 'x' -> {
            out.append((char) Integer.parseInt(s.substring(pos, pos + 2), 16));
            pos += 2;
          }
          default -> out.append(e);
        }
      }
      throw error();
    }
  }
}
