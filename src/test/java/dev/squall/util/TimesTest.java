package dev.squall.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimesTest {
  @Test
  void formatsStackStormTimestampsWithMicroseconds() {
    assertEquals("2024-05-01T10:00:00.123456Z", Times.format(Instant.parse("2024-05-01T10:00:00.123456789Z")));
    assertEquals("1999-12-31T23:59:59.000000Z", Times.format(Instant.parse("1999-12-31T23:59:59Z")));
    assertEquals("2026-01-02T03:04:05.000007Z", Times.format(Instant.parse("2026-01-02T03:04:05.000007Z")));
  }

  @Test
  void pythonStrDropsZeroMicroseconds() {
    assertEquals("2024-05-01 10:00:00+00:00", Times.pythonStr(Instant.parse("2024-05-01T10:00:00Z")));
    assertEquals("2024-05-01 10:00:00.000100+00:00", Times.pythonStr(Instant.parse("2024-05-01T10:00:00.0001Z")));
  }

  @Test
  void elapsedSecondsKeepsMicroseconds() {
    assertEquals(1.5, Times.elapsedSeconds("2024-05-01T10:00:00.000000Z", "2024-05-01T10:00:01.500000Z"));
  }
}
