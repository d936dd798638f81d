package dev.squall.py;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PyCompareTest {
  @Test
  void equalityIsByValueAcrossNumbersAndDeepInContainers() {
    assertTrue(PyCompare.eq(5, 5.0));
    assertTrue(PyCompare.eq(true, 1));
    assertFalse(PyCompare.eq(5, "5"));
    assertFalse(PyCompare.eq(9007199254740993L, 9007199254740992.0));
    assertTrue(PyCompare.eq(new BigInteger("9007199254740993"), 9007199254740993L));
    assertTrue(PyCompare.eq(new JsonObject().put("a", new JsonArray().add(1).add(2.0)), Map.of("a", List.of(1.0, 2))));
    assertFalse(PyCompare.eq(List.of(1, 2), List.of(2, 1)));
    assertTrue(PyCompare.eq(null, null));
  }

  @Test
  void orderingComparesNumbersStringsAndLists() {
    assertTrue(PyCompare.order(1, 1.5, "<"));
    assertTrue(PyCompare.order("b", "a", ">"));
    assertTrue(PyCompare.order("\uffff", "\ud83d\ude00", "<")); // by code point, not UTF-16 unit
    assertTrue(PyCompare.order(List.of(1, 2), List.of(1, 3), "<"));
    assertTrue(PyCompare.order(List.of(1), List.of(1, 0), "<"));
    assertFalse(PyCompare.order(Double.NaN, 1, "<"));
    assertTrue(PyCompare.order(Long.MAX_VALUE, Double.POSITIVE_INFINITY, "<"));
    assertEquals("'<' not supported between instances of 'str' and 'int'",
        assertThrows(PyException.class, () -> PyCompare.order("a", 1, "<")).getMessage());
    assertEquals("'>' not supported between instances of 'dict' and 'dict'",
        assertThrows(PyException.class, () -> PyCompare.order(Map.of(), Map.of(), ">")).getMessage());
  }

  @Test
  void membership() {
    assertTrue(PyCompare.in("b", "abc"));
    assertTrue(PyCompare.in(1.0, new JsonArray().add(1)));
    assertTrue(PyCompare.in("k", new JsonObject().put("k", 1)));
    assertFalse(PyCompare.in(1, new JsonObject().put("1", 1)));
    assertEquals("'in <string>' requires string as left operand, not int",
        assertThrows(PyException.class, () -> PyCompare.in(1, "abc")).getMessage());
    assertEquals("unhashable type: 'list'",
        assertThrows(PyException.class, () -> PyCompare.in(List.of(), Map.of())).getMessage());
    assertEquals("argument of type 'NoneType' is not iterable",
        assertThrows(PyException.class, () -> PyCompare.in("a", null)).getMessage());
  }

  @Test
  void stringMethodsNeedAString() {
    assertEquals("abc", PyCompare.lower("ABC"));
    assertEquals("x", PyCompare.str(new StringBuilder("x"), "startswith"));
    assertEquals("'int' object has no attribute 'lower'",
        assertThrows(PyException.class, () -> PyCompare.lower(1)).getMessage());
    assertEquals("'NoneType' object has no attribute 'endswith'",
        assertThrows(PyException.class, () -> PyCompare.str(null, "endswith")).getMessage());
  }
}
