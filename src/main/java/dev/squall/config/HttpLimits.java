package dev.squall.config;

import java.util.List;

/**
 * {@code [api]} limits on connections, so slow or greedy clients cannot take the port off the air.
 *
 * @param requestHeadTimeout seconds a new connection has to send its first request's head
 * @param bodyIdleTimeout seconds a request body may go without a byte arriving
 * @param keepAliveTimeout seconds an idle connection is kept between requests (the next head included)
 * @param maxConnections open connections in all; 0 = derived from the process's open-file limit
 * @param maxConnectionsPerAddress open connections from one client address (trusted proxies exempt)
 * @param trustedProxies addresses whose {@code X-Forwarded-For} names the client (connection limits and the
 *     login throttle then count that client)
 */
public record HttpLimits(int requestHeadTimeout, int bodyIdleTimeout, int keepAliveTimeout, int maxConnections,
    int maxConnectionsPerAddress, List<String> trustedProxies) {
  public static final int DEFAULT_REQUEST_HEAD_TIMEOUT = 10;
  public static final int DEFAULT_BODY_IDLE_TIMEOUT = 30;
  public static final int DEFAULT_KEEP_ALIVE_TIMEOUT = 60;
  public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 1000;
  /** File descriptors kept for everything else (store, logs, action processes) when the cap is derived. */
  static final int RESERVED_DESCRIPTORS = 1000;

  static HttpLimits from(Section s) {
    return new HttpLimits(
        s.integer("request_head_timeout", DEFAULT_REQUEST_HEAD_TIMEOUT, 1, 3600),
        s.integer("body_idle_timeout", DEFAULT_BODY_IDLE_TIMEOUT, 1, 3600),
        s.integer("keep_alive_timeout", DEFAULT_KEEP_ALIVE_TIMEOUT, 1, 86_400),
        s.integer("max_connections", 0, 0, Integer.MAX_VALUE),
        s.integer("max_connections_per_address", DEFAULT_MAX_CONNECTIONS_PER_ADDRESS, 1, Integer.MAX_VALUE),
        s.list("trusted_proxies", ","));
  }

  /**
   * The cap on open connections: as configured, else half of what the file limit leaves. Connections over the
   * cap still take a descriptor from accept until they are closed; the other half absorbs a burst of them.
   */
  public int connectionCap(long fileLimit) {
    if (maxConnections > 0) {
      return maxConnections;
    }
    if (fileLimit <= 0) {
      return 10_000;
    }
    return (int) Math.max(100, Math.min(Integer.MAX_VALUE, (fileLimit - RESERVED_DESCRIPTORS) / 2));
  }
}
