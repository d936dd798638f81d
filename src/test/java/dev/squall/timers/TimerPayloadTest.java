package dev.squall.timers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TimerPayloadTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "2024-05-01T10:00:00.123456Z, 2024-05-01 10:00:00.123456+00:00",
      "2024-05-01T10:00:00.123Z, 2024-05-01 10:00:00.123000+00:00",
      "2024-05-01T10:00:00.000001Z, 2024-05-01 10:00:00.000001+00:00",
      "2024-05-01T10:00:00.123456789Z, 2024-05-01 10:00:00.123456+00:00",
      "2024-05-01T10:00:00Z, 2024-05-01 10:00:00+00:00",
      "2024-05-01T10:00:00.000000999Z, 2024-05-01 10:00:00+00:00",
      "1999-12-31T23:59:59.5Z, 1999-12-31 23:59:59.500000+00:00"})
  void executedAtIsPythonStrOfTheUtcDatetime(String firedAt, String expected) {
    JsonObject payload = TimerPayload.payload(Instant.parse(firedAt));
    assertEquals(expected, payload.getString("executed_at"));
  }

  @Test
  void scheduleIsNull() {
    JsonObject payload = TimerPayload.payload(Instant.parse("2024-05-01T10:00:00Z"));
    assertTrue(payload.containsKey("schedule"));
    assertEquals(null, payload.getValue("schedule"));
    assertEquals(2, payload.size());
  }
}
