package dev.squall.timers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.squall.error.Validation;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CronScheduleTest {
  private static final ZoneId UTC = ZoneId.of("UTC");

  /** The first {@code count} fire times after {@code after}, as ISO instants. */
  private static List<String> fires(String parameters, String after, int count) {
    TimerSchedule schedule = TimerSchedule.of("core.st2.CronTimer", new JsonObject(parameters), UTC);
    List<String> out = new ArrayList<>();
    Instant at = Instant.parse(after);
    for (int i = 0; i < count; i++) {
      Optional<Instant> next = schedule.next(at);
      if (next.isEmpty()) {
        break;
      }
      at = next.get();
      out.add(at.toString());
    }
    return out;
  }

  private static String first(String parameters, String after) {
    List<String> fires = fires(parameters, after, 1);
    return fires.isEmpty() ? "none" : fires.get(0);
  }

  @Test
  void noFieldsFiresEverySecond() {
    assertEquals(List.of("2024-05-01T10:00:01Z", "2024-05-01T10:00:02Z", "2024-05-01T10:00:03Z"),
        fires("{}", "2024-05-01T10:00:00.500Z", 3));
  }

  @Test
  void secondZeroFiresEveryMinute() {
    assertEquals(List.of("2024-05-01T10:01:00Z", "2024-05-01T10:02:00Z"),
        fires("{\"second\": 0}", "2024-05-01T10:00:30Z", 2));
    assertEquals(List.of("2024-05-01T10:01:00Z"), fires("{\"second\": \"0\"}", "2024-05-01T10:00:00Z", 1),
        "strictly after");
  }

  @Test
  void everyFifteenMinutesOnTheQuarterHour() {
    assertEquals(List.of("2024-05-01T10:15:00Z", "2024-05-01T10:30:00Z", "2024-05-01T10:45:00Z",
            "2024-05-01T11:00:00Z"),
        fires("{\"minute\": \"*/15\"}", "2024-05-01T10:07:12Z", 4));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      {"hour": 5}                          | 2024-05-01T10:00:00Z | 2024-05-02T05:00:00Z
      {"hour": 5, "second": 30}            | 2024-05-01T10:00:00Z | 2024-05-02T05:00:30Z
      {"hour": 5, "second": 30}            | 2024-05-02T05:00:30Z | 2024-05-02T05:01:30Z
      {"day": 15}                          | 2024-05-01T10:00:00Z | 2024-05-15T00:00:00Z
      {"month": 2}                         | 2024-05-01T10:00:00Z | 2025-02-01T00:00:00Z
      {"year": 2026}                       | 2024-05-01T10:00:00Z | 2026-01-01T00:00:00Z
      {"year": 2020}                       | 2024-05-01T10:00:00Z | none
      {"minute": 30}                       | 2024-05-01T10:31:00Z | 2024-05-01T11:30:00Z
      {"minute": "1-3,10", "hour": "*"}    | 2024-05-01T10:02:00Z | 2024-05-01T10:03:00Z
      {"minute": "1-3,10", "hour": "*"}    | 2024-05-01T10:03:00Z | 2024-05-01T10:10:00Z
      {"minute": "1-3,10", "hour": "*"}    | 2024-05-01T10:10:00Z | 2024-05-01T11:01:00Z
      {"minute": "40-50/5"}                | 2024-05-01T10:46:00Z | 2024-05-01T10:50:00Z
      {"minute": "50/5"}                   | 2024-05-01T10:56:00Z | 2024-05-01T11:50:00Z
      {"month": "jan-mar,DEC", "day": 1}   | 2024-05-01T10:00:00Z | 2024-12-01T00:00:00Z
      {"week": 10, "day_of_week": "mon"}   | 2024-01-01T00:00:00Z | 2024-03-04T00:00:00Z
      {"year": "*/2"}                      | 2024-05-01T10:00:00Z | 2026-01-01T00:00:00Z
      {"day": 31, "month": 2}              | 2024-05-01T10:00:00Z | none
      {"day": 31, "week": 2}               | 2024-05-01T10:00:00Z | none
      {"day": 29, "month": 2, "hour": 12}  | 2024-05-01T10:00:00Z | 2028-02-29T12:00:00Z
      """)
  void unsetFieldsFollowApschedulerDefaults(String parameters, String after, String expected) {
    assertEquals(expected, first(parameters, after));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      {"day_of_week": 0, "hour": 9}           | 2024-05-06T09:00:00Z
      {"day_of_week": "0", "hour": 9}         | 2024-05-06T09:00:00Z
      {"day_of_week": "mon", "hour": 9}       | 2024-05-06T09:00:00Z
      {"day_of_week": "Sun", "hour": 9}       | 2024-05-05T09:00:00Z
      {"day_of_week": 6, "hour": 9}           | 2024-05-05T09:00:00Z
      {"day_of_week": "sat-sun", "hour": 9}   | 2024-05-04T09:00:00Z
      {"day_of_week": "5-6", "hour": 9}       | 2024-05-04T09:00:00Z
      {"day_of_week": "mon,fri", "hour": 9}   | 2024-05-03T09:00:00Z
      {"day_of_week": "mon-fri", "hour": 9}   | 2024-05-02T09:00:00Z
      {"day_of_week": "*/3", "hour": 9}       | 2024-05-02T09:00:00Z
      """)
  void dayOfWeekZeroIsMonday(String parameters, String expected) {
    // 2024-05-01 is a Wednesday (day_of_week 2).
    assertEquals(expected, first(parameters, "2024-05-01T10:00:00Z"));
  }

  @ParameterizedTest(name = "{0} after {1}")
  @CsvSource(delimiter = '|', textBlock = """
      {"day": "last"}                      | 2024-02-10T00:00:00Z | 2024-02-29T00:00:00Z
      {"day": "last"}                      | 2023-02-10T00:00:00Z | 2023-02-28T00:00:00Z
      {"day": "LAST", "hour": 23}          | 2024-04-30T23:00:00Z | 2024-05-31T23:00:00Z
      {"day": "last fri"}                  | 2024-05-01T00:00:00Z | 2024-05-31T00:00:00Z
      {"day": "2nd mon"}                   | 2024-05-01T00:00:00Z | 2024-05-13T00:00:00Z
      {"day": "5th mon"}                   | 2024-05-01T00:00:00Z | 2024-07-29T00:00:00Z
      {"day": "1st sun,last"}              | 2024-05-06T00:00:00Z | 2024-05-31T00:00:00Z
      {"day": "*/10"}                      | 2024-05-22T00:00:00Z | 2024-05-31T00:00:00Z
      {"day": 31}                          | 2024-04-01T00:00:00Z | 2024-05-31T00:00:00Z
      """)
  void monthRelativeDays(String parameters, String after, String expected) {
    assertEquals(expected, first(parameters, after));
  }

  @Test
  void fieldsAreWallTimeInTheTimezone() {
    assertEquals(List.of("2024-05-01T00:00:00Z", "2024-05-02T00:00:00Z"),
        fires("{\"hour\": 9, \"timezone\": \"Asia/Tokyo\"}", "2024-04-30T12:00:00Z", 2));
    TimerSchedule defaultZone = TimerSchedule.of("core.st2.CronTimer", new JsonObject().put("hour", 9),
        ZoneId.of("America/Los_Angeles"));
    assertEquals(Optional.of(Instant.parse("2024-05-01T16:00:00Z")),
        defaultZone.next(Instant.parse("2024-05-01T10:00:00Z")));
  }

  @Test
  void springForwardSkipsTheMissingWallTime() {
    // America/New_York 2024-03-10: 02:00 EST jumps to 03:00 EDT, so 02:30 does not exist that day.
    String daily = "{\"hour\": 2, \"minute\": 30, \"timezone\": \"America/New_York\"}";
    assertEquals(List.of("2024-03-09T07:30:00Z", "2024-03-11T06:30:00Z", "2024-03-12T06:30:00Z"),
        fires(daily, "2024-03-08T12:00:00Z", 3));
    String hourly = "{\"minute\": 30, \"timezone\": \"America/New_York\"}";
    assertEquals(List.of("2024-03-10T06:30:00Z", "2024-03-10T07:30:00Z"),
        fires(hourly, "2024-03-10T06:00:00Z", 2), "01:30 EST then 03:30 EDT");
    assertEquals(List.of("2024-03-10T06:59:59Z", "2024-03-10T07:00:00Z"),
        fires("{\"timezone\": \"America/New_York\"}", "2024-03-10T06:59:58Z", 2),
        "every second runs on from 01:59:59 EST to 03:00:00 EDT");
  }

  @Test
  void fallBackFiresARepeatedWallTimeOnce() {
    // America/New_York 2024-11-03: 02:00 EDT goes back to 01:00 EST, so 01:xx happens twice.
    String daily = "{\"hour\": 1, \"minute\": 30, \"timezone\": \"America/New_York\"}";
    assertEquals(List.of("2024-11-02T05:30:00Z", "2024-11-03T06:30:00Z", "2024-11-04T06:30:00Z"),
        fires(daily, "2024-11-01T12:00:00Z", 3));
    assertEquals("2024-11-03T06:30:00Z", first(daily, "2024-11-03T05:45:00Z"),
        "started during the first 01:xx: the day's fire is still ahead");
    String quarterly = "{\"minute\": \"*/15\", \"timezone\": \"America/New_York\"}";
    assertEquals(List.of("2024-11-03T04:45:00Z", "2024-11-03T06:00:00Z", "2024-11-03T06:15:00Z"),
        fires(quarterly, "2024-11-03T04:40:00Z", 3));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      {"minute": "abc"}                  | "minute"
      {"minute": 60}                     | "minute"
      {"minute": "*/0"}                  | "minute"
      {"minute": "*/60"}                 | "minute"
      {"minute": "1-2-3"}                | "minute"
      {"second": -1}                     | "second"
      {"hour": "mon-fri"}                | "hour"
      {"hour": "5-1"}                    | "hour"
      {"hour": true}                     | "hour"
      {"hour": 1.5}                      | "hour"
      {"day_of_week": 7}                 | "day_of_week"
      {"day_of_week": "monday"}          | "day_of_week"
      {"day_of_week": "fri-mon"}         | "day_of_week"
      {"day_of_week": "last"}            | "day_of_week"
      {"day": 0}                         | "day"
      {"day": "6th mon"}                 | "day"
      {"month": 13}                      | "month"
      {"month": "foo"}                   | "month"
      {"week": 54}                       | "week"
      {"year": 1969}                     | "year"
      {"year": ""}                       | "year"
      {"minute": "1,,2"}                 | "minute"
      {"seconds": 5}                     | "seconds"
      {"minute": 1, "timezone": "Bogus"} | "timezone"
      """)
  void rejectsBadFieldsNamingThem(String parameters, String named) {
    Validation e = assertThrows(Validation.class,
        () -> TimerSchedule.of("core.st2.CronTimer", new JsonObject(parameters), UTC));
    assertTrue(e.getMessage().contains(named), e.getMessage());
  }
}
