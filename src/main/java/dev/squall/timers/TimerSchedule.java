package dev.squall.timers;

import dev.squall.error.Validation;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.Set;

/**
 * When a timer Trigger fires, with APScheduler's semantics: an IntervalTimer at a fixed rate counted from the
 * moment the schedule was built, a DateTimer once, a CronTimer on every matching wall-clock second of its zone.
 * Pure and immutable; the timers service asks {@link #next} after every fire.
 */
public sealed interface TimerSchedule permits IntervalSchedule, DateSchedule, CronSchedule {
  String INTERVAL = "core.st2.IntervalTimer";
  String DATE = "core.st2.DateTimer";
  String CRON = "core.st2.CronTimer";
  /** The refs of the three timer trigger types. */
  Set<String> TYPES = Set.of(INTERVAL, DATE, CRON);

  /**
   * The schedule of a timer Trigger, counted from now.
   *
   * @param defaultZone the zone used when the parameters name none ({@code [timersengine] local_timezone})
   * @throws Validation naming the offending parameter
   */
  static TimerSchedule of(String triggerTypeRef, JsonObject parameters, ZoneId defaultZone) {
    return of(triggerTypeRef, parameters, defaultZone, Instant.now());
  }

  /** As {@link #of(String, JsonObject, ZoneId)}, with the creation instant an IntervalTimer counts from. */
  static TimerSchedule of(String triggerTypeRef, JsonObject parameters, ZoneId defaultZone, Instant createdAt) {
    TimerParameters params = new TimerParameters(triggerTypeRef, parameters == null ? new JsonObject() : parameters);
    return switch (triggerTypeRef == null ? "" : triggerTypeRef) {
      case INTERVAL -> IntervalSchedule.of(params, createdAt);
      case DATE -> DateSchedule.of(params, defaultZone);
      case CRON -> CronSchedule.of(params, defaultZone);
      default -> throw new Validation("Not a timer trigger type: \"" + triggerTypeRef + "\"");
    };
  }

  /** The first fire time strictly after {@code after}, or empty when the timer will not fire again. */
  Optional<Instant> next(Instant after);
}
