package dev.squall.timers;

import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;
import dev.squall.model.Collections;
import dev.squall.model.Kernel;
import dev.squall.store.Query;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code timers} service (one active per deployment): a Vert.x timer per timer trigger, fired as a
 * trigger instance on time. Trigger CUD events add, change or drop schedules at once.
 */
public final class TimersVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(TimersVerticle.class);

  private final Kernel kernel;
  private final Map<String, Scheduled> scheduled = new HashMap<>();
  /** Enabled rules per trigger ref: a timer only runs while some enabled rule uses it. */
  private final Map<String, java.util.Set<String>> enabledRules = new HashMap<>();
  private Bus.Registration events;
  private Bus.Registration ruleEvents;

  private record Scheduled(JsonObject trigger, TimerSchedule schedule, long timerId) {
  }

  public TimersVerticle(Kernel kernel) {
    this.kernel = kernel;
  }

  @Override
  public Future<?> start() {
    if (!kernel.config().timers().enable()) {
      return Future.succeededFuture();
    }
    events = kernel.bus().subscribe(Addresses.TRIGGER_CUD, this::onTriggerEvent);
    ruleEvents = kernel.bus().subscribe(Addresses.RULE_CUD, this::onRuleEvent);
    return kernel.store().find(Collections.RULES, Query.where().eq("enabled", true)).map(rules -> {
      rules.forEach(rule -> track(rule, true));
      kernel.triggers().registry().triggers().forEach(this::schedule);
      return null;
    });
  }

  @Override
  public Future<?> stop() {
    scheduled.values().forEach(s -> vertx.cancelTimer(s.timerId()));
    scheduled.clear();
    return events == null ? Future.succeededFuture() : Future.join(events.unregister(), ruleEvents.unregister());
  }

  private void onRuleEvent(JsonObject event) {
    JsonObject rule = event.getJsonObject("doc");
    boolean enabled = !"delete".equals(event.getString("op")) && rule.getBoolean("enabled", false);
    String before = forgetRule(rule.getString("id"));
    String after = track(rule, enabled);
    for (String ref : new String[] {before, after}) {
      if (ref == null) {
        continue;
      }
      boolean wanted = !enabledRules.getOrDefault(ref, java.util.Set.of()).isEmpty();
      if (!wanted) {
        cancel(ref);
      } else if (!scheduled.containsKey(ref)) {
        JsonObject trigger = kernel.triggers().registry().trigger(ref);
        if (trigger != null) {
          schedule(trigger);
        }
      }
    }
  }

  /** Records an enabled rule's trigger; returns the trigger ref it uses. */
  private String track(JsonObject rule, boolean enabled) {
    String ref = rule.getJsonObject("trigger", new JsonObject()).getString("ref");
    if (ref != null && enabled) {
      enabledRules.computeIfAbsent(ref, k -> new java.util.HashSet<>()).add(rule.getString("id"));
    }
    return ref;
  }

  private String forgetRule(String ruleId) {
    for (var e : enabledRules.entrySet()) {
      if (e.getValue().remove(ruleId)) {
        return e.getKey();
      }
    }
    return null;
  }

  private void onTriggerEvent(JsonObject event) {
    if (!"trigger".equals(event.getString("kind"))) {
      return;
    }
    JsonObject trigger = event.getJsonObject("doc");
    cancel(trigger.getString("ref"));
    if (!"delete".equals(event.getString("op"))) {
      schedule(trigger);
    }
  }

  private void schedule(JsonObject trigger) {
    if (!TimerSchedule.TYPES.contains(trigger.getString("type"))
        || trigger.getJsonObject("parameters", new JsonObject()).isEmpty()
        || enabledRules.getOrDefault(trigger.getString("ref"), java.util.Set.of()).isEmpty()) {
      return;
    }
    TimerSchedule schedule;
    try {
      ZoneId zone = kernel.config().timers().localTimezone();
      schedule = TimerSchedule.of(trigger.getString("type"), trigger.getJsonObject("parameters"), zone);
    } catch (RuntimeException e) {
      LOG.warn("timer {} not scheduled: {}", trigger.getString("ref"), e.getMessage());
      return;
    }
    arm(trigger, schedule, Instant.now());
  }

  private void arm(JsonObject trigger, TimerSchedule schedule, Instant after) {
    Optional<Instant> next = schedule.next(after);
    if (next.isEmpty()) {
      scheduled.remove(trigger.getString("ref"));
      return;
    }
    Instant at = next.get();
    long delay = Math.max(1, at.toEpochMilli() - System.currentTimeMillis());
    long id = vertx.setTimer(delay, t -> fire(trigger, schedule, at));
    scheduled.put(trigger.getString("ref"), new Scheduled(trigger, schedule, id));
  }

  private void fire(JsonObject trigger, TimerSchedule schedule, Instant at) {
    String typeName = trigger.getString("type").substring("core.".length());
    kernel.dispatcher().dispatch(trigger.getString("ref"), TimerPayload.payload(Instant.now()),
            typeName + "-" + trigger.getString("name"))
        .onFailure(e -> LOG.warn("timer {} fired but its event was not accepted: {}", trigger.getString("ref"),
            e.getMessage()));
    if (scheduled.containsKey(trigger.getString("ref"))) {
      arm(trigger, schedule, at);
    }
  }

  private void cancel(String ref) {
    Scheduled s = scheduled.remove(ref);
    if (s != null) {
      vertx.cancelTimer(s.timerId());
    }
  }

}
