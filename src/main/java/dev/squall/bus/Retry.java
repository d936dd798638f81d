package dev.squall.bus;

import dev.squall.error.Unavailable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.function.Supplier;

/**
 * A full backlog downstream, or a store that cannot write now ({@link Unavailable}), is back-pressure, not a
 * reason to drop work: the work is
 * tried again later, with a delay growing by {@code stepMs} per attempt up to {@code maxDelayMs}, at most
 * {@code maxAttempts} times in all. Any other failure, or the last {@code Unavailable}, fails the result.
 */
public record Retry(long stepMs, long maxDelayMs, int maxAttempts) {
  /**
   * For background work (a bus consumer, not an HTTP request) while the store refuses writes (disk full):
   * tried again, at most every 2 s, until the store takes it.
   */
  public static final Retry UNTIL_STORED = forever(100, 2000);

  /** Tries until it is accepted. */
  public static Retry forever(long stepMs, long maxDelayMs) {
    return new Retry(stepMs, maxDelayMs, Integer.MAX_VALUE);
  }

  public long delayBefore(int retry) {
    return Math.min(maxDelayMs, stepMs * retry);
  }

  /** Runs {@code work} until it does not fail with {@link Unavailable}, waiting on {@code vertx} timers. */
  public <T> Future<T> run(Vertx vertx, Supplier<Future<T>> work) {
    return attempt(vertx, work, 1);
  }

  private <T> Future<T> attempt(Vertx vertx, Supplier<Future<T>> work, int attempt) {
    return work.get().recover(e -> {
      if (!(e instanceof Unavailable) || attempt >= maxAttempts) {
        return Future.failedFuture(e);
      }
      Promise<T> later = Promise.promise();
      vertx.setTimer(delayBefore(attempt), t -> attempt(vertx, work, attempt + 1).onComplete(later));
      return later.future();
    });
  }
}
