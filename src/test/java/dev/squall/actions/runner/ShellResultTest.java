package dev.squall.actions.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ShellResultTest {

  @Test
  void stripsOneTrailingNewlineThenCarriageReturn() {
    assertEquals("a\n", ShellResult.outputValue("a\n\n"));
    assertEquals("a", ShellResult.outputValue("a\r\n"));
    assertEquals("", ShellResult.outputValue(""));
    assertEquals("two\nlines", ShellResult.outputValue("two\nlines\n"));
  }

  @Test
  void replacesValidJsonByItsValue() {
    assertEquals(new JsonObject().put("a", 1), ShellResult.outputValue("{\"a\": 1}\n"));
    assertEquals(new JsonArray().add(1).add("x"), ShellResult.outputValue("[1, \"x\"]"));
    assertEquals(42, ShellResult.outputValue("42\n"));
    assertEquals(true, ShellResult.outputValue("true"));
    assertEquals("quoted", ShellResult.outputValue("\"quoted\""));
    assertNull(ShellResult.outputValue("null"));
    assertEquals("1 2", ShellResult.outputValue("1 2"));
    assertEquals("{not json", ShellResult.outputValue("{not json"));
  }

  @Test
  void statusFromExitCode() {
    assertEquals("succeeded", ShellResult.statusOf(0));
    assertEquals("failed", ShellResult.statusOf(3));
    assertEquals("abandoned", ShellResult.statusOf(143));
    assertEquals("abandoned", ShellResult.statusOf(-15));
  }
}
