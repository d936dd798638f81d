package dev.squall.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.filter.Filter;
import dev.squall.error.SquallException;
import dev.squall.error.Validation;
import dev.squall.py.PyLiteral;
import dev.squall.util.SymmetricCrypto;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * StackStorm-compatible Jinja: strict about undefined variables, trim_blocks + lstrip_blocks, StackStorm's
 * filters, dicts and lists printed the Python way. Thread-safe; every instance shares one configured engine.
 * Context values may be Vert.x JSON; they are seen by templates as plain maps and lists.
 */
public final class Jinja {
  /** What {@code use_none} renders for null; parameter casting turns it back into null. */
  public static final String NONE_MAGIC_VALUE = JinjaFilters.NONE_MAGIC_VALUE;

  private static final Jinjava ENGINE = createEngine();
  // StackStorm keeps the type of a nested value that is exactly "{{name}}" (no spaces, no dots).
  private static final Pattern SINGLE_NAME = Pattern.compile("^\\{\\{([A-Za-z0-9_-]+)\\}\\}$");
  private static final Pattern BLOCK = Pattern.compile("\\{\\{.*?\\}\\}|\\{%.*?%\\}", Pattern.DOTALL);
  private static final Pattern QUOTED = Pattern.compile("'(?:\\\\.|[^'\\\\])*'|\"(?:\\\\.|[^\"\\\\])*\"");
  private static final Pattern FILTER_USE = Pattern.compile("\\|\\s*([A-Za-z_]\\w*)");

  private static Jinjava createEngine() {
    JinjavaConfig config = JinjavaConfig.newBuilder()
        .withTrimBlocks(true)
        .withLstripBlocks(true)
        .withInterperterFactory(StrictInterpreter.FACTORY)
        .withLegacyOverrides(LegacyOverrides.newBuilder()
            .withUsePyishObjectMapper(true)
            .withIterateOverMapKeys(true)
            .withEvaluateMapKeys(true)
            .withKeepNullableLoopValues(true)
            .withUseNaturalOperatorPrecedence(true)
            .withHandleBackslashInQuotesOnly(true)
            .build())
        .build();
    Jinjava engine = new Jinjava(config);
    for (Filter filter : JinjaFilters.all()) {
      engine.getGlobalContext().registerFilter(filter);
    }
    for (Filter filter : List.copyOf(engine.getGlobalContext().getAllFilters())) {
      if (!filter.getName().equals(JinjaFilters.DECRYPT_KV)) {
        engine.getGlobalContext().registerFilter(new LookupValueFilter(filter));
      }
    }
    return engine;
  }

  /**
   * Sets the key {@code decrypt_kv} uses for values that do not carry their own (a datastore lookup from
   * {@code KeyValueCache} brings its crypto along). Null unsets it.
   */
  public static void registerDecrypt(SymmetricCrypto crypto) {
    JinjaFilters.decryptKey = crypto;
  }

  /** Hands filters the value of a datastore lookup, as Jinja2 filters see {@code str()} of StackStorm's lookup. */
  private static final class LookupValueFilter implements Filter {
    private final Filter delegate;

    LookupValueFilter(Filter delegate) {
      this.delegate = delegate;
    }

    @Override
    public String getName() {
      return delegate.getName();
    }

    @Override
    public boolean preserveSafeString() {
      return delegate.preserveSafeString();
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
      return delegate.filter(value(var), interpreter, args);
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
      Object[] plainArgs = new Object[args.length];
      for (int i = 0; i < args.length; i++) {
        plainArgs[i] = value(args[i]);
      }
      Map<String, Object> plainKwargs = kwargs == null ? null : new LinkedHashMap<>();
      if (kwargs != null) {
        kwargs.forEach((k, v) -> plainKwargs.put(k, value(v)));
      }
      return delegate.filter(value(var), interpreter, plainArgs, plainKwargs);
    }

    private static Object value(Object v) {
      return v instanceof KeyValueLookup lookup ? lookup.value() : v;
    }
  }

  /** Whether a value is a string carrying a Jinja expression or statement. */
  public static boolean isTemplate(String s) {
    return s != null && (s.contains("{{") || s.contains("{%"));
  }

  /** Whether a string, or any string (key or value) inside JSON, carries Jinja. */
  public static boolean containsTemplate(Object value) {
    if (value instanceof String s) {
      return isTemplate(s);
    }
    if (value instanceof JsonObject o) {
      return o.getMap().entrySet().stream().anyMatch(e -> isTemplate(e.getKey()) || containsTemplate(e.getValue()));
    }
    if (value instanceof JsonArray a) {
      return a.stream().anyMatch(Jinja::containsTemplate);
    }
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      return containsTemplate(TemplateValues.json(value));
    }
    return false;
  }

  /** Fails with a Validation when the template does not parse (variables are not looked up). */
  public static void checkSyntax(String template) {
    if (!isTemplate(template)) {
      return;
    }
    String unbalanced = unbalanced(template);
    if (unbalanced != null) {
      throw new Validation("Invalid Jinja template \"" + abbreviate(template) + "\": " + unbalanced);
    }
    Matcher block = BLOCK.matcher(template);
    while (block.find()) {
      if (nesting(QUOTED.matcher(block.group()).replaceAll("''")) > MAX_EXPRESSION_DEPTH) {
        throw new Validation("Invalid Jinja template \"" + abbreviate(template) + "\": " + TOO_DEEP);
      }
    }
    RenderResult result;
    try {
      result = ENGINE.renderForResult(template, new HashMap<>());
    } catch (com.hubspot.jinjava.interpret.TemplateSyntaxException e) {
      throw new Validation("Invalid Jinja template \"" + abbreviate(template) + "\": " + e.getMessage());
    } catch (RuntimeException e) {
      return; // a filter failing on missing values is not a syntax problem
    } catch (StackOverflowError e) {
      throw new Validation("Invalid Jinja template \"" + abbreviate(template) + "\": " + TOO_DEEP);
    }
    for (TemplateError error : result.getErrors()) {
      if (causedByFilter(error.getException()) || error.getMessage() != null && error.getMessage().contains("Filter ")) {
        continue; // a filter failing on missing values is not a syntax problem
      }
      if (error.getReason() == TemplateError.ErrorReason.SYNTAX_ERROR
          || error.getReason() == TemplateError.ErrorReason.UNKNOWN && error.getSeverity() == TemplateError.ErrorType.FATAL) {
        throw new Validation("Invalid Jinja template \"" + abbreviate(template) + "\": " + error.getMessage());
      }
    }
  }

  private static boolean causedByFilter(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SquallException) {
        return true;
      }
    }
    return false;
  }

  /** An opening {{ or {% without its closing pair, which Jinja2 rejects and Jinjava prints as text. */
  private static String unbalanced(String template) {
    int i = 0;
    while (i < template.length()) {
      int expr = template.indexOf("{{", i);
      int stmt = template.indexOf("{%", i);
      if (expr < 0 && stmt < 0) {
        return null;
      }
      boolean isExpr = stmt < 0 || expr >= 0 && expr < stmt;
      int open = isExpr ? expr : stmt;
      String close = isExpr ? "}}" : "%}";
      int end = template.indexOf(close, open + 2);
      if (end < 0) {
        return "unexpected end of template, expected '" + close + "'";
      }
      i = end + 2;
    }
    return null;
  }

  /** The deepest nesting of brackets in one expression or statement (its own delimiters not counted). */
  static int nesting(String code) {
    int depth = 0;
    int max = 0;
    for (int i = 2; i < code.length() - 2; i++) {
      char c = code.charAt(i);
      if (c == '(' || c == '[' || c == '{') {
        max = Math.max(max, ++depth);
      } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
        depth--;
      }
    }
    return max;
  }

  /** Checks every template string inside a JSON value. */
  public static void checkSyntaxDeep(Object value) {
    if (value instanceof String s) {
      checkSyntax(s);
    } else if (value instanceof JsonObject o) {
      o.forEach(e -> checkSyntaxDeep(e.getValue()));
    } else if (value instanceof JsonArray a) {
      a.forEach(Jinja::checkSyntaxDeep);
    }
  }

  /**
   * Renders one template.
   *
   * @throws Validation on a syntax error, an unknown filter, an undefined variable or a failing filter
   */
  public String render(String template, Map<String, Object> context) {
    return render(template, context, null, null);
  }

  /**
   * Renders a value the way StackStorm renders parameter values: strings are rendered (the result is a
   * string); inside a JSON object or array every string is rendered, and a string that is exactly
   * {@code {{name}}} takes the referenced value with its own type. Other values are returned as they are.
   */
  public Object renderValue(Object value, Map<String, Object> context) {
    return renderValue(value, context, null, null);
  }

  Object renderValue(Object value, Map<String, Object> context, RenderScope.Lookup lookup,
      Function<String, SquallException> undefined) {
    if (value instanceof String s) {
      return isTemplate(s) ? render(s, context, lookup, undefined) : s;
    }
    if (value instanceof JsonObject || value instanceof JsonArray) {
      return renderNested(value, context, lookup, undefined);
    }
    return value;
  }

  private Object renderNested(Object value, Map<String, Object> context, RenderScope.Lookup lookup,
      Function<String, SquallException> undefined) {
    if (value instanceof JsonObject o) {
      JsonObject out = new JsonObject();
      o.forEach(e -> out.put(isTemplate(e.getKey()) ? render(e.getKey(), context, lookup, undefined) : e.getKey(),
          renderNested(e.getValue(), context, lookup, undefined)));
      return out;
    }
    if (value instanceof JsonArray a) {
      JsonArray out = new JsonArray();
      a.forEach(v -> out.add(renderNested(v, context, lookup, undefined)));
      return out;
    }
    if (value instanceof String s && isTemplate(s)) {
      Matcher m = SINGLE_NAME.matcher(s);
      if (m.matches()) {
        // Same as rendering "{{name | to_complex}}" and decoding it: the value itself, as JSON.
        return TemplateValues.json(
            PyLiteral.parse(render("{{" + m.group(1) + " | to_complex}}", context, lookup, undefined)));
      }
      return render(s, context, lookup, undefined);
    }
    return value;
  }

  String render(String template, Map<String, Object> context, RenderScope.Lookup lookup,
      Function<String, SquallException> undefined) {
    Map<String, Object> bindings = new HashMap<>();
    if (context != null) {
      context.forEach((k, v) -> bindings.put(k, TemplateValues.binding(v)));
    }
    checkFilters(template);
    template = template.indexOf('\\') >= 0 ? keepUnknownEscapes(template) : template;
    RenderScope scope = new RenderScope(bindings.keySet(), lookup, undefined);
    scope.enter();
    try {
      return render(template, bindings, scope);
    } catch (SquallException e) {
      throw scope.withoutRevealed(e);
    } finally {
      scope.leave();
    }
  }

  private static String render(String template, Map<String, Object> bindings, RenderScope scope) {
    RenderResult result;
    try {
      result = ENGINE.renderForResult(template, bindings);
    } catch (SquallException e) {
      throw scope.failure != null ? scope.failure : e;
    } catch (RuntimeException e) {
      if (scope.failure != null) {
        throw scope.failure;
      }
      throw new Validation("Unable to render template: " + e.getMessage());
    } catch (StackOverflowError e) {
      // expressions and blocks are parsed and evaluated recursively: nesting is bounded by the stack
      throw new Validation("Unable to render template: " + TOO_DEEP);
    }
    if (scope.failure != null) {
      throw scope.failure;
    }
    for (TemplateError error : result.getErrors()) {
      if (isFatal(error)) {
        throw new Validation(describe(error, template));
      }
    }
    return result.getOutput();
  }

  /**
   * Jinjava renders an unknown filter as nothing; Jinja2 refuses the template, and so do we. Expressions
   * nested past {@link #MAX_EXPRESSION_DEPTH} are refused too: Jinjava's parser takes time that grows much
   * faster than the nesting (seconds for a few thousand parentheses) before it runs out of stack.
   */
  private static void checkFilters(String template) {
    Matcher block = BLOCK.matcher(template);
    while (block.find()) {
      String code = QUOTED.matcher(block.group()).replaceAll("''");
      if (nesting(code) > MAX_EXPRESSION_DEPTH) {
        throw new Validation("Unable to render template: " + TOO_DEEP + " in: " + abbreviate(template));
      }
      Matcher use = FILTER_USE.matcher(code);
      while (use.find()) {
        if (ENGINE.getGlobalContext().getFilter(use.group(1)) == null) {
          throw new Validation("No filter named '" + use.group(1) + "'.");
        }
      }
    }
  }

  /**
   * Jinja2 keeps an unknown escape such as {@code '\\w'} in a string literal as written; Jinjava's lexer
   * rejects it. Doubling such backslashes inside the literals of expressions gives Jinja2's meaning.
   */
  static String keepUnknownEscapes(String template) {
    StringBuilder out = new StringBuilder();
    Matcher block = BLOCK.matcher(template);
    int last = 0;
    while (block.find()) {
      out.append(template, last, block.start());
      Matcher literal = QUOTED.matcher(block.group());
      StringBuilder b = new StringBuilder();
      int at = 0;
      while (literal.find()) {
        b.append(block.group(), at, literal.start());
        String lit = literal.group();
        for (int i = 0; i < lit.length(); i++) {
          char c = lit.charAt(i);
          if (c == '\\' && i + 1 < lit.length() - 1) {
            char next = lit.charAt(i + 1);
            b.append(next == '\\' || next == '\'' || next == '"' ? "\\" + next : "\\\\" + next);
            i++;
          } else {
            b.append(c);
          }
        }
        at = literal.end();
      }
      b.append(block.group().substring(at));
      out.append(b);
      last = block.end();
    }
    return out.append(template.substring(last)).toString();
  }

  private static boolean isFatal(TemplateError error) {
    // A missing nested property renders empty (a known gap to Jinja2's StrictUndefined); all else fails.
    return !(error.getReason() == TemplateError.ErrorReason.UNKNOWN
        && error.getItem() == TemplateError.ErrorItem.PROPERTY);
  }

  static boolean isSyntaxError(Validation e) {
    return e.getMessage().startsWith(SYNTAX_PREFIX);
  }

  private static final String SYNTAX_PREFIX = "Syntax error in template";
  private static final String TOO_DEEP = "expressions or blocks nest too deeply";
  /** Brackets nested deeper than this in one expression are refused before Jinjava parses them. */
  static final int MAX_EXPRESSION_DEPTH = 64;

  private static String describe(TemplateError error, String template) {
    String where = " (line " + error.getLineno() + ") in: " + abbreviate(template);
    if (error.getReason() == TemplateError.ErrorReason.SYNTAX_ERROR
        || error.getReason() == TemplateError.ErrorReason.UNKNOWN) {
      return SYNTAX_PREFIX + ": " + error.getMessage() + where;
    }
    return "Unable to render template: " + error.getMessage() + where;
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }
}
