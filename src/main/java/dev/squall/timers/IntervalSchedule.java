package dev.squall.timers;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** An IntervalTimer: fires at creation + k × interval for k ≥ 1, like APScheduler's IntervalTrigger. */
final class IntervalSchedule implements TimerSchedule {
  /** Seconds per {@code unit}; a day is 24 hours of elapsed time, not a calendar day. */
  static final Map<String, Long> UNITS =
      Map.of("weeks", 604_800L, "days", 86_400L, "hours", 3_600L, "minutes", 60L, "seconds", 1L);
  /** Python's timedelta stops at 999,999,999 days; APScheduler cannot build a longer interval. */
  private static final long MAX_SECONDS = 999_999_999L * 86_400L;

  private final Instant createdAt;
  private final long seconds;

  private IntervalSchedule(Instant createdAt, long seconds) {
    this.createdAt = createdAt;
    this.seconds = seconds;
  }

  static IntervalSchedule of(TimerParameters params, Instant createdAt) {
    params.allowOnly(Set.of("unit", "delta", "timezone"));
    params.zone(ZoneOffset.UTC);
    Object unit = params.required("unit");
    Long unitSeconds = unit instanceof String name ? UNITS.get(name) : null;
    if (unitSeconds == null) {
      throw params.invalid("unit", "must be one of weeks, days, hours, minutes, seconds, not \"" + unit + "\"");
    }
    Object delta = params.required("delta");
    if (!(delta instanceof Integer || delta instanceof Long)) {
      throw params.invalid("delta", "must be an integer, not \"" + delta + "\"");
    }
    long count = ((Number) delta).longValue();
    if (count <= 0) {
      throw params.invalid("delta", "must be greater than 0, not " + count);
    }
    if (count > MAX_SECONDS / unitSeconds) {
      throw params.invalid("delta", "is too large: " + count + " " + unit);
    }
    return new IntervalSchedule(createdAt, count * unitSeconds);
  }

  Duration interval() {
    return Duration.ofSeconds(seconds);
  }

  @Override
  public Optional<Instant> next(Instant after) {
    // Number of whole intervals already elapsed at `after` (none before the first fire).
    long elapsed = Duration.between(createdAt, after).getSeconds();
    long done = Math.max(0, Math.floorDiv(elapsed, seconds));
    try {
      return Optional.of(createdAt.plusSeconds(Math.multiplyExact(done + 1, seconds)));
    } catch (ArithmeticException | DateTimeException e) {
      return Optional.empty();
    }
  }
}
