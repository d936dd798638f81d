package dev.squall.actions.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ShellArgumentsTest {

  @Test
  void quotesLikeAPosixShell() {
    assertEquals("''", ShellArguments.quote(""));
    assertEquals("plain/path-1.sh", ShellArguments.quote("plain/path-1.sh"));
    assertEquals("'two words'", ShellArguments.quote("two words"));
    assertEquals("'it'\"'\"'s'", ShellArguments.quote("it's"));
  }

  @Test
  void namedArgumentsFirstInSchemaOrderThenPositionalByPosition() {
    JsonObject schema = new JsonObject()
        .put("p2", new JsonObject().put("type", "string").put("position", 2))
        .put("name", new JsonObject().put("type", "string"))
        .put("flag", new JsonObject().put("type", "boolean"))
        .put("off", new JsonObject().put("type", "boolean"))
        .put("empty", new JsonObject().put("type", "string"))
        .put("missing", new JsonObject().put("type", "string"))
        .put("p0", new JsonObject().put("type", "boolean").put("position", 0))
        .put("p1", new JsonObject().put("type", "array").put("position", 1))
        .put("p3", new JsonObject().put("type", "object").put("position", 3))
        .put("p4", new JsonObject().put("type", "string").put("position", 4))
        .put("count", new JsonObject().put("type", "integer"));
    JsonObject values = new JsonObject()
        .put("p2", "x y").put("name", "a b").put("flag", true).put("off", false).put("empty", "")
        .put("p0", false).put("p1", new JsonArray().add("a").add(2)).put("p3", new JsonObject().put("k", 1))
        .put("count", 3);
    assertEquals("/s.sh --name='a b' --flag --count=3 0 a,2 'x y' '{\"k\":1}' ''",
        ShellArguments.scriptCommand("/s.sh", schema, values, "--"));
    assertEquals("/s.sh -name='a b' -flag -count=3 0 a,2 'x y' '{\"k\":1}' ''",
        ShellArguments.scriptCommand("/s.sh", schema, values, "-"));
  }
}
