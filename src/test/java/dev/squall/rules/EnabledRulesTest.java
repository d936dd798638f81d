package dev.squall.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EnabledRulesTest {
  private final EnabledRules rules = new EnabledRules();
  private final List<String> changes = new ArrayList<>();

  private static JsonObject rule(String id, String ref, String trigger, boolean enabled) {
    return new JsonObject().put("id", id).put("ref", ref).put("enabled", enabled)
        .put("trigger", new JsonObject().put("ref", trigger))
        .put("criteria", new JsonObject().put("trigger.x", new JsonObject().put("type", "equals").put("pattern", 1)));
  }

  @Test
  void enabledRulesAreFoundByTriggerInRefOrder() {
    rules.onChange(changes::add);
    rules.put(rule("2", "p.b", "t1", true));
    rules.put(rule("1", "p.a", "t1", true));
    rules.put(rule("3", "p.c", "t2", false));
    assertTrue(rules.isWatched("t1"));
    assertFalse(rules.isWatched("t2"), "a disabled rule watches nothing");
    assertEquals(List.of("p.a", "p.b"), rules.forTrigger("t1").stream().map(EnabledRules.Entry::ref).toList());
    assertEquals(2, rules.size());
    assertEquals(List.of("t1", "t1"), changes);
    assertThrows(UnsupportedOperationException.class, () -> rules.forTrigger("t1").clear());
  }

  @Test
  void aRuleMovedToAnotherTriggerOrDisabledOrDeletedLeavesItsOldTrigger() {
    rules.put(rule("1", "p.a", "t1", true));
    rules.onChange(changes::add);
    rules.put(rule("1", "p.a", "t2", true));
    assertFalse(rules.isWatched("t1"));
    assertTrue(rules.isWatched("t2"));
    assertEquals(List.of("t1", "t2"), changes, "both triggers are told");
    rules.put(rule("1", "p.a", "t2", false));
    assertFalse(rules.isWatched("t2"));
    rules.put(rule("1", "p.a", "t2", true));
    rules.remove(rule("1", "p.a", "t2", true));
    assertFalse(rules.isWatched("t2"));
    assertEquals(0, rules.size());
  }

  @Test
  void aRuleWhoseCriteriaCannotCompileIsLeftOut() {
    JsonObject bad = rule("1", "p.bad", "t1", true)
        .put("criteria", new JsonObject().put("trigger.x", new JsonObject().put("type", "no_such_operator")));
    rules.put(bad);
    assertFalse(rules.isWatched("t1"));
  }

  @Test
  void anUnregisteredListenerHearsNothing() {
    Runnable off = rules.onChange(changes::add);
    off.run();
    rules.put(rule("1", "p.a", "t1", true));
    assertEquals(List.of(), changes);
  }
}
