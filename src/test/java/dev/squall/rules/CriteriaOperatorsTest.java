package dev.squall.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.py.PyException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CriteriaOperatorsTest {
  private static final Set<String> COVERED = new HashSet<>();
  private static final String HOUR_AGO = DateTimeFormatter.ISO_OFFSET_DATE_TIME
      .format(Instant.now().minusSeconds(3600).atOffset(ZoneOffset.UTC));
  // Python's str(datetime): space separator, microseconds, +00:00
  private static final String HOUR_AGO_PY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSxxx")
      .format(Instant.now().minusSeconds(3600).atOffset(ZoneOffset.UTC));
  private static final String NAIVE_HOUR_AGO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
      .format(Instant.now().minusSeconds(3600).atOffset(ZoneOffset.UTC));

  /** op, value (JSON), pattern (JSON), expected: "true", "false" or "!" + Python's error message. */
  static Stream<Arguments> table() {
    List<Arguments> rows = new ArrayList<>();
    // equals / eq
    for (String op : List.of("equals", "eq")) {
      rows.add(row(op, "\"abc\"", "\"abc\"", "true"));
      rows.add(row(op, "\"abc\"", "\"ABC\"", "false"));
      rows.add(row(op, "5", "5.0", "true"));
      rows.add(row(op, "5", "\"5\"", "false"));
      rows.add(row(op, "true", "1", "true")); // Python: True == 1
      rows.add(row(op, "{\"a\":[1,2.0]}", "{\"a\":[1.0,2]}", "true"));
      rows.add(row(op, "[1,2]", "[2,1]", "false"));
      rows.add(row(op, "null", "\"x\"", "false"));
      rows.add(row(op, "null", "null", "false")); // a null pattern never matches
      rows.add(row(op, "9007199254740993", "9007199254740992.0", "false")); // exact int/float comparison
    }
    for (String op : List.of("nequals", "neq")) {
      rows.add(row(op, "\"abc\"", "\"abd\"", "true"));
      rows.add(row(op, "\"abc\"", "\"abc\"", "false"));
      rows.add(row(op, "5", "\"5\"", "true"));
      rows.add(row(op, "null", "null", "false")); // nequals compares with None too
      rows.add(row(op, "\"x\"", "null", "true"));
    }
    for (String op : List.of("iequals", "ieq")) {
      rows.add(row(op, "\"AbC\"", "\"aBc\"", "true"));
      rows.add(row(op, "\"AbC\"", "\"aBd\"", "false"));
      rows.add(row(op, "5", "\"5\"", "!'int' object has no attribute 'lower'"));
      rows.add(row(op, "\"5\"", "5", "!'int' object has no attribute 'lower'"));
      rows.add(row(op, "null", "\"x\"", "!'NoneType' object has no attribute 'lower'"));
      rows.add(row(op, "\"x\"", "null", "false"));
    }
    rows.add(row("contains", "\"hello world\"", "\"lo w\"", "true"));
    rows.add(row("contains", "\"hello world\"", "\"LO\"", "false"));
    rows.add(row("contains", "[1,\"a\",2.5]", "1.0", "true"));
    rows.add(row("contains", "[1,\"a\"]", "\"b\"", "false"));
    rows.add(row("contains", "{\"k\":1}", "\"k\"", "true"));
    rows.add(row("contains", "{\"k\":1}", "[1]", "!unhashable type: 'list'"));
    rows.add(row("contains", "\"abc\"", "1", "!'in <string>' requires string as left operand, not int"));
    rows.add(row("contains", "5", "5", "!argument of type 'int' is not iterable"));
    rows.add(row("contains", "null", "\"x\"", "!argument of type 'NoneType' is not iterable"));
    rows.add(row("contains", "\"abc\"", "null", "false"));
    rows.add(row("ncontains", "\"hello\"", "\"xyz\"", "true"));
    rows.add(row("ncontains", "\"hello\"", "\"ell\"", "false"));
    rows.add(row("ncontains", "[1,2]", "3", "true"));
    rows.add(row("ncontains", "null", "\"x\"", "!argument of type 'NoneType' is not iterable"));
    rows.add(row("icontains", "\"Hello World\"", "\"WORLD\"", "true"));
    rows.add(row("icontains", "\"Hello World\"", "\"planet\"", "false"));
    rows.add(row("icontains", "[\"A\"]", "\"a\"", "!'list' object has no attribute 'lower'"));
    rows.add(row("icontains", "\"abc\"", "1", "!'int' object has no attribute 'lower'"));
    rows.add(row("incontains", "\"Hello\"", "\"XYZ\"", "true"));
    rows.add(row("incontains", "\"Hello\"", "\"ELL\"", "false"));
    rows.add(row("incontains", "null", "\"x\"", "!'NoneType' object has no attribute 'lower'"));
    rows.add(row("startswith", "\"hello\"", "\"he\"", "true"));
    rows.add(row("startswith", "\"hello\"", "\"HE\"", "false"));
    rows.add(row("startswith", "5", "\"5\"", "!'int' object has no attribute 'startswith'"));
    rows.add(row("startswith", "\"5\"", "5", "!startswith first arg must be str or a tuple of str, not int"));
    rows.add(row("startswith", "null", "\"x\"", "!'NoneType' object has no attribute 'startswith'"));
    rows.add(row("istartswith", "\"Hello\"", "\"hE\"", "true"));
    rows.add(row("istartswith", "\"Hello\"", "\"lo\"", "false"));
    rows.add(row("endswith", "\"hello\"", "\"llo\"", "true"));
    rows.add(row("endswith", "\"hello\"", "\"LLO\"", "false"));
    rows.add(row("endswith", "[\"o\"]", "\"o\"", "!'list' object has no attribute 'endswith'"));
    rows.add(row("iendswith", "\"HELLO\"", "\"llo\"", "true"));
    rows.add(row("iendswith", "\"HELLO\"", "\"he\"", "false"));
    for (String op : List.of("lessthan", "lt")) {
      rows.add(row(op, "3", "5", "true"));
      rows.add(row(op, "5", "5.0", "false"));
      rows.add(row(op, "4.5", "5", "true"));
      rows.add(row(op, "\"abc\"", "\"abd\"", "true"));
      rows.add(row(op, "[1,2]", "[1,3]", "true"));
      rows.add(row(op, "\"5\"", "10", "!'<' not supported between instances of 'str' and 'int'"));
      rows.add(row(op, "null", "10", "!'<' not supported between instances of 'NoneType' and 'int'"));
      rows.add(row(op, "{}", "{}", "!'<' not supported between instances of 'dict' and 'dict'"));
      rows.add(row(op, "1", "null", "false"));
    }
    for (String op : List.of("greaterthan", "gt")) {
      rows.add(row(op, "10", "5", "true"));
      rows.add(row(op, "5", "10", "false"));
      rows.add(row(op, "true", "0", "true"));
      rows.add(row(op, "\"b\"", "\"a\"", "true"));
      rows.add(row(op, "10", "\"5\"", "!'>' not supported between instances of 'int' and 'str'"));
    }
    rows.add(row("matchwildcard", "\"server-01.example.com\"", "\"server-??.*\"", "true"));
    rows.add(row("matchwildcard", "\"Server-01\"", "\"server-*\"", "false"));
    rows.add(row("matchwildcard", "\"b\"", "\"[abc]\"", "true"));
    rows.add(row("matchwildcard", "\"d\"", "\"[!abc]\"", "true"));
    rows.add(row("matchwildcard", "\"m\"", "\"[a-f]\"", "false"));
    rows.add(row("matchwildcard", "\"a.b\"", "\"a?b\"", "true"));
    rows.add(row("matchwildcard", "\"line1\\nline2\"", "\"line1*\"", "true"));
    rows.add(row("matchwildcard", "\"[x\"", "\"[x\"", "true"));
    rows.add(row("matchwildcard", "5", "\"*\"", "!expected str, bytes or os.PathLike object, not int"));
    rows.add(row("matchregex", "\"hello world\"", "\"hel+o\"", "true"));
    rows.add(row("matchregex", "\"hello world\"", "\"world\"", "false")); // anchored at the start
    rows.add(row("matchregex", "\"a\\nb\"", "\"a.b\"", "true")); // DOTALL
    rows.add(row("matchregex", "5", "\"5\"", "!expected string or bytes-like object"));
    rows.add(row("regex", "\"hello world\"", "\"wor\"", "true"));
    rows.add(row("regex", "\"hello world\"", "\"^world\"", "false"));
    rows.add(row("regex", "\"hello world\"", "\"(?P<w>o) (?P=w)?w\"", "true"));
    rows.add(row("regex", "\"a\\nb\"", "\"a.b\"", "false"));
    rows.add(row("regex", "\"x{y}\"", "\"x{y}\"", "true")); // Python: a brace that is no repeat is literal
    rows.add(row("regex", "\"abc\"", "\"a(\"", "!Unclosed group at position 2"));
    rows.add(row("regex", "\"abc\"", "5", "!first argument must be string or compiled pattern"));
    rows.add(row("regex", "null", "\"a\"", "!expected string or bytes-like object"));
    rows.add(row("iregex", "\"Hello World\"", "\"WORLD$\"", "true"));
    rows.add(row("iregex", "\"Hello World\"", "\"^world\"", "false"));
    for (String op : List.of("timediff_lt", "td_lt")) {
      rows.add(row(op, json(HOUR_AGO), "7200", "true"));
      rows.add(row(op, json(HOUR_AGO_PY), "60", "false"));
      rows.add(row(op, json(NAIVE_HOUR_AGO), "\"7200\"", "true")); // float("7200")
      rows.add(row(op, "\"not a date\"", "60", "!Unknown string format: not a date"));
      rows.add(row(op, json(HOUR_AGO), "\"soon\"", "!could not convert string to float: 'soon'"));
    }
    for (String op : List.of("timediff_gt", "td_gt")) {
      rows.add(row(op, json(HOUR_AGO), "60", "true"));
      rows.add(row(op, json(HOUR_AGO_PY), "7200.5", "false"));
      rows.add(row(op, "\"Tue, 01 May 2001 10:00:00 GMT\"", "60", "true"));
    }
    rows.add(row("exists", "\"x\"", "\"\"", "true"));
    rows.add(row("exists", "false", "\"\"", "true"));
    rows.add(row("exists", "null", "\"\"", "false"));
    rows.add(row("nexists", "null", "\"\"", "true"));
    rows.add(row("nexists", "0", "\"\"", "false"));
    for (String op : List.of("inside", "in")) {
      rows.add(row(op, "\"b\"", "[\"a\",\"b\"]", "true"));
      rows.add(row(op, "2", "[1,2.0]", "true"));
      rows.add(row(op, "\"2\"", "[1,2]", "false"));
      rows.add(row(op, "\"ell\"", "\"hello\"", "true"));
      rows.add(row(op, "\"k\"", "{\"k\":1}", "true"));
      rows.add(row(op, "null", "[null]", "true"));
      rows.add(row(op, "5", "\"12345\"", "!'in <string>' requires string as left operand, not int"));
      rows.add(row(op, "5", "5", "!argument of type 'int' is not iterable"));
    }
    for (String op : List.of("ninside", "nin")) {
      rows.add(row(op, "\"c\"", "[\"a\",\"b\"]", "true"));
      rows.add(row(op, "\"a\"", "[\"a\",\"b\"]", "false"));
      rows.add(row(op, "null", "[\"a\"]", "true"));
      rows.add(row(op, "\"a\"", "null", "false"));
    }
    return rows.stream();
  }

  private static String json(String s) {
    return Json.encode(s);
  }

  private static Arguments row(String op, String value, String pattern, String expected) {
    return Arguments.of(op, value, pattern, expected);
  }

  private static Object decode(String json) {
    return CriteriaKey.wrap(Json.decodeValue(json));
  }

  @ParameterizedTest(name = "{0}: {1} vs {2} -> {3}")
  @MethodSource("table")
  void operator(String op, String value, String pattern, String expected) {
    COVERED.add(op);
    assertTrue(CriteriaOperators.isKnown(op));
    CriteriaOperators.Test test = CriteriaOperators.get(op).prepare(decode(pattern));
    if (expected.startsWith("!")) {
      PyException e = assertThrows(PyException.class, () -> test.test(decode(value)));
      assertEquals(expected.substring(1), e.getMessage());
    } else {
      assertEquals(Boolean.parseBoolean(expected), test.test(decode(value)));
    }
  }

  @AfterAll
  static void everyOperatorIsCovered() {
    Set<String> missing = new HashSet<>(CriteriaOperators.names());
    missing.removeAll(COVERED);
    missing.remove(CriteriaOperators.SEARCH); // own tests below
    assertEquals(Set.of(), missing);
  }

  @Test
  void namesAreCaseSensitive() {
    assertTrue(CriteriaOperators.isKnown("equals"));
    assertFalse(CriteriaOperators.isKnown("Equals"));
    assertFalse(CriteriaOperators.isKnown("EQ"));
    assertFalse(CriteriaOperators.isKnown(null));
    assertEquals("Invalid operator: nope", assertThrows(CriteriaException.class,
        () -> CriteriaOperators.get("nope")).getMessage());
    assertEquals(33, CriteriaOperators.names().size());
  }

  @Test
  void searchConditions() {
    JsonArray items = new JsonArray()
        .add(new JsonObject().put("name", "a").put("n", 1))
        .add(new JsonObject().put("name", "b").put("n", 2));
    // criterion 0: name == "a"; criterion 1: n == 2
    CriteriaOperators.ItemCheck check = (item, k) -> k == 0
        ? "a".equals(((JsonObject) item).getString("name"))
        : ((JsonObject) item).getInteger("n") == 2;
    assertFalse(CriteriaOperators.search(items, "any", 2, check)); // no item has both
    assertFalse(CriteriaOperators.search(items, "all", 2, check));
    assertTrue(CriteriaOperators.search(items, "any2any", 2, check));
    assertTrue(CriteriaOperators.search(items, "all2any", 2, check)); // a matches 0, b matches 1
    CriteriaOperators.ItemCheck nameA = (item, k) -> "a".equals(((JsonObject) item).getString("name"));
    assertTrue(CriteriaOperators.search(items, "any", 1, nameA));
    assertFalse(CriteriaOperators.search(items, "all", 1, nameA));
    assertFalse(CriteriaOperators.search(items, "all2any", 1, nameA));
    assertFalse(CriteriaOperators.search(items, "any2any", 1, (item, k) -> false));
    // a dict is a one-element list; an empty list: any → false, all → true (Python's any([]) / all([]))
    assertTrue(CriteriaOperators.search(items.getJsonObject(0), "all", 1, nameA));
    assertFalse(CriteriaOperators.search(new JsonArray(), "any", 1, nameA));
    assertTrue(CriteriaOperators.search(new JsonArray(), "all", 1, nameA));
  }

  @Test
  void searchErrors() {
    CriteriaOperators.ItemCheck never = (item, k) -> false;
    assertEquals("The 'some' condition is not recognized for type search, 'any', 'all', 'any2any' and 'all2any'"
        + " are allowed", assertThrows(CriteriaException.class,
            () -> CriteriaOperators.search(new JsonArray(), "some", 1, never)).getMessage());
    assertEquals("The 'None' condition is not recognized for type search, 'any', 'all', 'any2any' and 'all2any'"
        + " are allowed", assertThrows(CriteriaException.class,
            () -> CriteriaOperators.search(null, null, 1, never)).getMessage());
    assertEquals("'NoneType' object is not iterable", assertThrows(CriteriaException.class,
        () -> CriteriaOperators.search(null, "any", 1, never)).getMessage());
    assertEquals("'int' object is not iterable", assertThrows(CriteriaException.class,
        () -> CriteriaOperators.search(5, "all", 1, never)).getMessage());
    assertThrows(CriteriaException.class, () -> CriteriaOperators.test("search", new JsonArray(), new JsonObject()));
  }

  @Test
  void precompiledTestsAreReusable() {
    CriteriaOperators.Test t = CriteriaOperators.get("regex").prepare("^a+$");
    assertTrue(t.test("aaa"));
    assertFalse(t.test("aab"));
    assertTrue(CriteriaOperators.test("equals", 3L, 3));
    assertTrue(CriteriaOperators.test("equals", new byte[] {'h', 'i'}, "hi"));
  }
}
