package dev.squall.template;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import dev.squall.error.Validation;
import dev.squall.py.PyJsonText;
import dev.squall.py.PyRepr;
import dev.squall.py.PyValues;
import dev.squall.util.SymmetricCrypto;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** StackStorm's Jinja filters, with Python's argument names so keyword calls work too. */
final class JinjaFilters {
  /** Marks a null that must survive rendering; parameter casting turns it back into null. */
  static final String NONE_MAGIC_VALUE = "%*****__%NONE%__*****%";
  static final String DECRYPT_KV = "decrypt_kv";
  /** Key for {@code decrypt_kv} on values that carry none (see {@link Jinja#registerDecrypt}). */
  static volatile SymmetricCrypto decryptKey;

  private static final ObjectMapper YAML_READER = new YAMLMapper();
  private static final ObjectMapper YAML_WRITER = new ObjectMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .disable(YAMLGenerator.Feature.SPLIT_LINES)
      .build())
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  private JinjaFilters() {
  }

  /** A filter body: the piped value plus arguments readable by position or Python keyword. */
  @FunctionalInterface
  interface Body {
    Object apply(Object value, Args args);
  }

  /** Positional and keyword arguments of one filter call. */
  record Args(Object[] positional, Map<String, Object> keywords) {
    Object get(int index, String name, Object fallback) {
      if (index < positional.length) {
        return positional[index];
      }
      return keywords != null && keywords.containsKey(name) ? keywords.get(name) : fallback;
    }

    boolean flag(int index, String name) {
      Object v = get(index, name, Boolean.FALSE);
      return v instanceof Boolean b ? b : v != null && !"false".equalsIgnoreCase(v.toString())
          && !"0".equals(v.toString()) && !v.toString().isEmpty();
    }
  }

  private static final class Named implements Filter {
    private final String name;
    private final Body body;

    Named(String name, Body body) {
      this.name = name;
      this.body = body;
    }

    @Override
    public String getName() {
      return name;
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
      return body.apply(var, new Args(args, Map.of()));
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
      return body.apply(var, new Args(args, kwargs));
    }
  }

  static List<Filter> all() {
    List<Filter> filters = new ArrayList<>();
    add(filters, "to_json_string", JinjaFilters::toJsonString);
    add(filters, "to_complex", (v, a) -> PyJsonText.dumps(TemplateValues.plain(v)));
    add(filters, "from_json_string", (v, a) -> parse(() -> TemplateValues.plain(decodeBounded(str(v))), "JSON"));
    add(filters, "to_yaml_string",
        (v, a) -> parse(() -> YAML_WRITER.writeValueAsString(TemplateValues.plain(v)), "YAML"));
    add(filters, "from_yaml_string", (v, a) -> parse(() -> YAML_READER.readValue(str(v), Object.class), "YAML"));
    add(filters, "json_escape", (v, a) -> stripQuotes(PyJsonText.dumps(TemplateValues.plain(v))));
    add(filters, "regex_match", (v, a) -> regex(a.get(0, "pattern", ""), a.flag(1, "ignorecase"))
        .matcher(str(v)).lookingAt());
    add(filters, "regex_search", (v, a) -> regex(a.get(0, "pattern", ""), a.flag(1, "ignorecase"))
        .matcher(str(v)).find());
    add(filters, "regex_replace", (v, a) -> regex(a.get(0, "pattern", ""), a.flag(2, "ignorecase"))
        .matcher(str(v)).replaceAll(javaReplacement(str(a.get(1, "replacement", "")))));
    add(filters, "regex_substring", JinjaFilters::regexSubstring);
    add(filters, DECRYPT_KV, (v, a) -> decryptKv(v));
    add(filters, "use_none", (v, a) -> v == null ? NONE_MAGIC_VALUE : v);
    add(filters, "basename", (v, a) -> {
      String p = str(v);
      return p.substring(p.lastIndexOf('/') + 1);
    });
    add(filters, "dirname", (v, a) -> dirname(str(v)));
    add(filters, "to_human_time_from_seconds", (v, a) -> humanTime(v));
    add(filters, "version_compare", (v, a) -> SemVer.parse(v).compareTo(SemVer.parse(a.get(0, "pattern", null))));
    add(filters, "version_more_than", (v, a) -> SemVer.parse(v).compareTo(SemVer.parse(a.get(0, "pattern", null))) > 0);
    add(filters, "version_less_than", (v, a) -> SemVer.parse(v).compareTo(SemVer.parse(a.get(0, "pattern", null))) < 0);
    add(filters, "version_equal", (v, a) -> SemVer.parse(v).compareTo(SemVer.parse(a.get(0, "pattern", null))) == 0);
    add(filters, "version_match", (v, a) -> SemVer.parse(v).matches(str(a.get(0, "pattern", ""))));
    add(filters, "version_bump_major", (v, a) -> (SemVer.parse(v).major() + 1) + ".0.0");
    add(filters, "version_bump_minor", (v, a) -> {
      SemVer s = SemVer.parse(v);
      return s.major() + "." + (s.minor() + 1) + ".0";
    });
    add(filters, "version_bump_patch", (v, a) -> {
      SemVer s = SemVer.parse(v);
      return s.major() + "." + s.minor() + "." + (s.patch() + 1);
    });
    add(filters, "version_strip_patch", (v, a) -> {
      SemVer s = SemVer.parse(v);
      return s.major() + "." + s.minor();
    });
    return filters;
  }

  private static void add(List<Filter> filters, String name, Body body) {
    filters.add(new Named(name, (v, a) -> {
      try {
        return body.apply(v, a);
      } catch (RuntimeException e) {
        String reason = e instanceof Validation ? e.getMessage() : e.toString();
        Validation failure = new Validation("Filter " + name + ": " + reason);
        RenderScope scope = RenderScope.current();
        throw scope != null ? scope.fail(failure) : failure;
      }
    }));
  }

  @FunctionalInterface
  private interface Parse {
    Object run() throws Exception;
  }

  private static Object parse(Parse parse, String format) {
    try {
      return parse.run();
    } catch (Exception e) {
      throw new Validation("invalid " + format + ": " + dev.squall.util.Json.brief(e.getMessage(), 160));
    }
  }

  /** JSON text to a value, refused when it nests deeper than the stack can safely walk later. */
  private static Object decodeBounded(String text) {
    if (!dev.squall.util.JsonDepth.within(text, dev.squall.util.JsonDepth.MAX_VALUE_DEPTH)) {
      throw new IllegalArgumentException("nested deeper than " + dev.squall.util.JsonDepth.MAX_VALUE_DEPTH + " levels");
    }
    return io.vertx.core.json.Json.decodeValue(text);
  }

  private static String decryptKv(Object value) {
    SymmetricCrypto crypto = decryptKey;
    String ciphertext;
    if (value instanceof KeyValueLookup lookup) {
      if (lookup.value().isEmpty()) {
        throw new Validation("Referenced datastore item \"" + lookup.keyName()
            + "\" doesn't exist or it contains an empty string");
      }
      crypto = lookup.crypto() != null ? lookup.crypto() : crypto;
      ciphertext = lookup.value();
    } else {
      ciphertext = str(value);
    }
    if (crypto == null) {
      throw new Validation("Crypto key not set up: datastore values cannot be decrypted");
    }
    String clear = crypto.decrypt(ciphertext);
    RenderScope scope = RenderScope.current();
    if (scope != null) {
      scope.revealed(java.util.List.of(clear));
    }
    return clear;
  }

  private static Object toJsonString(Object value, Args a) {
    Object indent = a.get(0, "indent", null);
    boolean sortKeys = a.flag(1, "sort_keys");
    return PyJsonText.dumps(TemplateValues.plain(value), indent == null ? null : ((Number) indent).intValue(), sortKeys,
        ",", ": ");
  }

  /** Python's str() of a value as the template holds it (datastore lookups read). */
  private static String str(Object value) {
    return PyRepr.str(TemplateValues.plain(value));
  }

  private static String stripQuotes(String s) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == '"') {
      start++;
    }
    while (end > start && s.charAt(end - 1) == '"') {
      end--;
    }
    return s.substring(start, end);
  }

  private static Pattern regex(Object pattern, boolean ignoreCase) {
    return Pattern.compile(str(pattern), ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0);
  }

  /** Python replacement syntax (\1, \g<name>) to Java's ($1, ${name}); a literal $ stays literal. */
  static String javaReplacement(String python) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < python.length(); i++) {
      char c = python.charAt(i);
      if (c == '$') {
        out.append("\\$");
      } else if (c == '\\' && i + 1 < python.length()) {
        char n = python.charAt(++i);
        if (Character.isDigit(n)) {
          out.append('$').append(n);
        } else if (n == 'g' && i + 1 < python.length() && python.charAt(i + 1) == '<') {
          int close = python.indexOf('>', i);
          String group = python.substring(i + 2, close);
          out.append(group.chars().allMatch(Character::isDigit) ? "$" + group : "${" + group + "}");
          i = close;
        } else if (n == 'n') {
          out.append('\n');
        } else if (n == 't') {
          out.append('\t');
        } else if (n == '\\') {
          out.append("\\\\");
        } else {
          out.append("\\\\").append(n);
        }
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** re.findall(pattern, value)[result_index]: whole matches, the one group, or all groups per match. */
  private static Object regexSubstring(Object value, Args a) {
    Matcher m = regex(a.get(0, "pattern", ""), a.flag(2, "ignorecase")).matcher(str(value));
    int index = ((Number) a.get(1, "result_index", 0)).intValue();
    List<Object> found = new ArrayList<>();
    while (m.find()) {
      if (m.groupCount() == 0) {
        found.add(m.group());
      } else if (m.groupCount() == 1) {
        found.add(m.group(1) == null ? "" : m.group(1));
      } else {
        List<Object> groups = new ArrayList<>();
        for (int g = 1; g <= m.groupCount(); g++) {
          groups.add(m.group(g) == null ? "" : m.group(g));
        }
        found.add(groups);
      }
    }
    int at = index < 0 ? found.size() + index : index;
    if (at < 0 || at >= found.size()) {
      throw new Validation("list index out of range");
    }
    return found.get(at);
  }

  /** posixpath.dirname: everything before the last slash, trailing slashes dropped unless it is all slashes. */
  private static String dirname(String path) {
    String head = path.substring(0, path.lastIndexOf('/') + 1);
    if (!head.isEmpty() && !head.chars().allMatch(c -> c == '/')) {
      head = head.replaceAll("/+$", "");
    }
    return head;
  }

  /**
   * Fuzzy duration like 1h3m5s. Same quirks as StackStorm: below one second it prints the raw value with μs,
   * and "days" is the day of month of year 1 plus the duration (so whole months are dropped).
   */
  static String humanTime(Object value) {
    if (!(value instanceof Number n) || value instanceof Boolean) {
      throw new Validation("seconds must be an int or a float, got " + PyValues.typeName(TemplateValues.plain(value)));
    }
    boolean isFloat = n instanceof Double || n instanceof Float;
    double d = n.doubleValue();
    if (d == 0) {
      return "0s";
    }
    if (d < 1) {
      return (isFloat ? PyJsonText.floatText(d) : String.valueOf(n.longValue())) + "\u03BCs";
    }
    long seconds = isFloat ? (long) Math.rint(d) : n.longValue();
    LocalDateTime t = LocalDateTime.of(1, 1, 1, 0, 0).plusSeconds(seconds);
    long[] parts = {t.getYear() - 1, t.getDayOfMonth() - 1, t.getHour(), t.getMinute(), t.getSecond()};
    String[] units = {"y", "d", "h", "m", "s"};
    int first = 0;
    while (first < parts.length && parts[first] == 0) {
      first++;
    }
    if (first == parts.length) {
      return "0s";
    }
    // StackStorm labels by how many parts remain, always ending in s, m, h, d, y order from the right.
    int count = parts.length - first;
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < count; i++) {
      out.append(parts[first + i]).append(units[parts.length - count + i]);
    }
    return out.toString();
  }
}
