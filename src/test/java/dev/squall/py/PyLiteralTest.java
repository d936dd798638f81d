package dev.squall.py;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PyLiteralTest {
  @Test
  void readsPythonLiteralsAndJson() {
    assertEquals(Map.of("a", Arrays.asList(1, 2.5, null, true, false)),
        PyLiteral.parse("{'a': [1, 2.5, None, True, False]}"));
    assertEquals(Map.of("a", Arrays.asList(1, null, true)), PyLiteral.parse("{\"a\": [1, null, true]}"));
    assertEquals(List.of(1, 2), PyLiteral.parse("(1, 2,)"));
    assertEquals(List.of(), PyLiteral.parse("[]"));
    assertEquals(5000000000L, PyLiteral.parse("5_000_000_000"));
    assertEquals("it's\n\u00e9", PyLiteral.parse("\"it's\\n\\u00e9\""));
    assertEquals("A", PyLiteral.parse("'\\x41'"));
  }

  @Test
  void refusesWhatIsNotALiteral() {
    assertEquals("malformed literal at offset 0",
        assertThrows(IllegalArgumentException.class, () -> PyLiteral.parse("abc")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> PyLiteral.parse("[1, 2"));
    assertThrows(IllegalArgumentException.class, () -> PyLiteral.parse("1 2"));
  }
}
