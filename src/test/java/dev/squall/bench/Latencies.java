package dev.squall.bench;

import java.util.Arrays;

/** Recorded latencies in nanoseconds; percentiles by sorting (runs are small enough to keep every sample). */
final class Latencies {
  private long[] samples = new long[1024];
  private int size;

  void add(long nanos) {
    if (size == samples.length) {
      samples = Arrays.copyOf(samples, size * 2);
    }
    samples[size++] = nanos;
  }

  long[] values() {
    return Arrays.copyOf(samples, size);
  }

  int size() {
    return size;
  }

  /** The p-th percentile (0..100) in milliseconds, or NaN without samples. */
  double percentileMillis(double p) {
    if (size == 0) {
      return Double.NaN;
    }
    long[] sorted = Arrays.copyOf(samples, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100.0 * size) - 1;
    return sorted[Math.max(0, Math.min(size - 1, rank))] / 1e6;
  }

  double maxMillis() {
    return percentileMillis(100);
  }
}
