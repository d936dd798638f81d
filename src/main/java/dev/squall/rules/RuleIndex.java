package dev.squall.rules;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Enabled rules by trigger ref, criteria precompiled. Changed on the rules verticle's context only; read
 * there and, for the intake check, from other threads (the lists it hands out are immutable).
 */
final class RuleIndex {
  /** A rule ready to evaluate. */
  record Entry(JsonObject rule, RuleMatcher.Compiled criteria, boolean backstop) {
    String ref() {
      return rule.getString("ref");
    }
  }

  private final Map<String, List<Entry>> byTrigger = new java.util.concurrent.ConcurrentHashMap<>();
  private final Map<String, String> triggerOfRule = new HashMap<>();

  void put(JsonObject rule) {
    remove(rule);
    if (!rule.getBoolean("enabled", false)) {
      return;
    }
    String trigger = rule.getJsonObject("trigger", new JsonObject()).getString("ref");
    if (trigger == null) {
      return;
    }
    RuleMatcher.Compiled criteria = RuleMatcher.compile(rule.getJsonObject("criteria", new JsonObject()));
    boolean backstop = "backstop".equals(rule.getJsonObject("type", new JsonObject()).getString("ref"));
    List<Entry> next = new ArrayList<>(byTrigger.getOrDefault(trigger, List.of()));
    next.add(new Entry(rule, criteria, backstop));
    next.sort((a, b) -> a.ref().compareTo(b.ref()));
    byTrigger.put(trigger, List.copyOf(next));
    triggerOfRule.put(rule.getString("id"), trigger);
  }

  void remove(JsonObject rule) {
    String trigger = triggerOfRule.remove(rule.getString("id"));
    if (trigger == null) {
      return;
    }
    List<Entry> next = byTrigger.getOrDefault(trigger, List.of()).stream()
        .filter(e -> !e.rule().getString("id").equals(rule.getString("id"))).toList();
    if (next.isEmpty()) {
      byTrigger.remove(trigger);
    } else {
      byTrigger.put(trigger, next);
    }
  }

  List<Entry> forTrigger(String triggerRef) {
    return byTrigger.getOrDefault(triggerRef, List.of());
  }

  int size() {
    return triggerOfRule.size();
  }
}
