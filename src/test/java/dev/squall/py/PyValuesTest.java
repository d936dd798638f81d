package dev.squall.py;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PyValuesTest {
  @Test
  void typeNames() {
    assertEquals("NoneType", PyValues.typeName(null));
    assertEquals("bool", PyValues.typeName(true));
    assertEquals("int", PyValues.typeName(1));
    assertEquals("int", PyValues.typeName(1L));
    assertEquals("int", PyValues.typeName(BigInteger.TEN));
    assertEquals("float", PyValues.typeName(1.5));
    assertEquals("float", PyValues.typeName(BigDecimal.ONE));
    assertEquals("str", PyValues.typeName("x"));
    assertEquals("str", PyValues.typeName(new StringBuilder("x")));
    assertEquals("str", PyValues.typeName(Instant.EPOCH));
    assertEquals("dict", PyValues.typeName(Map.of()));
    assertEquals("dict", PyValues.typeName(new JsonObject()));
    assertEquals("list", PyValues.typeName(List.of()));
    assertEquals("list", PyValues.typeName(new JsonArray()));
    assertEquals("str", PyValues.typeName(new Object() { })); // reaches Python as its text
  }

  @Test
  void stringsInAllJvmForms() {
    assertEquals("sb", PyValues.norm(new StringBuilder("sb")));
    assertEquals("\u00e9", PyValues.norm("\u00e9".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    assertEquals("buf", PyValues.norm(Buffer.buffer("buf")));
    assertEquals("1970-01-01T00:00:00Z", PyValues.norm(Instant.EPOCH));
    assertEquals(5, PyValues.norm(5));
  }

  @Test
  void truthiness() {
    assertFalse(PyValues.truthy(null));
    assertFalse(PyValues.truthy(""));
    assertFalse(PyValues.truthy(0));
    assertFalse(PyValues.truthy(0.0));
    assertFalse(PyValues.truthy(new JsonObject()));
    assertFalse(PyValues.truthy(List.of()));
    assertFalse(PyValues.truthy(BigDecimal.ZERO));
    assertTrue(PyValues.truthy(new BigDecimal("1e-400")));
    assertTrue(PyValues.truthy("x"));
    assertTrue(PyValues.truthy(new JsonArray().add(0)));
  }

  @Test
  void floatOfValues() {
    assertEquals(1.0, PyValues.toFloat(true));
    assertEquals(2.5, PyValues.toFloat(" 2.5 "));
    assertEquals(1000.0, PyValues.toFloat("1_000"));
    assertEquals(Double.NEGATIVE_INFINITY, PyValues.toFloat("-Infinity"));
    assertTrue(Double.isNaN(PyValues.toFloat("nan")));
    assertEquals("could not convert string to float: 'abc'",
        assertThrows(PyException.class, () -> PyValues.toFloat("abc")).getMessage());
    assertEquals("float() argument must be a string or a real number, not 'list'",
        assertThrows(PyException.class, () -> PyValues.toFloat(List.of())).getMessage());
  }
}
