package dev.squall.py;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PyDatesTest {
  @Test
  void readsIsoPythonStrAndRfc1123() {
    Instant t = Instant.parse("2024-05-01T10:00:00.123456Z");
    assertEquals(t, PyDates.parse("2024-05-01T10:00:00.123456Z"));
    assertEquals(t, PyDates.parse("2024-05-01 10:00:00.123456789+00:00"));
    assertEquals(t, PyDates.parse("2024-05-01T12:00:00.123456+02:00"));
    assertEquals(Instant.parse("2024-05-01T10:00:00Z"), PyDates.parse("20240501T100000"));
    assertEquals(Instant.parse("2024-05-01T10:00:00Z"), PyDates.parse("Wed, 1 May 2024 10:00:00 GMT"));
  }

  @Test
  void reportsWhatDateutilReports() {
    assertEquals("Unknown string format: soon", assertThrows(PyException.class, () -> PyDates.parse("soon"))
        .getMessage());
    assertEquals("String does not contain a date: ", assertThrows(PyException.class, () -> PyDates.parse("  "))
        .getMessage());
    assertEquals("Unknown string format: None", assertThrows(PyException.class, () -> PyDates.parse(null))
        .getMessage());
  }
}
