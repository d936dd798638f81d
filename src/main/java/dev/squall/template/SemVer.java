package dev.squall.template;

import dev.squall.error.Validation;
import dev.squall.py.PyRepr;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A strict semantic version (semver.org 2.0) as the version_* filters read it. */
record SemVer(long major, long minor, long patch, String prerelease, String build) implements Comparable<SemVer> {
  private static final Pattern FORMAT = Pattern.compile(
      "^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
          + "(?:-((?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\\.(?:0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
          + "(?:\\+([0-9a-zA-Z-]+(?:\\.[0-9a-zA-Z-]+)*))?$");

  static SemVer parse(Object value) {
    String text = PyRepr.str(TemplateValues.plain(value));
    Matcher m = FORMAT.matcher(text);
    if (!m.matches()) {
      throw new Validation(text + " is not valid SemVer string");
    }
    return new SemVer(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
        m.group(4), m.group(5));
  }

  /** Precedence order: build metadata ignored, a pre-release sorts before its release. */
  @Override
  public int compareTo(SemVer o) {
    int c = Long.compare(major, o.major);
    c = c != 0 ? c : Long.compare(minor, o.minor);
    c = c != 0 ? c : Long.compare(patch, o.patch);
    if (c != 0) {
      return c;
    }
    if (prerelease == null || o.prerelease == null) {
      return prerelease == null ? (o.prerelease == null ? 0 : 1) : -1;
    }
    String[] a = prerelease.split("\\.");
    String[] b = o.prerelease.split("\\.");
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      boolean an = a[i].matches("\\d+");
      boolean bn = b[i].matches("\\d+");
      int part = an && bn ? Long.compare(Long.parseLong(a[i]), Long.parseLong(b[i]))
          : an ? -1 : bn ? 1 : a[i].compareTo(b[i]);
      if (part != 0) {
        return Integer.signum(part);
      }
    }
    return Integer.compare(a.length, b.length);
  }

  /** A comparison expression such as {@code >=1.2.0}, {@code <2.0.0}, {@code !=1.0.0} or a bare version (==). */
  boolean matches(String expression) {
    String expr = expression.strip();
    String op;
    if (expr.startsWith(">=") || expr.startsWith("<=") || expr.startsWith("==") || expr.startsWith("!=")) {
      op = expr.substring(0, 2);
    } else if (expr.startsWith(">") || expr.startsWith("<")) {
      op = expr.substring(0, 1);
    } else if (!expr.isEmpty() && Character.isDigit(expr.charAt(0))) {
      op = "";
    } else {
      throw new Validation("match_expr parameter should be in format <op><ver>, where <op> is one of "
          + "['<', '>', '==', '<=', '>=', '!=']. You provided: '" + expression + "'");
    }
    int c = compareTo(parse(expr.substring(op.length())));
    return switch (op) {
      case ">=" -> c >= 0;
      case "<=" -> c <= 0;
      case "!=" -> c != 0;
      case ">" -> c > 0;
      case "<" -> c < 0;
      default -> c == 0;
    };
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch + (prerelease != null ? "-" + prerelease : "")
        + (build != null ? "+" + build : "");
  }
}
