package dev.squall.timers;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A DateTimer: fires once at {@code date}; a date without an offset is wall-clock time in the timer's zone. */
final class DateSchedule implements TimerSchedule {
  private static final Pattern DATE = Pattern.compile(
      "(\\d{4})-(\\d{1,2})-(\\d{1,2})"
          + "(?:[T ](\\d{1,2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?)?"
          + "\\s*(Z|UTC|GMT|[+-]\\d{2}(?::?\\d{2})?)?",
      Pattern.CASE_INSENSITIVE);

  private final Instant runAt;

  private DateSchedule(Instant runAt) {
    this.runAt = runAt;
  }

  static DateSchedule of(TimerParameters params, ZoneId defaultZone) {
    params.allowOnly(Set.of("date", "timezone"));
    ZoneId zone = params.zone(defaultZone);
    Object date = params.required("date");
    if (!(date instanceof String text)) {
      throw params.invalid("date", "must be a date-time string, not " + date);
    }
    try {
      return new DateSchedule(parse(text.strip(), zone));
    } catch (DateTimeException e) {
      throw params.invalid("date", "is not a valid date-time: \"" + text + "\"");
    }
  }

  /**
   * ISO-8601 with a {@code T} or a space, optional seconds, fraction and offset ({@code Z}, {@code UTC},
   * {@code ±hh[:mm]}); a bare date means midnight. Without an offset the zone applies the way pytz's
   * {@code localize} does: a time in a spring-forward gap moves forward by the gap, a repeated time takes
   * its second (standard-time) occurrence.
   */
  static Instant parse(String text, ZoneId zone) {
    Matcher m = DATE.matcher(text);
    if (!m.matches()) {
      throw new DateTimeException("unparseable date-time");
    }
    String fraction = m.group(7) == null ? "" : m.group(7);
    LocalDateTime local = LocalDateTime.of(number(m.group(1)), number(m.group(2)), number(m.group(3)),
        number(m.group(4)), number(m.group(5)), number(m.group(6)),
        fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9)));
    String offset = m.group(8);
    if (offset == null) {
      return ZonedDateTime.ofLocal(local, zone, null).withLaterOffsetAtOverlap().toInstant();
    }
    ZoneOffset fixed = switch (offset.toUpperCase()) {
      case "Z", "UTC", "GMT" -> ZoneOffset.UTC;
      default -> ZoneOffset.of(offset);
    };
    return local.toInstant(fixed);
  }

  private static int number(String digits) {
    return digits == null ? 0 : Integer.parseInt(digits);
  }

  Instant runAt() {
    return runAt;
  }

  @Override
  public Optional<Instant> next(Instant after) {
    return runAt.isAfter(after) ? Optional.of(runAt) : Optional.empty();
  }
}
