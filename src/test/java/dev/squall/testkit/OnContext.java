package dev.squall.testkit;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Supplier;

/** Runs work on a Vert.x context, as a verticle would, from a test thread. */
public final class OnContext {
  private OnContext() {
  }

  /** Starts {@code work} on {@code context}; the result completes with the future it returns. */
  public static <T> Future<T> call(Context context, Supplier<Future<T>> work) {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> {
      try {
        work.get().onComplete(result);
      } catch (RuntimeException e) {
        result.fail(e);
      }
    });
    return result.future();
  }
}
