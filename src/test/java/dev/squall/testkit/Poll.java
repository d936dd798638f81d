package dev.squall.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for an asynchronous effect by polling with a deadline, instead of sleeping "long enough". */
public final class Poll {
  /** How long a test waits for an effect before it fails: long, since the machine may be busy. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);
  private static final long INTERVAL_MS = 10;

  private Poll() {
  }

  /** Returns once {@code condition} holds; fails with {@code what} when it does not within the default timeout. */
  public static void until(String what, BooleanSupplier condition) {
    until(what, () -> condition.getAsBoolean(), ok -> ok);
  }

  /** The first value of {@code value} that {@code done} accepts; fails with the last value seen at the deadline. */
  public static <T> T until(String what, Supplier<T> value, Predicate<? super T> done) {
    long deadline = System.nanoTime() + DEFAULT_TIMEOUT.toNanos();
    while (true) {
      T seen = value.get();
      if (done.test(seen)) {
        return seen;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("timed out after " + DEFAULT_TIMEOUT.toSeconds() + " s waiting for " + what
            + "; last seen: " + seen);
      }
      try {
        Thread.sleep(INTERVAL_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted waiting for " + what, e);
      }
    }
  }
}
