package dev.squall.store.sqlite;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/** A promise completed on the Vert.x context of whoever created it (or directly, off Vert.x). */
final class Delivery<T> {
  private final Context context = Vertx.currentContext();
  private final Promise<T> promise = Promise.promise();

  Future<T> future() {
    return promise.future();
  }

  void succeed(T value) {
    if (context == null) {
      promise.tryComplete(value);
    } else {
      context.runOnContext(v -> promise.tryComplete(value));
    }
  }

  void fail(Throwable failure) {
    if (context == null) {
      promise.tryFail(failure);
    } else {
      context.runOnContext(v -> promise.tryFail(failure));
    }
  }
}
