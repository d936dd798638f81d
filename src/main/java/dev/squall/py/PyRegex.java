package dev.squall.py;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Python's {@code re} patterns and {@code fnmatch} wildcards as Java patterns. */
public final class PyRegex {
  private PyRegex() {
  }

  // Python 3 str patterns: Unicode classes and case folding; only \n ends a line.
  private static final int BASE_FLAGS = Pattern.UNICODE_CHARACTER_CLASS | Pattern.UNIX_LINES;

  /** Compiles a Python regular expression; a syntax error is reported as Python's re.error text. */
  public static Pattern compile(String python, boolean ignoreCase, boolean dotAll) {
    int flags = BASE_FLAGS | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0)
        | (dotAll ? Pattern.DOTALL : 0);
    try {
      return Pattern.compile(translate(python), flags);
    } catch (PatternSyntaxException e) {
      throw new PyException(e.getDescription() + " at position " + Math.max(0, e.getIndex()));
    }
  }

  /** Rewrites the Python-only syntax (named groups, \Z, {,n}, literal braces, '[' and '&' in sets). */
  public static String translate(String py) {
    StringBuilder out = new StringBuilder(py.length() + 8);
    int n = py.length();
    boolean inSet = false;
    int setStart = -1;
    for (int i = 0; i < n; i++) {
      char c = py.charAt(i);
      if (c == '\\' && i + 1 < n) {
        char d = py.charAt(++i);
        out.append(!inSet && d == 'Z' ? "\\z" : "\\" + d);
        continue;
      }
      if (inSet) {
        if (c == ']' && i > setStart) {
          inSet = false;
          out.append(c);
        } else if (c == '[' || c == '&' || (c == ']' && i == setStart)) {
          out.append('\\').append(c);
        } else {
          out.append(c);
        }
        continue;
      }
      if (c == '[') {
        inSet = true;
        out.append(c);
        if (i + 1 < n && py.charAt(i + 1) == '^') {
          out.append('^');
          i++;
        }
        setStart = i + 1;
      } else if (c == '(' && py.startsWith("(?P<", i)) {
        out.append("(?<");
        i += 3;
      } else if (c == '(' && py.startsWith("(?P=", i) && py.indexOf(')', i) > 0) {
        int close = py.indexOf(')', i);
        out.append("\\k<").append(py, i + 4, close).append('>');
        i = close;
      } else if (c == '{') {
        int j = i + 1;
        while (j < n && Character.isDigit(py.charAt(j))) {
          j++;
        }
        String lo = py.substring(i + 1, j);
        String hi = lo;
        boolean comma = j < n && py.charAt(j) == ',';
        if (comma) {
          int k = ++j;
          while (j < n && Character.isDigit(py.charAt(j))) {
            j++;
          }
          hi = py.substring(k, j);
        }
        if (j < n && py.charAt(j) == '}' && (!lo.isEmpty() || comma)) {
          out.append('{').append(lo.isEmpty() ? "0" : lo).append(comma ? "," + hi : "").append('}');
          i = j;
        } else {
          out.append("\\{"); // Python reads a brace that does not start a repeat as a literal
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** fnmatch.fnmatchcase: '*', '?', '[seq]', '[!seq]'; the whole string must match. */
  public static Pattern wildcard(String pat) {
    StringBuilder re = new StringBuilder(pat.length() + 8);
    int i = 0;
    int n = pat.length();
    while (i < n) {
      char c = pat.charAt(i++);
      if (c == '*') {
        if (re.length() < 2 || !re.substring(re.length() - 2).equals(".*")) {
          re.append(".*");
        }
      } else if (c == '?') {
        re.append('.');
      } else if (c == '[') {
        int j = i;
        if (j < n && pat.charAt(j) == '!') {
          j++;
        }
        if (j < n && pat.charAt(j) == ']') {
          j++;
        }
        while (j < n && pat.charAt(j) != ']') {
          j++;
        }
        if (j >= n) {
          re.append("\\[");
          continue;
        }
        String stuff = pat.substring(i, j);
        i = j + 1;
        boolean negate = stuff.startsWith("!");
        if (negate) {
          stuff = stuff.substring(1);
        }
        if (stuff.isEmpty()) {
          re.append(negate ? "." : "(?!)");
          continue;
        }
        int open = re.length();
        re.append(negate ? "[^" : "[");
        int last = re.length();
        for (int k = 0; k < stuff.length(); k++) {
          char s = stuff.charAt(k);
          boolean range = s == '-' && k > 0 && k < stuff.length() - 1;
          if (range && stuff.charAt(k - 1) > stuff.charAt(k + 1)) {
            re.setLength(last); // Python drops an empty range such as z-a, both ends included
            k++;
          } else if (range) {
            re.append('-');
          } else {
            last = re.length();
            appendLiteral(re, s);
          }
        }
        if (re.length() == open + (negate ? 2 : 1)) {
          re.setLength(open);
          re.append(negate ? "." : "(?!)");
        } else {
          re.append(']');
        }
      } else {
        appendLiteral(re, c);
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  private static void appendLiteral(StringBuilder re, char c) {
    if (Character.isLetterOrDigit(c) || c == '_' || c == ' ') {
      re.append(c);
    } else if (c < 0x80) {
      re.append('\\').append(c);
    } else {
      re.append(c);
    }
  }
}
