package dev.squall.cluster;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Runs {@link Liveness} every few seconds on the one node holding its lease. */
public final class LivenessVerticle extends VerticleBase {
  private static final long PERIOD_MS = 3000;
  private final Liveness liveness;
  private boolean sweeping;

  public LivenessVerticle(Liveness liveness) {
    this.liveness = liveness;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(PERIOD_MS, t -> {
      if (!sweeping) {
        sweeping = true;
        liveness.sweep().onComplete(done -> sweeping = false);
      }
    });
    return Future.succeededFuture();
  }
}
