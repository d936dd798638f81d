package dev.squall.bench;

import java.time.Instant;

/**
 * Cheap field scans over the JSON of an {@code st2.execution__update} event, so that a client receiving
 * tens of thousands of events a second does not parse 3 KB documents. They rely on the document layout
 * Squall writes (id first; action, runner and liveaction carry no status) and return null when it changes,
 * which the callers count as an unreadable event.
 */
final class ExecutionEvents {
  private static final String STATUS = "\"status\":\"";
  private static final String BODY_N = "\"body\":{\"n\":";
  private static final String TIMESTAMP = "\"timestamp\":\"";

  private ExecutionEvents() {
  }

  /** The execution id: the document starts with {@code {"id":"<24 hex>"}. */
  static String id(String json) {
    return json.startsWith("{\"id\":\"") && json.length() > 31 ? json.substring(7, 31) : null;
  }

  /** The execution's own status: the first status field in the document. */
  static String status(String json) {
    int at = json.indexOf(STATUS);
    if (at < 0) {
      return null;
    }
    int from = at + STATUS.length();
    int to = json.indexOf('"', from);
    return to < 0 ? null : json.substring(from, to);
  }

  /** The {@code n} of a webhook body {@code {"n": <n>}} carried in the execution's trigger instance, or -1. */
  static long webhookN(String json) {
    int at = json.indexOf(BODY_N);
    if (at < 0) {
      return -1;
    }
    long n = 0;
    int i = at + BODY_N.length();
    boolean digits = false;
    for (; i < json.length() && Character.isDigit(json.charAt(i)); i++) {
      n = n * 10 + (json.charAt(i) - '0');
      digits = true;
    }
    return digits ? n : -1;
  }

  /**
   * Epoch microseconds of the log entry recording the given status ({@code {"timestamp":"...","status":"s"}}),
   * i.e. when the server made the transition this event announces; -1 when absent.
   */
  static long transitionMicros(String json, String status) {
    int at = json.lastIndexOf(STATUS + status + "\"}");
    if (at < 0) {
      return -1;
    }
    int ts = json.lastIndexOf(TIMESTAMP, at);
    if (ts < 0) {
      return -1;
    }
    int from = ts + TIMESTAMP.length();
    int to = json.indexOf('"', from);
    try {
      Instant i = Instant.parse(json.substring(from, to));
      return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    } catch (RuntimeException e) {
      return -1;
    }
  }
}
