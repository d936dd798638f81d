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
class DateScheduleTest {
  private static final ZoneId LA = ZoneId.of("America/Los_Angeles");

  private static Optional<Instant> firstFire(JsonObject parameters, String now) {
    return TimerSchedule.of("core.st2.DateTimer", parameters, LA).next(Instant.parse(now));
  }

  @Test
  void firesOnceAtAFutureDate() {
    TimerSchedule schedule = TimerSchedule.of("core.st2.DateTimer",
        new JsonObject().put("date", "2030-01-02T03:04:05Z"), LA);
    Instant at = Instant.parse("2030-01-02T03:04:05Z");
    assertEquals(Optional.of(at), schedule.next(Instant.parse("2029-12-31T00:00:00Z")));
    assertEquals(Optional.empty(), schedule.next(at), "strictly after: a fired date does not fire again");
    assertEquals(Optional.empty(), schedule.next(at.plusSeconds(1)));
  }

  @Test
  void pastDateNeverFires() {
    assertEquals(Optional.empty(),
        firstFire(new JsonObject().put("date", "2020-01-01 00:00:00"), "2024-05-01T00:00:00Z"));
  }

  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource(delimiter = '|', textBlock = """
      2030-01-02 03:04:05          | Asia/Tokyo       | 2030-01-01T18:04:05Z
      2030-01-02T03:04:05          | UTC              | 2030-01-02T03:04:05Z
      2030-01-02 03:04             | UTC              | 2030-01-02T03:04:00Z
      2030-01-02                   | UTC              | 2030-01-02T00:00:00Z
      2030-01-02 03:04:05.5        | UTC              | 2030-01-02T03:04:05.500Z
      2030-01-02 03:04:05.123456   | UTC              | 2030-01-02T03:04:05.123456Z
      2030-01-02 03:04:05+02:00    | Asia/Tokyo       | 2030-01-02T01:04:05Z
      2030-01-02T03:04:05-0130     | Asia/Tokyo       | 2030-01-02T04:34:05Z
      2030-01-02 03:04:05 UTC      | Asia/Tokyo       | 2030-01-02T03:04:05Z
      2030-07-01 12:00:00          | America/New_York | 2030-07-01T16:00:00Z
      2030-12-01 12:00:00          | America/New_York | 2030-12-01T17:00:00Z
      2024-03-10 02:30:00          | America/New_York | 2024-03-10T07:30:00Z
      2024-11-03 01:30:00          | America/New_York | 2024-11-03T06:30:00Z
      """)
  void naiveDatesAreWallTimeInTheTimezone(String date, String zone, String expected) {
    assertEquals(Optional.of(Instant.parse(expected)),
        firstFire(new JsonObject().put("date", date).put("timezone", zone), "2024-01-01T00:00:00Z"));
  }

  @Test
  void withoutTimezoneTheDefaultZoneApplies() {
    assertEquals(Optional.of(Instant.parse("2030-01-02T11:04:05Z")),
        firstFire(new JsonObject().put("date", "2030-01-02 03:04:05"), "2024-01-01T00:00:00Z"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      {"date": "tomorrow"}                              | "date"
      {"date": "2024-02-30 10:00:00"}                   | "date"
      {"date": "2024-05-01 25:00:00"}                   | "date"
      {"date": 1714557600}                              | "date"
      {}                                                | "date"
      {"date": "2030-01-01", "timezone": "Nowhere/Land"} | "timezone"
      {"date": "2030-01-01", "unit": "seconds"}         | "unit"
      """)
  void rejectsBadParametersNamingThem(String parameters, String named) {
    Validation e = assertThrows(Validation.class,
        () -> TimerSchedule.of("core.st2.DateTimer", new JsonObject(parameters), LA));
    assertTrue(e.getMessage().contains(named), e.getMessage());
  }
}
