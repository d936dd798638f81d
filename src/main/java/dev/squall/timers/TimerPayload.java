package dev.squall.timers;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The payload of a timer trigger instance. */
public final class TimerPayload {
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private TimerPayload() {
  }

  /** {@code {"executed_at": "2024-05-01 10:00:00.123456+00:00", "schedule": null}}. */
  public static JsonObject payload(Instant firedAt) {
    return new JsonObject().put("executed_at", executedAt(firedAt)).putNull("schedule");
  }

  /** Python's {@code str()} of an aware UTC datetime: microseconds only when not zero. */
  static String executedAt(Instant firedAt) {
    LocalDateTime utc = LocalDateTime.ofInstant(firedAt, ZoneOffset.UTC);
    int micros = utc.getNano() / 1_000;
    String text = SECONDS.format(utc);
    return micros == 0 ? text + "+00:00" : text + String.format(".%06d+00:00", micros);
  }
}
