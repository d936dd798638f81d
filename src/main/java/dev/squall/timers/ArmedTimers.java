package dev.squall.timers;

import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timer triggers that are armed: a timer runs while some enabled rule uses it, fires on its
 * {@link TimerSchedule} and is armed again for its next time. Not thread-safe: call it from one context.
 */
public final class ArmedTimers {
  private static final Logger LOG = LoggerFactory.getLogger(ArmedTimers.class);

  /** One-shot alarms (Vert.x timers in the service, a fake clock in tests). */
  public interface Alarms {
    long set(long delayMs, Runnable action);

    void cancel(long id);
  }

  /** What a fired timer does with its trigger (dispatch a trigger instance). */
  public interface Fire {
    void fire(JsonObject trigger, Instant at);
  }

  private record Armed(JsonObject trigger, TimerSchedule schedule, long alarm) {
  }

  private final Alarms alarms;
  private final Clock clock;
  private final ZoneId zone;
  private final Predicate<String> used;
  private final Function<String, JsonObject> triggers;
  private final Fire fire;
  private final Map<String, Armed> armed = new HashMap<>();

  /**
   * @param used whether some enabled rule uses a trigger ref
   * @param triggers the trigger of a ref, or null
   * @param zone the zone of timers whose parameters name none
   */
  public ArmedTimers(Alarms alarms, Clock clock, ZoneId zone, Predicate<String> used,
      Function<String, JsonObject> triggers, Fire fire) {
    this.alarms = alarms;
    this.clock = clock;
    this.zone = zone;
    this.used = used;
    this.triggers = triggers;
    this.fire = fire;
  }

  /** A trigger was created or changed: its timer starts over with the new parameters. */
  public void triggerChanged(JsonObject trigger) {
    disarm(trigger.getString("ref"));
    arm(trigger);
  }

  public void triggerRemoved(String ref) {
    disarm(ref);
  }

  /** The rules using a trigger changed: its timer runs if and only if some enabled rule uses it. */
  public void rulesChanged(String ref) {
    if (!used.test(ref)) {
      disarm(ref);
    } else if (!armed.containsKey(ref)) {
      JsonObject trigger = triggers.apply(ref);
      if (trigger != null) {
        arm(trigger);
      }
    }
  }

  public boolean isArmed(String ref) {
    return armed.containsKey(ref);
  }

  public void disarmAll() {
    armed.values().forEach(a -> alarms.cancel(a.alarm()));
    armed.clear();
  }

  /** Arms a timer trigger some enabled rule uses; anything else is ignored. */
  public void arm(JsonObject trigger) {
    String ref = trigger.getString("ref");
    if (!TimerSchedule.TYPES.contains(trigger.getString("type"))
        || trigger.getJsonObject("parameters", new JsonObject()).isEmpty() || !used.test(ref)) {
      return;
    }
    TimerSchedule schedule;
    try {
      schedule = TimerSchedule.of(trigger.getString("type"), trigger.getJsonObject("parameters"), zone, clock.instant());
    } catch (RuntimeException e) {
      LOG.warn("timer {} not scheduled: {}", ref, e.getMessage());
      return;
    }
    armAfter(trigger, schedule, clock.instant());
  }

  private void armAfter(JsonObject trigger, TimerSchedule schedule, Instant after) {
    String ref = trigger.getString("ref");
    Optional<Instant> next = schedule.next(after);
    if (next.isEmpty()) {
      armed.remove(ref);
      return;
    }
    Instant at = next.get();
    long delay = Math.max(1, at.toEpochMilli() - clock.millis());
    armed.put(ref, new Armed(trigger, schedule, alarms.set(delay, () -> fired(trigger, schedule, at))));
  }

  private void fired(JsonObject trigger, TimerSchedule schedule, Instant at) {
    fire.fire(trigger, clock.instant());
    if (armed.containsKey(trigger.getString("ref"))) {
      armAfter(trigger, schedule, at);
    }
  }

  private void disarm(String ref) {
    Armed a = armed.remove(ref);
    if (a != null) {
      alarms.cancel(a.alarm());
    }
  }
}
