package dev.squall.config;

/** {@code [scheduler]}. */
public record SchedulerConfig(int batchSize) {
  static SchedulerConfig from(Section s) {
    return new SchedulerConfig(s.integer("batch_size", 500, 1, 100_000));
  }
}
