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

  /** Formats by hand: a DateTimeFormatter costs more than the rest of an execution transition. */
  public static String format(Instant instant) {
    long seconds = instant.getEpochSecond();
    long days = Math.floorDiv(seconds, 86_400);
    int secondOfDay = (int) Math.floorMod(seconds, 86_400);
    java.time.LocalDate date = java.time.LocalDate.ofEpochDay(days);
    int year = date.getYear();
    if (year < 1000 || year > 9999) {
      return FORMAT.format(instant.truncatedTo(ChronoUnit.MICROS));
    }
    char[] out = new char[27];
    put(out, 0, year, 4);
    out[4] = '-';
    put(out, 5, date.getMonthValue(), 2);
    out[7] = '-';
    put(out, 8, date.getDayOfMonth(), 2);
    out[10] = 'T';
    put(out, 11, secondOfDay / 3600, 2);
    out[13] = ':';
    put(out, 14, secondOfDay / 60 % 60, 2);
    out[16] = ':';
    put(out, 17, secondOfDay % 60, 2);
    out[19] = '.';
    put(out, 20, instant.getNano() / 1000, 6);
    out[26] = 'Z';
    return new String(out);
  }

  private static void put(char[] out, int at, int value, int digits) {
    for (int i = at + digits - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }

  /** Python's {@code str()} of a UTC datetime: {@code 2024-05-01 10:00:00.123456+00:00} (no fraction when 0). */
  public static String pythonStr(Instant instant) {
    Instant micros = instant.truncatedTo(ChronoUnit.MICROS);
    String base = PYTHON.format(micros);
    int nanos = micros.getNano();
    return nanos == 0 ? base + "+00:00" : base + String.format(".%06d", nanos / 1000) + "+00:00";
  }

  /** ISO with an explicit offset: {@code 2024-05-01T10:00:00.123456+00:00}. */
  public static String isoOffset(String apiTimestamp) {
    return apiTimestamp == null ? null : apiTimestamp.replace("Z", "+00:00");
  }

  private static final DateTimeFormatter PYTHON =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  public static Instant parse(String text) {
    return Instant.parse(text);
  }

  /** Seconds between two API timestamps, with microseconds. */
  public static double elapsedSeconds(String from, String to) {
    long micros = ChronoUnit.MICROS.between(parse(from), parse(to));
    return micros / 1_000_000.0;
  }
}
