package dev.squall.rules;

import dev.squall.py.PyValues;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A criteria key: a jsonpath-rw expression over {@code {"<root>": payload}} ({@code trigger} for rule criteria,
 * {@code item} inside {@code search}). Text after the first {@code #} is ignored. The first matching node is
 * the value; no match is {@code null}. Supported syntax is jsonpath-rw's: {@code a.b}, {@code a[0]},
 * {@code a[-1]}, {@code a[*]}, {@code a[1:3]}, {@code *}, quoted fields ({@code 'x.y'}, {@code "x y"}),
 * {@code a,b}, {@code ..}, {@code |}, {@code where}, {@code $}, {@code `this`}, {@code `parent`}.
 * Parsing never throws: a syntax error is raised by {@link #resolve}, which is when StackStorm reports it.
 */
public final class CriteriaKey {
  private final String expression;
  private final KeyPath.Node root;
  private final Object[] steps; // a plain chain of fields (String) and indexes (Integer): walked without allocating
  private final CriteriaException syntaxError;

  private CriteriaKey(String expression, KeyPath.Node root, CriteriaException syntaxError) {
    this.expression = expression;
    this.root = root;
    this.syntaxError = syntaxError;
    this.steps = root == null ? null : KeyPath.simpleSteps(root);
  }

  /** Parses a criteria key such as {@code trigger.body.items[0].name#2}. */
  public static CriteriaKey parse(String key) {
    int hash = key.indexOf('#');
    String expression = hash >= 0 ? key.substring(0, hash) : key;
    try {
      return new CriteriaKey(expression, KeyPath.parse(expression), null);
    } catch (CriteriaException e) {
      return new CriteriaKey(expression, null, e);
    } catch (RuntimeException e) { // e.g. an index too large for Java: Python would index by it and miss
      return new CriteriaKey(expression, null, new CriteriaException(String.valueOf(e.getMessage())));
    }
  }

  /** The jsonpath expression (the key without its {@code #} suffix). */
  public String expression() {
    return expression;
  }

  /** The value for a rule criterion: the key evaluated over {@code {"trigger": payload}}. */
  public Object resolve(JsonObject payload) {
    return resolve("trigger", payload);
  }

  /**
   * The first value the key selects in {@code {rootName: rootValue}}, or null. Objects and arrays come back as
   * {@link JsonObject} / {@link JsonArray}.
   *
   * @throws CriteriaException for a syntax error, or what jsonpath-rw raises (e.g. an index into a number)
   */
  public Object resolve(String rootName, Object rootValue) {
    if (syntaxError != null) {
      throw syntaxError;
    }
    if (steps != null) {
      return wrap(walk(rootName, rootValue));
    }
    List<KeyPath.Datum> found = root.find(new KeyPath.Datum(Collections.singletonMap(rootName, rootValue), null));
    if (found.isEmpty()) {
      return null;
    }
    KeyPath.Datum first = found.get(0);
    for (KeyPath.Datum d : found) {
      if (d == KeyPath.NONE) {
        throw new CriteriaException("'NoneType' object has no attribute 'value'");
      }
    }
    return wrap(first.value());
  }

  private Object walk(String rootName, Object rootValue) {
    Object cur = null;
    for (int i = 0; i < steps.length; i++) {
      Object step = steps[i];
      if (i == 0) {
        if (!rootName.equals(step)) {
          return null;
        }
        cur = rootValue;
      } else if (step instanceof String field) {
        if (!PyValues.isDict(cur)) {
          return null;
        }
        Map<String, Object> m = PyValues.dict(cur);
        if (!m.containsKey(field)) {
          return null;
        }
        cur = m.get(field);
      } else {
        Object next = KeyPath.index(cur, (Integer) step);
        if (next == KeyPath.NO_MATCH) {
          return null;
        }
        cur = next;
      }
    }
    return cur;
  }

  static Object wrap(Object v) {
    if (v instanceof Map<?, ?> m) {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = (Map<String, Object>) m;
      return new JsonObject(map);
    }
    if (v instanceof List<?> l) {
      @SuppressWarnings("unchecked")
      List<Object> list = (List<Object>) l;
      return new JsonArray(list);
    }
    return v;
  }

  @Override
  public String toString() {
    return expression;
  }
}
