package dev.squall.config;

import java.time.DateTimeException;
import java.time.ZoneId;

/** {@code [timersengine]}: timer triggers; {@code local_timezone} applies to timers without their own. */
public record TimersConfig(boolean enable, ZoneId localTimezone) {
  public static final String DEFAULT_TIMEZONE = "America/Los_Angeles";

  static TimersConfig from(Section s) {
    String zone = s.string("local_timezone", DEFAULT_TIMEZONE);
    try {
      return new TimersConfig(s.bool("enable", true), ZoneId.of(zone));
    } catch (DateTimeException e) {
      throw new ConfigException("Invalid configuration: timersengine.local_timezone is not a time zone, got '" + zone + "'");
    }
  }
}
