package dev.squall.model;

import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;
import dev.squall.store.DocumentStore;
import dev.squall.store.Query;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which triggers some enabled rule listens to, on every node (rule CUD events). An event of a trigger no
 * rule uses is stored already {@code processed} and never travels to the rules engine: most action triggers
 * of a busy system are such events.
 */
public final class RuleInterest {
  private final Map<String, Set<String>> rulesByTrigger = new ConcurrentHashMap<>();
  private final Map<String, String> triggerByRule = new ConcurrentHashMap<>();

  public RuleInterest listen(Bus bus) {
    bus.subscribe(Addresses.RULE_CUD, event -> apply(event.getJsonObject("doc"), "delete".equals(event.getString("op"))));
    return this;
  }

  public Future<Void> load(DocumentStore store) {
    return store.find(Collections.RULES, Query.where().eq("enabled", true)).map(rules -> {
      rules.forEach(rule -> apply(rule, false));
      return null;
    });
  }

  /** True when some enabled rule uses the trigger. */
  public boolean isWatched(String triggerRef) {
    Set<String> rules = rulesByTrigger.get(triggerRef);
    return rules != null && !rules.isEmpty();
  }

  void apply(JsonObject rule, boolean deleted) {
    String id = rule.getString("id");
    String previous = triggerByRule.remove(id);
    if (previous != null) {
      rulesByTrigger.computeIfPresent(previous, (k, set) -> {
        set.remove(id);
        return set.isEmpty() ? null : set;
      });
    }
    String trigger = rule.getJsonObject("trigger", new JsonObject()).getString("ref");
    if (!deleted && rule.getBoolean("enabled", false) && trigger != null) {
      triggerByRule.put(id, trigger);
      rulesByTrigger.computeIfAbsent(trigger, k -> ConcurrentHashMap.newKeySet()).add(id);
    }
  }
}
