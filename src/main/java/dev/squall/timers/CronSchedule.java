package dev.squall.timers;

import dev.squall.timers.CronField.Kind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.time.zone.ZoneOffsetTransition;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A CronTimer: fires on each wall-clock second of its zone that every field matches. Wall times skipped by a
 * spring-forward never fire; a wall time that occurs twice fires once, in its standard-time occurrence (what
 * APScheduler does with pytz's {@code localize(is_dst=False)}).
 */
final class CronSchedule implements TimerSchedule {
  /** What APScheduler gives a field left out below the least significant one set. */
  private static final Map<Kind, String> DEFAULTS = new EnumMap<>(Map.of(Kind.YEAR, "*", Kind.MONTH, "1",
      Kind.DAY, "1", Kind.WEEK, "*", Kind.DAY_OF_WEEK, "*", Kind.HOUR, "0", Kind.MINUTE, "0", Kind.SECOND, "0"));

  private final ZoneId zone;
  private final Map<Kind, CronField> fields;

  private CronSchedule(ZoneId zone, Map<Kind, CronField> fields) {
    this.zone = zone;
    this.fields = fields;
  }

  static CronSchedule of(TimerParameters params, ZoneId defaultZone) {
    Set<String> names = new HashSet<>(Set.of("timezone"));
    int lastSet = -1;
    for (Kind kind : Kind.values()) {
      names.add(kind.param);
      if (params.value(kind.param) != null) {
        lastSet = kind.ordinal();
      }
    }
    params.allowOnly(names);
    ZoneId zone = params.zone(defaultZone);
    Map<Kind, CronField> fields = new EnumMap<>(Kind.class);
    for (Kind kind : Kind.values()) {
      Object value = params.value(kind.param);
      // Fields above (or between) the given ones are "*", those below the last given take their minimum.
      if (value == null) {
        value = lastSet >= 0 && kind.ordinal() > lastSet ? DEFAULTS.get(kind) : "*";
      }
      try {
        fields.put(kind, CronField.parse(kind, value));
      } catch (IllegalArgumentException e) {
        throw params.invalid(kind.param, e.getMessage());
      }
    }
    return new CronSchedule(zone, fields);
  }

  @Override
  public Optional<Instant> next(Instant after) {
    Instant start = after.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    ZonedDateTime zoned = start.atZone(zone);
    LocalDateTime from = zoned.toLocalDateTime();
    ZoneOffsetTransition transition = zone.getRules().getTransition(from);
    if (transition != null && transition.isOverlap() && zoned.getOffset().equals(transition.getOffsetBefore())) {
      // In the first pass of a repeated hour: that hour's wall times all fire in the second pass, still ahead.
      from = transition.getDateTimeAfter();
    }
    while (true) {
      LocalDateTime wall = nextWallTime(from);
      if (wall == null) {
        return Optional.empty();
      }
      transition = zone.getRules().getTransition(wall);
      if (transition != null && transition.isGap()) {
        from = transition.getDateTimeAfter();
        continue;
      }
      return Optional.of(ZonedDateTime.ofLocal(wall, zone, null).withLaterOffsetAtOverlap().toInstant());
    }
  }

  /** The first wall time at or after {@code t} that all fields match, or null past the last year. */
  private LocalDateTime nextWallTime(LocalDateTime t) {
    CronField year = fields.get(Kind.YEAR);
    CronField month = fields.get(Kind.MONTH);
    CronField dayOfMonth = fields.get(Kind.DAY);
    CronField hour = fields.get(Kind.HOUR);
    CronField minute = fields.get(Kind.MINUTE);
    CronField second = fields.get(Kind.SECOND);
    // The Gregorian calendar repeats every 400 years: with every year allowed, nothing found by then never will be.
    int lastYear = year.matchesAll() ? Math.min(Kind.YEAR.max, t.getYear() + 400) : Kind.YEAR.max;
    while (t.getYear() <= lastYear) {
      LocalDate day = t.toLocalDate();
      if (!year.matches(t.getYear(), day)) {
        int next = year.next(t.getYear() + 1, lastYear, day);
        if (next < 0) {
          return null;
        }
        t = LocalDate.of(next, 1, 1).atStartOfDay();
      } else if (!month.matches(t.getMonthValue(), day)) {
        int next = month.next(t.getMonthValue() + 1, 12, day);
        t = next < 0 ? LocalDate.of(t.getYear() + 1, 1, 1).atStartOfDay() : day.withDayOfMonth(1).withMonth(next)
            .atStartOfDay();
      } else if (!dayOfMonth.matches(day.getDayOfMonth(), day)) {
        int next = dayOfMonth.next(day.getDayOfMonth() + 1, day.lengthOfMonth(), day);
        t = next < 0 ? day.withDayOfMonth(1).plusMonths(1).atStartOfDay() : day.withDayOfMonth(next).atStartOfDay();
      } else if (!weekMatches(day)) {
        t = day.plusDays(1).atStartOfDay();
      } else if (!hour.matches(t.getHour(), day)) {
        int next = hour.next(t.getHour() + 1, 23, day);
        t = next < 0 ? day.plusDays(1).atStartOfDay() : day.atTime(next, 0);
      } else if (!minute.matches(t.getMinute(), day)) {
        int next = minute.next(t.getMinute() + 1, 59, day);
        t = next < 0 ? t.truncatedTo(ChronoUnit.HOURS).plusHours(1) : day.atTime(t.getHour(), next);
      } else if (!second.matches(t.getSecond(), day)) {
        int next = second.next(t.getSecond() + 1, 59, day);
        t = next < 0 ? t.truncatedTo(ChronoUnit.MINUTES).plusMinutes(1) : t.withSecond(next).withNano(0);
      } else {
        return t.withNano(0);
      }
    }
    return null;
  }

  private boolean weekMatches(LocalDate day) {
    return fields.get(Kind.WEEK).matches(day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), day)
        && fields.get(Kind.DAY_OF_WEEK).matches(day.getDayOfWeek().getValue() - 1, day);
  }

  ZoneId zone() {
    return zone;
  }
}
