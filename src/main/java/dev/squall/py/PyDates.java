package dev.squall.py;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** dateutil's parse of the dates StackStorm reads: ISO 8601 / RFC 3339, Python's str(datetime), RFC 1123. */
public final class PyDates {
  private PyDates() {
  }

  private static final Pattern ISO = Pattern.compile(
      "(\\d{4})-?(\\d{2})-?(\\d{2})"
          + "(?:[Tt ](\\d{2})(?::?(\\d{2})(?::?(\\d{2})(?:[.,](\\d+))?)?)?)?"
          + "\\s*(Z|z|UTC|GMT|[+-]\\d{2}(?::?\\d{2}(?::?\\d{2})?)?)?");

  /** Parses a timestamp; a value without zone is UTC. Non-strings are parsed from their str(). */
  public static Instant parse(Object value) {
    String s = PyRepr.str(value).strip();
    Matcher m = ISO.matcher(s);
    try {
      if (m.matches()) {
        LocalDate date = LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)));
        LocalTime time = LocalTime.of(intOr(m.group(4)), intOr(m.group(5)), intOr(m.group(6)), nanos(m.group(7)));
        return LocalDateTime.of(date, time).toInstant(offset(m.group(8)));
      }
      return ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeException e) {
      if (m.matches()) {
        throw new PyException(e.getMessage());
      }
      throw new PyException(s.isEmpty() ? "String does not contain a date: " + s : "Unknown string format: " + s);
    }
  }

  private static int intOr(String s) {
    return s == null ? 0 : Integer.parseInt(s);
  }

  private static int nanos(String fraction) {
    if (fraction == null) {
      return 0;
    }
    String micros = (fraction + "000000").substring(0, 6); // Python keeps microseconds
    return Integer.parseInt(micros) * 1000;
  }

  private static ZoneOffset offset(String tz) {
    if (tz == null || tz.equalsIgnoreCase("Z") || tz.equals("UTC") || tz.equals("GMT")) {
      return ZoneOffset.UTC;
    }
    String digits = tz.substring(1).replace(":", "");
    int h = Integer.parseInt(digits.substring(0, 2));
    int min = digits.length() >= 4 ? Integer.parseInt(digits.substring(2, 4)) : 0;
    int sec = digits.length() >= 6 ? Integer.parseInt(digits.substring(4, 6)) : 0;
    int total = h * 3600 + min * 60 + sec;
    return ZoneOffset.ofTotalSeconds(tz.charAt(0) == '-' ? -total : total);
  }
}
