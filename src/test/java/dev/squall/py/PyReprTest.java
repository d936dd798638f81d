package dev.squall.py;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PyReprTest {
  @Test
  void scalarsPrintAsPython() {
    assertEquals("None", PyRepr.repr(null));
    assertEquals("True", PyRepr.repr(true));
    assertEquals("False", PyRepr.repr(false));
    assertEquals("42", PyRepr.repr(42));
    assertEquals("123456789012345678901234567890", PyRepr.repr(new BigInteger("123456789012345678901234567890")));
    assertEquals("2.50", PyRepr.repr(new BigDecimal("2.50"))); // what Jinja's round gives, printed as Jinja does
  }

  @Test
  void stringsPickTheirQuoteAndEscape() {
    assertEquals("'abc'", PyRepr.repr("abc"));
    assertEquals("\"it's\"", PyRepr.repr("it's"));
    assertEquals("'say \"hi\"'", PyRepr.repr("say \"hi\""));
    assertEquals("'it\\'s \"x\"'", PyRepr.repr("it's \"x\""));
    assertEquals("'a\\\\b\\n\\r\\t'", PyRepr.repr("a\\b\n\r\t"));
    assertEquals("'sb'", PyRepr.repr(new StringBuilder("sb")));
    assertEquals("'bytes'", PyRepr.repr("bytes".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void floatsPrintTheShortestRoundTrip() {
    assertEquals("3.0", PyRepr.repr(3.0));
    assertEquals("0.5", PyRepr.repr(0.5));
    assertEquals("1e+20", PyRepr.repr(1e20));
    assertEquals("1e-05", PyRepr.repr(1e-5));
    assertEquals("12345678.5", PyRepr.repr(12345678.5));
    assertEquals("1.5e+16", PyRepr.repr(1.5e16));
    assertEquals("1234567890123456.0", PyRepr.repr(1234567890123456.0));
    assertEquals("nan", PyRepr.repr(Double.NaN));
    assertEquals("inf", PyRepr.repr(Double.POSITIVE_INFINITY));
    assertEquals("-inf", PyRepr.repr(Double.NEGATIVE_INFINITY));
  }

  @Test
  void containersInEveryJvmForm() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("a", "it's");
    m.put("b", Arrays.asList(1, 2.5, null, true));
    assertEquals("{'a': \"it's\", 'b': [1, 2.5, None, True]}", PyRepr.repr(m));
    assertEquals("{'a': \"it's\", 'b': [1, 2.5, None, True]}", PyRepr.repr(new JsonObject(m)));
    assertEquals("[{'k': []}, {}]", PyRepr.repr(new JsonArray().add(new JsonObject().put("k", List.of()))
        .add(new JsonObject())));
  }

  @Test
  void strLeavesStringsBare() {
    assertEquals("abc", PyRepr.str("abc"));
    assertEquals("it's", PyRepr.str(new StringBuilder("it's")));
    assertEquals("None", PyRepr.str(null));
    assertEquals("1e+20", PyRepr.str(1e20));
    assertEquals("['a']", PyRepr.str(List.of("a")));
  }
}
