package dev.squall.cluster;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/** Runs {@link Liveness} and {@link Outbox} every few seconds on the one node holding their lease. */
public final class LivenessVerticle extends VerticleBase {
  private static final long PERIOD_MS = 3000;
  private final Liveness liveness;
  private final Outbox outbox;
  private boolean sweeping;

  public LivenessVerticle(Liveness liveness, Outbox outbox) {
    this.liveness = liveness;
    this.outbox = outbox;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(PERIOD_MS, t -> {
      if (!sweeping) {
        sweeping = true;
        liveness.sweep().transform(done -> outbox.sweep()).onComplete(done -> sweeping = false);
      }
    });
    return Future.succeededFuture();
  }
}
