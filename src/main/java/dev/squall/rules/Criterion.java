package dev.squall.rules;

import dev.squall.py.PyCompare;
import dev.squall.py.PyValues;
import dev.squall.template.Jinja;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One compiled criterion ({@code key: {type, pattern, condition}}), evaluated the way StackStorm's rule filter
 * does: render the pattern, look the key up, apply the operator. Each of the three steps that fails records a
 * failure reason and yields "no match"; a bad child of {@code search} raises into its parent instead.
 */
final class Criterion {
  private static final Jinja JINJA = new Jinja();
  // StackStorm appends "| to_complex" to the span from the first "{{" to the last "}}" of each line.
  private static final Pattern EXPRESSION = Pattern.compile("(\\{\\{)\\s*(.*)\\s*(\\}\\})",
      Pattern.UNIX_LINES | Pattern.UNICODE_CHARACTER_CLASS);

  /** Per-match state: who is matched (for failure reasons), the template context, the first failure. */
  static final class Evaluation {
    final String ruleRef;
    final String instanceId;
    final Map<String, Object> templateContext;
    String failure;

    Evaluation(String ruleRef, String instanceId, Map<String, Object> templateContext) {
      this.ruleRef = ruleRef;
      this.instanceId = instanceId;
      this.templateContext = templateContext;
    }

    void fail(String reason, RuntimeException e) {
      if (failure == null) {
        failure = "Failed to match rule \"" + ruleRef + "\" against trigger instance \"" + instanceId + "\": "
            + reason + ": " + Objects.toString(e.getMessage(), "");
      }
    }
  }

  private interface Check {
    boolean test(Object value, Evaluation ev);
  }

  private record Cached(Object pattern, Check check) {
  }

  private final String key;
  private final CriteriaKey path;
  private final CriteriaException specError;
  private final boolean noType;
  private final CriteriaException operatorError;
  private final CriteriaOperators.Operator operator;
  private final boolean search;
  private final Object condition;
  private final Object rawPattern;
  private final String template;
  private final String complexTemplate;
  private final Check staticCheck;
  private volatile Cached lastRendered; // rendered patterns repeat: reuse the compiled check

  Criterion(String key, Object spec) {
    this.key = key;
    this.path = CriteriaKey.parse(key);
    Object s = PyValues.norm(spec);
    CriteriaException specErr = null;
    boolean hasType = false;
    if (PyValues.isDict(s)) {
      hasType = PyValues.dict(s).containsKey("type");
    } else if (s instanceof String str) {
      specErr = str.contains("type") ? new CriteriaException("string indices must be integers") : null;
    } else if (PyValues.isList(s)) {
      specErr = PyCompare.in("type", s) ? new CriteriaException("list indices must be integers or slices, not str")
          : null;
    } else {
      specErr = new CriteriaException("argument of type '" + PyValues.typeName(s) + "' is not iterable");
    }
    this.specError = specErr;
    this.noType = !hasType;
    Map<String, Object> m = hasType ? PyValues.dict(s) : Map.of();
    Object type = PyValues.norm(m.get("type"));
    CriteriaException opErr = null;
    CriteriaOperators.Operator op = null;
    if (hasType && !(type instanceof String)) {
      opErr = new CriteriaException("'" + PyValues.typeName(type) + "' object has no attribute 'lower'");
    } else if (hasType) {
      String lowered = ((String) type).toLowerCase(java.util.Locale.ROOT); // StackStorm looks operators up lower-cased
      if (CriteriaOperators.isKnown(lowered)) {
        op = CriteriaOperators.get(lowered);
      } else {
        opErr = new CriteriaException("Invalid operator: " + lowered);
      }
    }
    this.operatorError = opErr;
    this.operator = op;
    this.search = CriteriaOperators.SEARCH.equals(type);
    this.condition = m.get("condition");
    this.rawPattern = PyValues.norm(m.get("pattern"));
    if (rawPattern instanceof String p && (p.contains("{{") || p.contains("{%") || p.contains("{#"))) {
      this.template = p;
      this.complexTemplate = EXPRESSION.matcher(p).find() ? EXPRESSION.matcher(p).replaceAll("$1$2 | to_complex$3")
          : null;
      this.staticCheck = null;
    } else {
      this.template = null;
      this.complexTemplate = null;
      Object pattern = rawPattern instanceof String p ? plainText(p) : rawPattern;
      this.staticCheck = hasType && op != null ? checkFor(pattern) : null;
    }
  }

  /** Whether this criterion holds for {@code {rootName: item}}. */
  boolean check(Object item, String rootName, Evaluation ev) {
    if (specError != null) {
      throw specError;
    }
    if (noType) {
      return false;
    }
    Check check = staticCheck;
    if (template != null) {
      Object pattern;
      try {
        pattern = render(item, rootName, ev.templateContext);
      } catch (RuntimeException e) {
        ev.fail("Failed to render pattern value \"" + template + "\" for key \"" + key + "\"", e);
        return false;
      }
      check = operator == null ? null : cachedCheck(pattern);
    }
    Object value;
    try {
      value = path.resolve(rootName, item);
    } catch (RuntimeException e) {
      ev.fail("Failed transforming criteria key " + key, e);
      return false;
    }
    if (operatorError != null) {
      throw operatorError;
    }
    try {
      return check.test(value, ev);
    } catch (RuntimeException e) {
      ev.fail("There might be a problem with the criteria in rule " + ev.ruleRef, e);
      return false;
    }
  }

  private Check cachedCheck(Object pattern) {
    Cached last = lastRendered;
    if (last != null && PyValues.typeName(last.pattern()).equals(PyValues.typeName(pattern))
        && Objects.equals(last.pattern(), pattern)) {
      return last.check();
    }
    Check check = checkFor(pattern);
    lastRendered = new Cached(pattern, check);
    return check;
  }

  private Check checkFor(Object pattern) {
    if (!search) {
      CriteriaOperators.Test test = operator.prepare(pattern);
      return (value, ev) -> test.test(value);
    }
    List<Criterion> children = new ArrayList<>();
    if (PyValues.isDict(pattern)) {
      PyValues.dict(pattern).forEach((k, v) -> children.add(new Criterion(k, v)));
    }
    Object cond = condition;
    if (!PyValues.isDict(pattern)) {
      String type = PyValues.typeName(pattern);
      return (value, ev) -> CriteriaOperators.search(value, cond, 1, (item, i) -> {
        throw new CriteriaException("'" + type + "' object has no attribute 'items'");
      });
    }
    return (value, ev) -> CriteriaOperators.search(value, cond, children.size(),
        (item, i) -> children.get(i).check(item, "item", ev));
  }

  private Object render(Object item, String rootName, Map<String, Object> templateContext) {
    Map<String, Object> context = new HashMap<>(templateContext);
    context.put(rootName, item);
    if (complexTemplate != null) {
      String rendered = JINJA.render(complexTemplate, context);
      try {
        if (dev.squall.util.JsonDepth.within(rendered, dev.squall.util.JsonDepth.MAX_VALUE_DEPTH)) {
          return CriteriaKey.wrap(Json.decodeValue(rendered));
        }
      } catch (DecodeException e) {
        // not JSON: StackStorm falls back to the plain rendering
      }
    }
    return JINJA.render(template, context);
  }

  /** What Jinja makes of text without markup: newlines normalised to \n, one trailing newline dropped. */
  static String plainText(String s) {
    if (s.indexOf('\r') < 0 && !s.endsWith("\n")) {
      return s;
    }
    String t = s.replace("\r\n", "\n").replace('\r', '\n');
    return t.endsWith("\n") ? t.substring(0, t.length() - 1) : t;
  }
}
