package dev.squall.py;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Python's {@code ast.literal_eval} of the literals Jinja prints (dicts, lists, tuples), JSON accepted too. */
public final class PyLiteral {
  private PyLiteral() {
  }

  /**
   * Parses a JSON document or a Python literal (as Jinja prints dicts and lists): quotes of either kind,
   * True/False/None as well as true/false/null, tuples as lists.
   */
  public static Object parse(String text) {
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
