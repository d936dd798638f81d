package dev.squall.rules;

import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one index of enabled rules on a node, by trigger ref with criteria compiled: intake asks whether any
 * rule listens to a trigger, the rules engine takes the candidates of an instance, timers run only while a
 * rule uses them. Loaded once at start and kept current by rule CUD events from any node. Changes are
 * serialised here; readers on any thread get immutable lists.
 */
public final class EnabledRules {
  private static final Logger LOG = LoggerFactory.getLogger(EnabledRules.class);

  /** A rule ready to evaluate. */
  public record Entry(JsonObject rule, RuleMatcher.Compiled criteria, boolean backstop) {
    public String ref() {
      return rule.getString("ref");
    }
  }

  private final Map<String, List<Entry>> byTrigger = new ConcurrentHashMap<>();
  private final Map<String, String> triggerOfRule = new ConcurrentHashMap<>();
  private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

  /** Follows rule CUD events from now on. */
  public EnabledRules listen(Bus bus) {
    bus.subscribe(Addresses.RULE_CUD, event -> {
      JsonObject rule = event.getJsonObject("doc");
      if ("delete".equals(event.getString("op"))) {
        remove(rule);
      } else {
        put(rule);
      }
    });
    return this;
  }

  /** Adds every enabled rule of the store. */
  public Future<Void> load(RuleStore store) {
    return store.enabled().map(rules -> {
      rules.forEach(this::put);
      return null;
    });
  }

  /** True when some enabled rule uses the trigger. */
  public boolean isWatched(String triggerRef) {
    return byTrigger.containsKey(triggerRef);
  }

  /** The enabled rules of a trigger, by ref (immutable). */
  public List<Entry> forTrigger(String triggerRef) {
    return byTrigger.getOrDefault(triggerRef, List.of());
  }

  public int size() {
    return triggerOfRule.size();
  }

  /**
   * Calls {@code listener} with a trigger ref each time the set of enabled rules using it changes, on the
   * thread that applied the change; returns what unregisters it.
   */
  public Runnable onChange(Consumer<String> listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** Adds, replaces or (when disabled) drops a rule; a rule whose criteria cannot compile is left out. */
  synchronized void put(JsonObject rule) {
    String before = drop(rule.getString("id"));
    String trigger = rule.getJsonObject("trigger", new JsonObject()).getString("ref");
    String after = null;
    if (rule.getBoolean("enabled", false) && trigger != null) {
      try {
        add(trigger, new Entry(rule, RuleMatcher.compile(rule.getJsonObject("criteria", new JsonObject())),
            "backstop".equals(rule.getJsonObject("type", new JsonObject()).getString("ref"))));
        after = trigger;
      } catch (RuntimeException e) {
        LOG.warn("rule {} cannot be evaluated: {}", rule.getString("ref"), e.getMessage());
      }
    }
    changed(before, after);
  }

  synchronized void remove(JsonObject rule) {
    changed(drop(rule.getString("id")), null);
  }

  private void add(String trigger, Entry entry) {
    List<Entry> next = new ArrayList<>(forTrigger(trigger));
    next.add(entry);
    next.sort(Comparator.comparing(Entry::ref));
    byTrigger.put(trigger, List.copyOf(next));
    triggerOfRule.put(entry.rule().getString("id"), trigger);
  }

  /** Removes a rule by id; returns the trigger it used, or null. */
  private String drop(String ruleId) {
    String trigger = triggerOfRule.remove(ruleId);
    if (trigger != null) {
      List<Entry> next = forTrigger(trigger).stream().filter(e -> !e.rule().getString("id").equals(ruleId)).toList();
      if (next.isEmpty()) {
        byTrigger.remove(trigger);
      } else {
        byTrigger.put(trigger, next);
      }
    }
    return trigger;
  }

  private void changed(String before, String after) {
    for (Consumer<String> listener : listeners) {
      if (before != null) {
        listener.accept(before);
      }
      if (after != null && !after.equals(before)) {
        listener.accept(after);
      }
    }
  }
}
