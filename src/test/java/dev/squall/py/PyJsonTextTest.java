package dev.squall.py;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.squall.util.Ids;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PyJsonTextTest {
  @Test
  void uidTextIsSortedWithPythonSeparatorsAndAsciiEscapes() {
    JsonObject params = new JsonObject().put("url", "/hook")
        .put("b", new JsonArray().add(1).add(2.5).add(true).addNull())
        .put("a", new JsonObject().put("z", "\u00e9\n").put("y", "\"q\""));
    String text = PyJsonText.dumpsForUid(params);
    // byte for byte what Python's json.dumps(params, sort_keys=True) prints, so the uid matches StackStorm's
    assertEquals("{\"a\": {\"y\": \"\\\"q\\\"\", \"z\": \"\\u00e9\\n\"}, "
        + "\"b\": [1, 2.5, true, null], \"url\": \"/hook\"}", text);
    assertEquals("17cc82bbdb2fd0c2a8b17588e9488204", Ids.md5Hex(text));
    assertEquals("99914b932bd37a50b983c5e7c90ae93b", Ids.md5Hex(PyJsonText.dumpsForUid(new JsonObject())));
  }

  @Test
  void uidTextKeepsJavaFloatNotationSoStoredUidsStayValid() {
    JsonObject params = new JsonObject().put("big", 1e20).put("small", 1e-5).put("whole", 3.0)
        .put("mid", 12345678.5).put("nested", new JsonObject().put("list", List.of(Map.of("k", 1.0E7))));
    assertEquals("{\"big\": 1.0E20, \"mid\": 1.23456785E7, \"nested\": {\"list\": [{\"k\": 1.0E7}]}, "
        + "\"small\": 1.0E-5, \"whole\": 3.0}", PyJsonText.dumpsForUid(params));
  }

  @Test
  void dumpsKeepsInsertionOrderWithPythonFloats() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("b", "x");
    m.put("a", 1);
    m.put("f", Arrays.asList(1e20, 1e-5, 0.5, 3.0, Double.NaN, Double.NEGATIVE_INFINITY, null, false));
    assertEquals("{\"b\": \"x\", \"a\": 1, \"f\": [1e+20, 1e-05, 0.5, 3.0, NaN, -Infinity, null, false]}",
        PyJsonText.dumps(m));
  }

  @Test
  void dumpsIndentsSortsAndTakesSeparators() {
    Map<String, Object> inner = new LinkedHashMap<>();
    inner.put("c", 1e20);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("b", 1);
    m.put("a", List.of(1, inner));
    m.put("e", new ArrayList<>());
    m.put("d", new LinkedHashMap<>());
    assertEquals("{\n  \"b\": 1,\n  \"a\": [\n    1,\n    {\n      \"c\": 1e+20\n    }\n  ],"
        + "\n  \"e\": [],\n  \"d\": {}\n}", PyJsonText.dumps(m, 2, false, ",", ": "));
    assertEquals("{\"a\": [1,{\"c\": 1e+20}],\"b\": 1,\"d\": {},\"e\": []}",
        PyJsonText.dumps(m, null, true, ",", ": "));
  }

  @Test
  void floatTextSpellsNonFiniteAsJavaScript() {
    assertEquals("NaN", PyJsonText.floatText(Double.NaN));
    assertEquals("Infinity", PyJsonText.floatText(Double.POSITIVE_INFINITY));
    assertEquals("-Infinity", PyJsonText.floatText(Double.NEGATIVE_INFINITY));
    assertEquals("0.001", PyJsonText.floatText(0.001));
  }
}
