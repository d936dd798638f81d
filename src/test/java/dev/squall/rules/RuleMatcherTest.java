package dev.squall.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.error.Validation;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RuleMatcherTest {
  private static final String PREFIX = "Failed to match rule \"pack.rule\" against trigger instance \"ti1\": ";
  private static final Map<String, Object> KV = Map.of("st2kv", Map.of("system", Map.of("limit", 5, "name", "web")));

  private static RuleMatcher.Result match(String criteria, String payload) {
    return RuleMatcher.compile(new JsonObject(criteria)).match(payload == null ? null : new JsonObject(payload), KV,
        "pack.rule", "ti1");
  }

  private static String compileError(String criteria) {
    return assertThrows(Validation.class, () -> RuleMatcher.compile(new JsonObject(criteria))).getMessage();
  }

  @Test
  void compileErrorsNameKeyAndOperator() {
    assertEquals("Operator not specified for field: trigger.a", compileError("{\"trigger.a\": {\"pattern\": 1}}"));
    assertEquals("For field: trigger.a, no pattern specified for operator equals",
        compileError("{\"trigger.a\": {\"type\": \"equals\"}}"));
    assertEquals("For field: trigger.a, no pattern specified for operator exists",
        compileError("{\"trigger.a\": {\"type\": \"exists\", \"pattern\": null}}"));
    String unknown = compileError("{\"trigger.a\": {\"type\": \"Equals\", \"pattern\": 1}}");
    assertTrue(unknown.startsWith("For field: trigger.a, operator Equals not in list of allowed operators: "
        + "['matchwildcard', 'matchregex', 'regex', 'iregex', 'eq', 'equals', "), unknown);
    assertTrue(unknown.endsWith("'ninside', 'nin', 'search']"), unknown);
    assertEquals(400, assertThrows(Validation.class,
        () -> RuleMatcher.compile(new JsonObject("{\"k\": {\"type\": \"nope\", \"pattern\": 1}}"))).status());
    assertTrue(RuleMatcher.compile(null).isEmpty());
  }

  @Test
  void emptyCriteriaAndEmptyPayload() {
    assertEquals(RuleMatcher.Result.MATCHED, match("{}", null));
    assertEquals(RuleMatcher.Result.MATCHED, match("{}", "{}"));
    String exists = "{\"trigger.a\": {\"type\": \"nexists\", \"pattern\": \"\"}}";
    assertEquals(RuleMatcher.Result.NOT_MATCHED, match(exists, "{}"));
    assertEquals(RuleMatcher.Result.NOT_MATCHED, match(exists, null));
    assertEquals(RuleMatcher.Result.MATCHED, match(exists, "{\"b\": 1}"));
  }

  @Test
  void allCriteriaMustHold() {
    String criteria = """
        {"trigger.body.name": {"type": "equals", "pattern": "web"},
         "trigger.body.count": {"type": "gt", "pattern": 3}}""";
    assertTrue(match(criteria, "{\"body\": {\"name\": \"web\", \"count\": 4}}").matched());
    assertFalse(match(criteria, "{\"body\": {\"name\": \"web\", \"count\": 2}}").matched());
    assertFalse(match(criteria, "{\"body\": {\"name\": \"db\", \"count\": 4}}").matched());
  }

  @Test
  void hashSuffixGivesOneFieldSeveralCriteria() {
    String criteria = """
        {"trigger.n#1": {"type": "gt", "pattern": 10},
         "trigger.n#2": {"type": "lt", "pattern": 20}}""";
    assertTrue(match(criteria, "{\"n\": 15}").matched());
    assertFalse(match(criteria, "{\"n\": 25}").matched());
    assertFalse(match(criteria, "{\"n\": 5}").matched());
  }

  @Test
  void jinjaPatternKeepsIntType() {
    String fromTrigger = "{\"trigger.count\": {\"type\": \"equals\", \"pattern\": \"{{ trigger.expected }}\"}}";
    assertTrue(match(fromTrigger, "{\"count\": 3, \"expected\": 3}").matched());
    assertFalse(match(fromTrigger, "{\"count\": \"3\", \"expected\": 3}").matched()); // int 3, not "3"
    String fromKv = "{\"trigger.count\": {\"type\": \"lessthan\", \"pattern\": \"{{ st2kv.system.limit }}\"}}";
    assertEquals(RuleMatcher.Result.MATCHED, match(fromKv, "{\"count\": 4}"));
    assertEquals(RuleMatcher.Result.NOT_MATCHED, match(fromKv, "{\"count\": 6}"));
    // mixed text is not JSON: the plain rendering is used
    String mixed = "{\"trigger.host\": {\"type\": \"equals\", \"pattern\": \"{{ st2kv.system.name }}-01\"}}";
    assertTrue(match(mixed, "{\"host\": \"web-01\"}").matched());
    String trailing = "{\"trigger.s\": {\"type\": \"equals\", \"pattern\": \"{{ trigger.n }} apples\"}}";
    assertTrue(match(trailing, "{\"s\": \"5 apples\", \"n\": 5}").matched());
    String glued = "{\"trigger.s\": {\"type\": \"equals\", \"pattern\": \"{{ trigger.n }}0\"}}";
    assertTrue(match(glued, "{\"s\": 50, \"n\": 5}").matched()); // "50" decodes as JSON, as in StackStorm
    String list = "{\"trigger.x\": {\"type\": \"inside\", \"pattern\": \"{{ trigger.allowed }}\"}}";
    assertTrue(match(list, "{\"x\": 2, \"allowed\": [1, 2]}").matched());
    assertFalse(match(list, "{\"x\": 3, \"allowed\": [1, 2]}").matched());
  }

  @Test
  void typeMismatchIsAFailedEnforcement() {
    RuleMatcher.Result r = match("{\"trigger.n\": {\"type\": \"lessthan\", \"pattern\": 5}}", "{\"n\": \"4\"}");
    assertFalse(r.matched());
    assertEquals(PREFIX + "There might be a problem with the criteria in rule pack.rule: "
        + "'<' not supported between instances of 'str' and 'int'", r.failureReason());
  }

  @Test
  void missingKeyWithStringOperatorIsAFailedEnforcement() {
    RuleMatcher.Result r = match("{\"trigger.missing\": {\"type\": \"contains\", \"pattern\": \"x\"}}", "{\"n\": 1}");
    assertFalse(r.matched());
    assertEquals(PREFIX + "There might be a problem with the criteria in rule pack.rule: "
        + "argument of type 'NoneType' is not iterable", r.failureReason());
    RuleMatcher.Result eq = match("{\"trigger.missing\": {\"type\": \"equals\", \"pattern\": \"x\"}}", "{\"n\": 1}");
    assertEquals(RuleMatcher.Result.NOT_MATCHED, eq);
  }

  @Test
  void renderFailureReason() {
    RuleMatcher.Result r = match("{\"trigger.n\": {\"type\": \"equals\", \"pattern\": \"{{ nothing.here }}\"}}",
        "{\"n\": 1}");
    assertFalse(r.matched());
    assertEquals(PREFIX + "Failed to render pattern value \"{{ nothing.here }}\" for key \"trigger.n\": "
        + "'nothing' is undefined", r.failureReason());
  }

  @Test
  void keyFailureReason() {
    RuleMatcher.Result r = match("{\"trigger.n[0]\": {\"type\": \"equals\", \"pattern\": 1}}", "{\"n\": 7}");
    assertFalse(r.matched());
    assertEquals(PREFIX + "Failed transforming criteria key trigger.n[0]: object of type 'int' has no len()",
        r.failureReason());
  }

  @Test
  void regexIsPrecompiledAndErrorsAtMatchTime() {
    RuleMatcher.Compiled bad = RuleMatcher.compile(new JsonObject("{\"trigger.s\": {\"type\": \"regex\", \"pattern\": \"(\"}}"));
    RuleMatcher.Result r = bad.match(new JsonObject().put("s", "x"), null, "pack.rule", "ti1");
    assertFalse(r.matched());
    assertTrue(r.failureReason().startsWith(PREFIX + "There might be a problem with the criteria in rule pack.rule: "),
        r.failureReason());
    RuleMatcher.Compiled good = RuleMatcher.compile(new JsonObject("{\"trigger.s\": {\"type\": \"iregex\", \"pattern\": \"^ab\"}}"));
    for (int i = 0; i < 3; i++) {
      assertTrue(good.match(new JsonObject().put("s", "ABC"), Map.of(), "r", "i").matched());
    }
  }

  @Test
  void searchWithChildCriteria() {
    String payload = """
        {"fields": [{"field_name": "Status", "to_value": "Approved", "n": 45},
                    {"field_name": "Owner", "to_value": "bob", "n": 3}]}""";
    String criteria = """
        {"trigger.fields": {"type": "search", "condition": "%s", "pattern": {
           "item.field_name": {"type": "equals", "pattern": "Status"},
           "item.to_value": {"type": "equals", "pattern": "Approved"},
           "item.n#1": {"type": "greaterthan", "pattern": 40},
           "item.n#2": {"type": "lessthan", "pattern": 50}}}}""";
    assertTrue(match(criteria.formatted("any"), payload).matched());
    assertFalse(match(criteria.formatted("all"), payload).matched());
    assertTrue(match(criteria.formatted("any2any"), payload).matched());
    assertTrue(match(criteria.formatted("all2any"), payload).matched()); // Owner has n < 50
    RuleMatcher.Result bad = match(criteria.formatted("most"), payload);
    assertFalse(bad.matched());
    assertTrue(bad.failureReason().endsWith("The 'most' condition is not recognized for type search, 'any', 'all',"
        + " 'any2any' and 'all2any' are allowed"), bad.failureReason());
    // a dict value is searched as a one-element list
    assertTrue(match(criteria.formatted("all"), "{\"fields\": {\"field_name\": \"Status\", \"to_value\": \"Approved\","
        + " \"n\": 41}}").matched());
  }

  @Test
  void searchChildPatternsRenderWithItem() {
    String criteria = """
        {"trigger.pairs": {"type": "search", "condition": "any", "pattern": {
           "item.a": {"type": "equals", "pattern": "{{ item.b }}"}}}}""";
    assertTrue(match(criteria, "{\"pairs\": [{\"a\": 1, \"b\": 2}, {\"a\": 3, \"b\": 3}]}").matched());
    assertFalse(match(criteria, "{\"pairs\": [{\"a\": 1, \"b\": 2}]}").matched());
  }

  @Test
  void failingSearchChildOnlyCountsAsFalse() {
    String criteria = """
        {"trigger.xs": {"type": "search", "condition": "any", "pattern": {
           "item.v": {"type": "lessthan", "pattern": 10}}}}""";
    RuleMatcher.Result r = match(criteria, "{\"xs\": [{\"v\": \"text\"}, {\"v\": 3}]}");
    assertTrue(r.matched()); // the second item matches; the first raised and was recorded
    assertEquals(PREFIX + "There might be a problem with the criteria in rule pack.rule: "
        + "'<' not supported between instances of 'str' and 'int'", r.failureReason());
    // child operators are looked up lower-cased; an unknown one fails the whole search
    String upper = criteria.replace("lessthan", "LESSTHAN");
    assertTrue(match(upper, "{\"xs\": [{\"v\": 3}]}").matched());
    RuleMatcher.Result unknown = match(criteria.replace("lessthan", "smaller"), "{\"xs\": [{\"v\": 3}]}");
    assertFalse(unknown.matched());
    assertEquals(PREFIX + "There might be a problem with the criteria in rule pack.rule: Invalid operator: smaller",
        unknown.failureReason());
  }

  @Test
  void nonTemplateStringsAreUsedAsWritten() {
    assertTrue(match("{\"trigger.s\": {\"type\": \"equals\", \"pattern\": \"a}}b\"}}", "{\"s\": \"a}}b\"}").matched());
    // Jinja drops one trailing newline of a template source
    assertTrue(match("{\"trigger.s\": {\"type\": \"equals\", \"pattern\": \"abc\\n\"}}", "{\"s\": \"abc\"}").matched());
    assertNull(match("{\"trigger.s\": {\"type\": \"equals\", \"pattern\": \"x\"}}", "{\"s\": \"x\"}").failureReason());
  }
}
