package dev.squall.timers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.error.Validation;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class IntervalScheduleTest {
  private static final Instant CREATED = Instant.parse("2024-05-01T10:00:00.250Z");
  private static final ZoneId LA = ZoneId.of("America/Los_Angeles");

  private static TimerSchedule interval(Object unit, Object delta) {
    return TimerSchedule.of("core.st2.IntervalTimer", new JsonObject().put("unit", unit).put("delta", delta), LA,
        CREATED);
  }

  @ParameterizedTest(name = "{1} {0}")
  @CsvSource({"seconds, 30, 30", "minutes, 5, 300", "hours, 2, 7200", "days, 1, 86400", "weeks, 1, 604800"})
  void firesOneIntervalAfterCreationThenAtAFixedRate(String unit, int delta, long seconds) {
    TimerSchedule schedule = interval(unit, delta);
    Instant first = CREATED.plusSeconds(seconds);
    assertEquals(Optional.of(first), schedule.next(CREATED));
    assertEquals(Optional.of(first), schedule.next(CREATED.minusSeconds(3600)));
    assertEquals(Optional.of(first), schedule.next(first.minusNanos(1)));
    assertEquals(Optional.of(first.plusSeconds(seconds)), schedule.next(first), "strictly after");
    assertEquals(Optional.of(CREATED.plusSeconds(4 * seconds)),
        schedule.next(CREATED.plusSeconds(3 * seconds).plusMillis(1)), "no drift after a late caller");
  }

  @Test
  void daysAreElapsedTimeAcrossADstChange() {
    TimerSchedule schedule = TimerSchedule.of("core.st2.IntervalTimer",
        new JsonObject().put("unit", "days").put("delta", 1).put("timezone", "America/New_York"), LA,
        Instant.parse("2024-03-09T12:00:00Z"));
    assertEquals(Optional.of(Instant.parse("2024-03-11T12:00:00Z")),
        schedule.next(Instant.parse("2024-03-10T12:00:00Z")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      {"unit": "fortnights", "delta": 1}            | "unit"
      {"delta": 1}                                  | "unit"
      {"unit": "seconds", "delta": 0}               | "delta"
      {"unit": "seconds", "delta": -5}              | "delta"
      {"unit": "seconds", "delta": "5"}             | "delta"
      {"unit": "seconds", "delta": 1.5}             | "delta"
      {"unit": "seconds"}                           | "delta"
      {"unit": "weeks", "delta": 9999999999999}     | "delta"
      {"unit": "seconds", "delta": 1, "every": 2}   | "every"
      {"unit": "seconds", "delta": 1, "timezone": "Mars/Olympus"} | "timezone"
      """)
  void rejectsBadParametersNamingThem(String parameters, String named) {
    Validation e = assertThrows(Validation.class,
        () -> TimerSchedule.of("core.st2.IntervalTimer", new JsonObject(parameters), LA, CREATED));
    assertTrue(e.getMessage().contains(named), e.getMessage());
    assertEquals(400, e.status());
  }

  @Test
  void knowsTheThreeTimerTypesOnly() {
    assertEquals(3, TimerSchedule.TYPES.size());
    assertTrue(TimerSchedule.TYPES.containsAll(
        java.util.List.of("core.st2.IntervalTimer", "core.st2.DateTimer", "core.st2.CronTimer")));
    assertThrows(Validation.class, () -> TimerSchedule.of("core.st2.webhook", new JsonObject(), LA));
  }
}
