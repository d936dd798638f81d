package dev.squall.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.error.Validation;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class JinjaTest {
  private final Jinja jinja = new Jinja();

  private Map<String, Object> context() {
    Map<String, Object> ctx = new HashMap<>();
    ctx.put("obj", new JsonObject().put("b", "x").put("a", 1).put("list", new JsonArray().add(1).add(true)));
    ctx.put("s", "hello world");
    ctx.put("q", "say \"hi\"\t");
    ctx.put("json", "{\"k\": [1, 2]}");
    ctx.put("yaml", "a: b\nc:\n  - 1\n");
    ctx.put("path", "/usr/local/bin/tool");
    ctx.put("nothing", null);
    ctx.put("secs", 3725);
    ctx.put("v", "1.2.3");
    return ctx;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiterString = " => ", quoteCharacter = '`', textBlock = """
      {{ obj | to_json_string }} => {"b": "x","a": 1,"list": [1,true]}
      {{ obj | to_json_string(sort_keys=True) }} => {"a": 1,"b": "x","list": [1,true]}
      {{ obj.list | to_json_string(2) }} => `[\n  1,\n  true\n]`
      {{ obj | to_complex }} => {"b": "x", "a": 1, "list": [1, true]}
      {{ (json | from_json_string).k[1] }} => 2
      {{ json | from_json_string }} => {'k': [1, 2]}
      {{ obj | to_yaml_string }} => `a: 1\nb: x\nlist:\n- 1\n- true\n`
      {{ (yaml | from_yaml_string).c[0] }} => 1
      {{ q | json_escape }} => say \\"hi\\"\\t
      {{ s | regex_match('hello') }} => true
      {{ s | regex_match('world') }} => false
      {{ s | regex_match('HELLO', ignorecase=True) }} => true
      {{ s | regex_search('world') }} => true
      {{ s | regex_search('^world') }} => false
      {{ s | regex_replace('(\\w+) (\\\\w+)', '\\2 \\1') }} => world hello
      {{ s | regex_replace('o', '$') }} => hell$ w$rld
      {{ s | regex_substring('(\\w+)') }} => hello
      {{ s | regex_substring('(\\w+)', 1) }} => world
      {{ s | regex_substring('o.') }} => `o `
      {{ nothing | use_none }} => %*****__%NONE%__*****%
      {{ s | use_none }} => hello world
      {{ path | basename }} => tool
      {{ path | dirname }} => /usr/local/bin
      {{ '/' | dirname }} => /
      {{ 'file' | dirname }} => ``
      {{ secs | to_human_time_from_seconds }} => 1h2m5s
      {{ 0 | to_human_time_from_seconds }} => 0s
      {{ 59 | to_human_time_from_seconds }} => 59s
      {{ 86401 | to_human_time_from_seconds }} => 1d0h0m1s
      {{ 0.5 | to_human_time_from_seconds }} => 0.5μs
      {{ v | version_compare('1.2.4') }} => -1
      {{ v | version_compare('1.2.3') }} => 0
      {{ '2.0.0' | version_compare('2.0.0-rc.1') }} => 1
      {{ v | version_more_than('1.0.0') }} => true
      {{ v | version_less_than('1.0.0') }} => false
      {{ v | version_equal('1.2.3') }} => true
      {{ v | version_match('>=1.2.0') }} => true
      {{ v | version_match('<1.2.3') }} => false
      {{ v | version_match('!=1.2.3') }} => false
      {{ v | version_bump_major }} => 2.0.0
      {{ v | version_bump_minor }} => 1.3.0
      {{ v | version_bump_patch }} => 1.2.4
      {{ v | version_strip_patch }} => 1.2
      """)
  void filter(String template, String expected) {
    assertEquals(expected.replace("\\n", "\n"), jinja.render(template, context()));
  }

  @Test
  void jsonContextValuesReadAsMapsAndLists() {
    assertEquals("x 1 true", jinja.render("{{ obj.b }} {{ obj['a'] }} {{ obj.list[1] }}", context()));
  }

  @Test
  void trimsAndStripsBlocks() {
    String t = "{% for i in obj.list %}\n  - {{ i }}\n{% endfor %}\n";
    assertEquals("  - 1\n  - true\n", jinja.render(t, context()));
  }

  @Test
  void undefinedVariableIsAnError() {
    Validation e = assertThrows(Validation.class, () -> jinja.render("{{ nope }}", context()));
    assertTrue(e.getMessage().contains("nope"), e.getMessage());
    assertEquals("", jinja.render("{{ nothing }}", context()), "bound to null is not undefined");
  }

  @Test
  void syntaxErrorsAndUnknownFiltersAreErrors() {
    assertThrows(Validation.class, () -> jinja.render("{% if s %}", context()));
    assertThrows(Validation.class, () -> jinja.render("{{ s | no_such_filter }}", context()));
    assertThrows(Validation.class, () -> jinja.render("{{ 'x.y' | version_bump_major }}", context()));
  }

  @Test
  void isTemplate() {
    assertTrue(Jinja.isTemplate("a {{ b }}"));
    assertTrue(Jinja.isTemplate("{% if x %}{% endif %}"));
    assertFalse(Jinja.isTemplate("plain { text }"));
    assertFalse(Jinja.isTemplate(null));
  }

  @Test
  void renderValueKeepsTypesOfNestedSingleNames() {
    Map<String, Object> ctx = context();
    JsonObject value = new JsonObject().put("whole", "{{obj}}").put("text", "{{ obj.a }}")
        .put("list", new JsonArray().add("{{secs}}").add("plain"));
    JsonObject out = (JsonObject) jinja.renderValue(value, ctx);
    assertEquals(new JsonObject().put("b", "x").put("a", 1).put("list", new JsonArray().add(1).add(true)),
        out.getJsonObject("whole"));
    assertEquals("1", out.getString("text"));
    assertEquals(new JsonArray().add(3725).add("plain"), out.getJsonArray("list"));
    assertEquals("3725", jinja.renderValue("{{secs}}", ctx), "a top-level string renders to a string");
    assertEquals(5, jinja.renderValue(5, ctx));
  }
}
