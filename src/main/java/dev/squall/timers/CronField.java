package dev.squall.timers;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One CronTimer field in APScheduler's syntax: a comma-separated list of {@code *}, {@code *}/step,
 * {@code a}, {@code a-b}, {@code a-b/step}, {@code a/step}; month and weekday names (three letters,
 * {@code mon} = 0); and in {@code day}, {@code last} and {@code 1st..5th|last <weekday>}.
 */
final class CronField {
  private static final List<String> MONTHS =
      List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
  private static final List<String> WEEKDAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
  private static final List<String> POSITIONS = List.of("1st", "2nd", "3rd", "4th", "5th");
  private static final Pattern ALL = Pattern.compile("\\*(?:/(\\d+))?");
  private static final Pattern RANGE = Pattern.compile("(\\d+)(?:-(\\d+))?(?:/(\\d+))?");
  private static final Pattern NAMES = Pattern.compile("([a-z]+)(?:-([a-z]+))?", Pattern.CASE_INSENSITIVE);
  private static final Pattern POSITION = Pattern.compile(
      "(1st|2nd|3rd|4th|5th|last) +(mon|tue|wed|thu|fri|sat|sun)", Pattern.CASE_INSENSITIVE);
  private static final Pattern LAST = Pattern.compile("last", Pattern.CASE_INSENSITIVE);

  /** A field's name and value bounds (APScheduler's MIN_VALUES / MAX_VALUES). */
  enum Kind {
    YEAR("year", 1970, 9999), MONTH("month", 1, 12), DAY("day", 1, 31), WEEK("week", 1, 53),
    DAY_OF_WEEK("day_of_week", 0, 6), HOUR("hour", 0, 23), MINUTE("minute", 0, 59), SECOND("second", 0, 59);

    final String param;
    final int min;
    final int max;

    Kind(String param, int min, int max) {
      this.param = param;
      this.min = min;
      this.max = max;
    }
  }

  /** One comma-separated part; {@code date} is the day being tested, for the month-relative day terms. */
  private interface Term {
    boolean matches(int value, LocalDate date);
  }

  private record Step(int first, int last, int step) implements Term {
    @Override
    public boolean matches(int value, LocalDate date) {
      return value >= first && value <= last && (value - first) % step == 0;
    }
  }

  private record LastDay() implements Term {
    @Override
    public boolean matches(int value, LocalDate date) {
      return value == date.lengthOfMonth();
    }
  }

  /** The n-th (1..5) or, with n = 0, the last given weekday of the month. */
  private record WeekdayInMonth(int n, DayOfWeek weekday) implements Term {
    @Override
    public boolean matches(int value, LocalDate date) {
      LocalDate target = n == 0
          ? date.with(TemporalAdjusters.lastInMonth(weekday))
          : date.with(TemporalAdjusters.dayOfWeekInMonth(n, weekday));
      return target.getMonth() == date.getMonth() && target.getDayOfMonth() == value;
    }
  }

  private final Kind kind;
  private final List<Term> terms;

  private CronField(Kind kind, List<Term> terms) {
    this.kind = kind;
    this.terms = terms;
  }

  /**
   * Parses a field value (a string or an integer).
   *
   * @throws IllegalArgumentException with a message fit to follow the parameter's name
   */
  static CronField parse(Kind kind, Object value) {
    if (!(value instanceof String || value instanceof Integer || value instanceof Long)) {
      throw new IllegalArgumentException("must be a string or an integer, not " + value);
    }
    List<Term> terms = new ArrayList<>();
    for (String part : value.toString().strip().split(",", -1)) {
      terms.add(term(kind, part.strip()));
    }
    return new CronField(kind, List.copyOf(terms));
  }

  private static Term term(Kind kind, String expr) {
    Matcher m = ALL.matcher(expr);
    if (m.matches()) {
      int step = m.group(1) == null ? 1 : step(expr, m.group(1), kind.max - kind.min);
      return new Step(kind.min, kind.max, step);
    }
    m = RANGE.matcher(expr);
    if (m.matches()) {
      int first = bounded(kind, expr, m.group(1));
      int last = m.group(2) != null ? bounded(kind, expr, m.group(2)) : m.group(3) != null ? kind.max : first;
      if (first > last) {
        throw new IllegalArgumentException("has a range whose start is above its end: \"" + expr + "\"");
      }
      int step = m.group(3) == null ? 1 : step(expr, m.group(3), last - first);
      return new Step(first, last, step);
    }
    if (kind == Kind.MONTH || kind == Kind.DAY_OF_WEEK) {
      m = NAMES.matcher(expr);
      if (m.matches()) {
        List<String> names = kind == Kind.MONTH ? MONTHS : WEEKDAYS;
        int offset = kind == Kind.MONTH ? 1 : 0;
        int first = named(names, expr, m.group(1)) + offset;
        int last = m.group(2) == null ? first : named(names, expr, m.group(2)) + offset;
        if (first > last) {
          throw new IllegalArgumentException("has a range whose start is above its end: \"" + expr + "\"");
        }
        return new Step(first, last, 1);
      }
    }
    if (kind == Kind.DAY) {
      m = POSITION.matcher(expr);
      if (m.matches()) {
        String position = m.group(1).toLowerCase(Locale.ROOT);
        DayOfWeek weekday = DayOfWeek.of(WEEKDAYS.indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1);
        return new WeekdayInMonth(position.equals("last") ? 0 : POSITIONS.indexOf(position) + 1, weekday);
      }
      if (LAST.matcher(expr).matches()) {
        return new LastDay();
      }
    }
    throw new IllegalArgumentException("has an unrecognized expression: \"" + expr + "\"");
  }

  private static int bounded(Kind kind, String expr, String digits) {
    int value = digits.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(digits);
    if (value < kind.min || value > kind.max) {
      throw new IllegalArgumentException(
          "has a value outside " + kind.min + ".." + kind.max + ": \"" + expr + "\"");
    }
    return value;
  }

  private static int step(String expr, String digits, int range) {
    int step = digits.length() > 5 ? Integer.MAX_VALUE : Integer.parseInt(digits);
    if (step == 0) {
      throw new IllegalArgumentException("has a step of 0: \"" + expr + "\"");
    }
    // APScheduler rejects a step wider than the span it steps over.
    if (step > range) {
      throw new IllegalArgumentException("has a step larger than its range (" + range + "): \"" + expr + "\"");
    }
    return step;
  }

  private static int named(List<String> names, String expr, String name) {
    int index = names.indexOf(name.toLowerCase(Locale.ROOT));
    if (index < 0) {
      throw new IllegalArgumentException("has an unknown name \"" + name + "\" in \"" + expr + "\"");
    }
    return index;
  }

  boolean matches(int value, LocalDate date) {
    for (Term term : terms) {
      if (term.matches(value, date)) {
        return true;
      }
    }
    return false;
  }

  /** Whether every value of the field matches ({@code *}). */
  boolean matchesAll() {
    return terms.contains(new Step(kind.min, kind.max, 1));
  }

  /** The smallest matching value in {@code from..to}, or -1. */
  int next(int from, int to, LocalDate date) {
    for (int value = from; value <= to; value++) {
      if (matches(value, date)) {
        return value;
      }
    }
    return -1;
  }

  Kind kind() {
    return kind;
  }
}
