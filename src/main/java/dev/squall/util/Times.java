package dev.squall.util;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Timestamps in StackStorm's API format, {@code YYYY-MM-DDTHH:MM:SS.ffffffZ}; they sort as text. */
public final class Times {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private Times() {
  }

  public static String now() {
    return format(Instant.now());
  }

  public static String format(Instant instant) {
    return FORMAT.format(instant.truncatedTo(ChronoUnit.MICROS));
  }

  public static Instant parse(String text) {
    return Instant.parse(text);
  }

  /** Seconds between two API timestamps, with microseconds. */
  public static double elapsedSeconds(String from, String to) {
    long micros = ChronoUnit.MICROS.between(parse(from), parse(to));
    return micros / 1_000_000.0;
  }
}
