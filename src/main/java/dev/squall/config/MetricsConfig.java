package dev.squall.config;

/** {@code [metrics]}: whether the node keeps metrics and serves them on {@code GET /metrics}. */
public record MetricsConfig(boolean enable) {
  static MetricsConfig from(Section s) {
    return new MetricsConfig(s.bool("enable", true));
  }
}
