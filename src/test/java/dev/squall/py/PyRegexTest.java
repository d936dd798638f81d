package dev.squall.py;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PyRegexTest {
  @Test
  void translatesPythonOnlySyntax() {
    assertEquals("(?<year>\\d{4})-\\k<year>\\z", PyRegex.translate("(?P<year>\\d{4})-(?P=year)\\Z"));
    assertEquals("a{0,3}", PyRegex.translate("a{,3}"));
    assertEquals("\\{x}", PyRegex.translate("{x}"));
    assertEquals("[\\[\\&a]", PyRegex.translate("[[&a]"));
    assertEquals("[\\]a]", PyRegex.translate("[]a]"));
  }

  @Test
  void compilesWithPythonFlagsAndErrors() {
    assertTrue(PyRegex.compile("^ABC$", true, false).matcher("abc").find());
    assertFalse(PyRegex.compile("a.b", false, false).matcher("a\nb").find());
    assertTrue(PyRegex.compile("a.b", false, true).matcher("a\nb").find());
    assertTrue(PyRegex.compile("\\w+", false, false).matcher("\u00e9t\u00e9").matches());
    assertTrue(assertThrows(PyException.class, () -> PyRegex.compile("(", false, false)).getMessage()
        .endsWith(" at position 1"));
  }

  @Test
  void wildcardsMatchTheWholeString() {
    assertTrue(PyRegex.wildcard("*.txt").matcher("a.txt").matches());
    assertFalse(PyRegex.wildcard("*.txt").matcher("a.txt.bak").matches());
    assertTrue(PyRegex.wildcard("file?.[!a-c]").matcher("file1.d").matches());
    assertFalse(PyRegex.wildcard("file?.[!a-c]").matcher("file1.b").matches());
    assertFalse(PyRegex.wildcard("[z-a]x").matcher("-x").matches()); // an empty range matches nothing
    assertTrue(PyRegex.wildcard("a[").matcher("a[").matches());
    assertTrue(PyRegex.wildcard("*").matcher("multi\nline").matches());
  }
}
