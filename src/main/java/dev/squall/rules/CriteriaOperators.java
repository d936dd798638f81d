package dev.squall.rules;

import static dev.squall.py.PyCompare.eq;
import static dev.squall.py.PyCompare.in;
import static dev.squall.py.PyCompare.lower;
import static dev.squall.py.PyValues.typeName;

import dev.squall.py.PyCompare;
import dev.squall.py.PyDates;
import dev.squall.py.PyException;
import dev.squall.py.PyRegex;
import dev.squall.py.PyRepr;
import dev.squall.py.PyValues;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * StackStorm's rule criteria operators, by name and alias, with Python's semantics on JSON values: no type
 * coercion (5 equals 5.0, never "5"), a null pattern never matches (except {@code nequals}, {@code exists},
 * {@code nexists}), and an operation Python cannot perform ({@code "a" < 1}, {@code None.startswith}) raises
 * {@link PyException} with Python's message. Names are case-sensitive.
 */
public final class CriteriaOperators {
  private CriteriaOperators() {
  }

  /** An operator bound to one pattern; compiled once, tested for every event. */
  @FunctionalInterface
  public interface Test {
    /** @throws PyException when Python would raise */
    boolean test(Object value);
  }

  /** A criteria operator. {@link #prepare} never throws: a bad pattern fails each {@link Test#test}, as in StackStorm. */
  public interface Operator {
    String name();

    Test prepare(Object pattern);
  }

  /** For {@link #search}: whether child criterion number {@code criterion} matches one item of the list. */
  @FunctionalInterface
  public interface ItemCheck {
    boolean matches(Object item, int criterion);
  }

  public static final String SEARCH = "search";
  private static final Test NEVER = v -> false;
  private static final Map<String, Operator> BY_NAME = new LinkedHashMap<>();

  static {
    // StackStorm's registration order: it shows in the "allowed operators" validation message.
    add(CriteriaOperators::wildcard, "matchwildcard");
    add(p -> regex(p, false, true, true), "matchregex");
    add(p -> regex(p, false, false, false), "regex");
    add(p -> regex(p, true, false, false), "iregex");
    add(p -> p == null ? NEVER : v -> eq(v, p), "eq", "equals");
    add(p -> v -> !eq(v, p), "neq", "nequals");
    add(CriteriaOperators::iequals, "ieq", "iequals");
    add(p -> p == null ? NEVER : v -> in(p, v), "contains");
    add(p -> icontains(p, true), "icontains");
    add(p -> p == null ? NEVER : v -> !in(p, v), "ncontains");
    add(p -> icontains(p, false), "incontains");
    add(p -> affix(p, "startswith", false), "startswith");
    add(p -> affix(p, "startswith", true), "istartswith");
    add(p -> affix(p, "endswith", false), "endswith");
    add(p -> affix(p, "endswith", true), "iendswith");
    add(p -> p == null ? NEVER : v -> PyCompare.order(v, p, "<"), "lt", "lessthan");
    add(p -> p == null ? NEVER : v -> PyCompare.order(v, p, ">"), "gt", "greaterthan");
    add(p -> timediff(p, true), "td_lt", "timediff_lt");
    add(p -> timediff(p, false), "td_gt", "timediff_gt");
    add(p -> v -> v != null, "exists");
    add(p -> v -> v == null, "nexists");
    add(p -> p == null ? NEVER : v -> in(v, p), "inside", "in");
    add(p -> p == null ? NEVER : v -> !in(v, p), "ninside", "nin");
    // search needs a condition and child criteria; called like this, Python fails the same way.
    add(p -> v -> {
      throw new CriteriaException(
          "search() missing 2 required positional arguments: 'criteria_condition' and 'check_function'");
    }, SEARCH);
  }

  private record Named(String name, Function<Object, Test> factory) implements Operator {
    @Override
    public Test prepare(Object pattern) {
      return factory.apply(PyValues.norm(pattern));
    }
  }

  private static void add(Function<Object, Test> factory, String... names) {
    for (String name : names) {
      BY_NAME.put(name, new Named(name, factory));
    }
  }

  /** Whether {@code name} is an operator (exact, lower-case) name or alias. */
  public static boolean isKnown(String name) {
    return name != null && BY_NAME.containsKey(name);
  }

  /** All names and aliases, in StackStorm's order. */
  public static List<String> names() {
    return List.copyOf(BY_NAME.keySet());
  }

  /**
   * The operator with this exact name.
   *
   * @throws CriteriaException {@code Invalid operator: <name>} when unknown
   */
  public static Operator get(String name) {
    Operator op = name == null ? null : BY_NAME.get(name);
    if (op == null) {
      throw new CriteriaException("Invalid operator: " + name);
    }
    return op;
  }

  /** One-off evaluation of a non-search operator (prefer {@link Operator#prepare} on hot paths). */
  public static boolean test(String name, Object value, Object pattern) {
    return get(name).prepare(pattern).test(value);
  }

  /**
   * The {@code search} operator. A dict value is a one-element list (a string is searched character by
   * character, as Python iterates it). Conditions: {@code any} (some item matches all criteria), {@code all}
   * (every item matches all), {@code any2any} (some item matches some), {@code all2any} (every item matches
   * some); all criteria of all items are evaluated, as StackStorm does, so every failure gets recorded.
   *
   * @throws PyException for another condition or a value that is not iterable
   */
  public static boolean search(Object value, Object condition, int criteriaCount, ItemCheck check) {
    Object v = PyValues.norm(value);
    boolean anyItem;
    boolean anyCriterion;
    switch (condition instanceof String s ? s : "") {
      case "any" -> {
        anyItem = true;
        anyCriterion = false;
      }
      case "all" -> {
        anyItem = false;
        anyCriterion = false;
      }
      case "all2any" -> {
        anyItem = false;
        anyCriterion = true;
      }
      case "any2any" -> {
        anyItem = true;
        anyCriterion = true;
      }
      default -> throw new CriteriaException("The '" + PyRepr.str(condition)
          + "' condition is not recognized for type search, 'any', 'all', 'any2any' and 'all2any' are allowed");
    }
    List<?> items;
    if (PyValues.isDict(v)) {
      items = Collections.singletonList(value);
    } else if (PyValues.isList(v)) {
      items = PyValues.list(v);
    } else if (v instanceof String s) {
      items = s.codePoints().mapToObj(Character::toString).toList();
    } else {
      throw new CriteriaException("'" + typeName(v) + "' object is not iterable");
    }
    boolean result = !anyItem;
    for (Object item : items) {
      boolean itemResult = !anyCriterion;
      for (int k = 0; k < criteriaCount; k++) {
        boolean r = check.matches(item, k);
        itemResult = anyCriterion ? itemResult || r : itemResult && r;
      }
      result = anyItem ? result || itemResult : result && itemResult;
    }
    return result;
  }

  private static Test iequals(Object p) {
    if (p == null) {
      return NEVER;
    }
    String lp = p instanceof String ? lower(p) : null;
    return v -> lower(v).equals(lp != null ? lp : lower(p)); // value.lower() first, as Python evaluates it
  }

  private static Test icontains(Object p, boolean positive) {
    if (p == null) {
      return NEVER;
    }
    String lp = p instanceof String ? lower(p) : null;
    return v -> {
      String needle = lp != null ? lp : lower(p); // pattern.lower() first
      return lower(v).contains(needle) == positive;
    };
  }

  private static Test affix(Object p, String method, boolean ignoreCase) {
    if (p == null) {
      return NEVER;
    }
    String lp = ignoreCase && p instanceof String ? lower(p) : null;
    boolean prefix = method.equals("startswith");
    return v -> {
      String s = ignoreCase ? lower(v) : PyCompare.str(v, method);
      String a;
      if (ignoreCase) {
        a = lp != null ? lp : lower(p);
      } else if (p instanceof String ps) {
        a = ps;
      } else {
        throw new CriteriaException(method + " first arg must be str or a tuple of str, not " + typeName(p));
      }
      return prefix ? s.startsWith(a) : s.endsWith(a);
    };
  }

  private static Test wildcard(Object p) {
    if (p == null) {
      return NEVER;
    }
    Pattern compiled = p instanceof String s ? PyRegex.wildcard(s) : null;
    return v -> {
      String s = fspath(v);
      if (compiled == null) {
        fspath(p);
      }
      return compiled.matcher(s).matches();
    };
  }

  private static String fspath(Object v) {
    Object n = PyValues.norm(v);
    if (n instanceof String s) {
      return s;
    }
    throw new CriteriaException("expected str, bytes or os.PathLike object, not " + typeName(n));
  }

  private static Test regex(Object p, boolean ignoreCase, boolean dotAll, boolean atStart) {
    if (p == null) {
      return NEVER;
    }
    Pattern compiled;
    PyException error = null;
    if (p instanceof String s) {
      Pattern c = null;
      try {
        c = PyRegex.compile(s, ignoreCase, dotAll);
      } catch (PyException e) {
        error = e;
      }
      compiled = c;
    } else {
      compiled = null;
      error = new CriteriaException("first argument must be string or compiled pattern");
    }
    PyException patternError = error;
    return v -> {
      if (patternError != null) {
        throw patternError;
      }
      Object n = PyValues.norm(v);
      if (!(n instanceof String s)) {
        throw new CriteriaException("expected string or bytes-like object");
      }
      return atStart ? compiled.matcher(s).lookingAt() : compiled.matcher(s).find();
    };
  }

  private static Test timediff(Object p, boolean lessThan) {
    if (p == null) {
      return NEVER;
    }
    return v -> {
      Instant at = PyDates.parse(v);
      Duration age = Duration.between(at, Instant.now());
      double seconds = age.getSeconds() + age.getNano() / 1_000_000_000d;
      double period = PyValues.toFloat(p);
      return lessThan ? seconds < period : seconds > period;
    };
  }
}
