package dev.squall.template;

import dev.squall.error.Validation;
import dev.squall.py.PyLiteral;
import dev.squall.py.PyRepr;
import dev.squall.py.PyValues;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** Casting a rendered value to its parameter's declared type, then the schema checks StackStorm applies. */
final class ParameterCheck {
  private ParameterCheck() {
  }

  static Object castAndCheck(String name, Object rendered, JsonObject schema) {
    Object value = TemplateValues.plain(rendered);
    if (Jinja.NONE_MAGIC_VALUE.equals(value)) {
      value = null;
    }
    String type = schema.getValue("type") instanceof String t ? t : null;
    if (value == null) {
      return null;
    }
    if (type != null) {
      value = cast(name, value, type, schema);
      if (value == null) {
        return null;
      }
      if (!hasType(value, type)) {
        throw invalid(name, shown(value, schema) + " is not of type " + PyRepr.repr(type));
      }
    }
    check(name, value, schema);
    return value;
  }

  private static Validation invalid(String name, String reason) {
    return new Validation("Parameter \"" + name + "\": " + reason);
  }

  /** Python's repr of a value as a message may show it: secret parts masked. */
  private static String shown(Object v, JsonObject schema) {
    return PyRepr.repr(Secrets.maskValue(v, schema));
  }

  private static Object cast(String name, Object v, String type, JsonObject schema) {
    try {
      return switch (type) {
        case "string" -> {
          if (!(v instanceof String)) {
            throw invalid(name, "Value \"" + PyRepr.str(Secrets.maskValue(v, schema))
                + "\" must either be a string or None. Got \""
                + PyValues.typeName(v) + "\".");
          }
          yield v;
        }
        case "integer" -> castInteger(v);
        case "number" -> v instanceof String s ? (Object) Double.parseDouble(s.strip())
            : v instanceof Number n && !(v instanceof Boolean) ? (Object) n.doubleValue() : v;
        case "boolean" -> v instanceof String s ? PyLiteral.parse(capitalize(s.strip())) : v;
        case "object", "array" -> v instanceof String s ? PyLiteral.parse(s) : v;
        default -> v;
      };
    } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
      throw invalid(name, shown(v, schema) + " is not of type " + PyRepr.repr(type));
    }
  }

  private static Object castInteger(Object v) {
    long l;
    if (v instanceof String s) {
      l = Long.parseLong(s.strip().replace("_", ""));
    } else if (v instanceof Boolean b) {
      l = b ? 1 : 0;
    } else if (v instanceof Number n) {
      l = n instanceof Double || n instanceof Float ? (long) n.doubleValue() : n.longValue();
    } else {
      throw new IllegalArgumentException("not an integer");
    }
    return l == (int) l ? (Object) (int) l : (Object) l;
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1).toLowerCase();
  }

  private static boolean hasType(Object v, String type) {
    return switch (type) {
      case "string" -> v instanceof String;
      case "integer" -> v instanceof Integer || v instanceof Long || v instanceof Short
          || v instanceof java.math.BigInteger;
      case "number" -> v instanceof Number;
      case "boolean" -> v instanceof Boolean;
      case "object" -> v instanceof Map;
      case "array" -> v instanceof List;
      case "null" -> false;
      default -> true;
    };
  }

  private static void check(String name, Object v, JsonObject schema) {
    JsonArray allowed = schema.getValue("enum") instanceof JsonArray a ? a : null;
    if (allowed != null && allowed.stream().noneMatch(e -> sameValue(TemplateValues.plain(e), v))) {
      throw invalid(name, shown(v, schema) + " is not one of "
          + (Secrets.declaresSecret(schema) ? "the allowed values" : PyRepr.repr(allowed)));
    }
    if (v instanceof Number n && !(v instanceof Boolean)) {
      double d = n.doubleValue();
      Number min = schema.getValue("minimum") instanceof Number m ? m : null;
      Number max = schema.getValue("maximum") instanceof Number m ? m : null;
      boolean exMin = Boolean.TRUE.equals(schema.getValue("exclusiveMinimum"));
      boolean exMax = Boolean.TRUE.equals(schema.getValue("exclusiveMaximum"));
      if (min != null && (exMin ? d <= min.doubleValue() : d < min.doubleValue())) {
        throw invalid(name, shown(v, schema) + " is less than " + (exMin ? "or equal to " : "") + "the minimum of "
            + PyRepr.repr(min));
      }
      if (max != null && (exMax ? d >= max.doubleValue() : d > max.doubleValue())) {
        throw invalid(name, shown(v, schema) + " is greater than " + (exMax ? "or equal to " : "")
            + "the maximum of " + PyRepr.repr(max));
      }
    }
    if (v instanceof String s) {
      if (schema.getValue("pattern") instanceof String p && !Pattern.compile(p).matcher(s).find()) {
        throw invalid(name, shown(s, schema) + " does not match " + PyRepr.repr(p));
      }
      int length = s.codePointCount(0, s.length());
      if (schema.getValue("minLength") instanceof Number m && length < m.intValue()) {
        throw invalid(name, shown(s, schema) + " is too short");
      }
      if (schema.getValue("maxLength") instanceof Number m && length > m.intValue()) {
        throw invalid(name, shown(s, schema) + " is too long");
      }
    }
    if (v instanceof List<?> l) {
      if (schema.getValue("minItems") instanceof Number m && l.size() < m.intValue()) {
        throw invalid(name, shown(l, schema) + " is too short");
      }
      if (schema.getValue("maxItems") instanceof Number m && l.size() > m.intValue()) {
        throw invalid(name, shown(l, schema) + " is too long");
      }
    }
  }

  private static boolean sameValue(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y && !(a instanceof Boolean) && !(b instanceof Boolean)) {
      return x.doubleValue() == y.doubleValue();
    }
    return Objects.equals(a, b);
  }
}
