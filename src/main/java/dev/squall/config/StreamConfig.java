package dev.squall.config;

/** {@code [stream]}: SSE heart-beat and the per-subscriber buffer bound. */
public record StreamConfig(int heartbeat, int maxPendingEvents) {
  public static final int DEFAULT_HEARTBEAT = 25;

  static StreamConfig from(Section s) {
    return new StreamConfig(
        s.integer("heartbeat", DEFAULT_HEARTBEAT, 1, 3600),
        s.integer("max_pending_events", 10_000, 10, 10_000_000));
  }
}
