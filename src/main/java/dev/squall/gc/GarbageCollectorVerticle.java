package dev.squall.gc;

import dev.squall.model.Kernel;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code gc} service (one active per deployment): purges expired datastore keys. */
public final class GarbageCollectorVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollectorVerticle.class);
  /** Expired keys are already invisible to readers; purging them is housekeeping. */
  public static final long DEFAULT_KEY_PURGE_INTERVAL_MS = 10_000;

  private final Kernel kernel;
  private long timer = -1;

  public GarbageCollectorVerticle(Kernel kernel) {
    this.kernel = kernel;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(DEFAULT_KEY_PURGE_INTERVAL_MS, t -> kernel.keys().purgeExpired()
        .onSuccess(n -> {
          if (n > 0) {
            LOG.debug("purged {} expired keys", n);
          }
        })
        .onFailure(e -> LOG.warn("expired keys not purged: {}", e.getMessage())));
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }
}
