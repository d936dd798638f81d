package dev.squall.gc;

import dev.squall.model.Collections;
import dev.squall.model.Kernel;
import dev.squall.store.Query;
import dev.squall.util.Times;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code gc} service (one active per deployment): purges expired datastore keys, expired tokens and
 * revocation records older than the longest token life (by then what they revoked has expired anyway), and every
 * {@code garbagecollector.collection_interval} what has outlived its {@code garbagecollector} TTL ({@link Purge}).
 */
public final class GarbageCollectorVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(GarbageCollectorVerticle.class);
  /** Expired keys are already invisible to readers; purging them is housekeeping. */
  public static final long DEFAULT_KEY_PURGE_INTERVAL_MS = 10_000;

  private final Kernel kernel;
  private long timer = -1;
  private long firstCollection = -1;
  private long collections = -1;
  private boolean collecting;

  public GarbageCollectorVerticle(Kernel kernel) {
    this.kernel = kernel;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(DEFAULT_KEY_PURGE_INTERVAL_MS, t -> {
      kernel.keys().purgeExpired()
          .onSuccess(n -> {
            if (n > 0) {
              LOG.debug("purged {} expired keys", n);
            }
          })
          .onFailure(e -> LOG.warn("expired keys not purged: {}", e.getMessage()));
      purgeCredentials();
    });
    var gc = kernel.config().garbagecollector();
    Purge purge = new Purge(vertx, kernel.store(), kernel.executions().counts(), gc);
    // like StackStorm, a first collection soon after start, then one per interval
    firstCollection = vertx.setTimer(Math.max(1, gc.sleepDelay()) * 1000L, t -> collect(purge));
    collections = vertx.setPeriodic(gc.collectionInterval() * 1000L, t -> collect(purge));
    return Future.succeededFuture();
  }

  private void collect(Purge purge) {
    if (collecting) {
      return; // the previous collection is still deleting
    }
    collecting = true;
    purge.run(java.time.Instant.now())
        .onSuccess(deleted -> deleted.forEach((collection, n) -> {
          if (n > 0) {
            LOG.info("gc: deleted {} {} past their TTL", n, collection);
          }
        }))
        .onFailure(e -> LOG.warn("gc: collection failed: {}", e.getMessage()))
        .onComplete(done -> collecting = false);
  }

  private void purgeCredentials() {
    java.time.Instant now = java.time.Instant.now();
    long longest = Math.max(kernel.config().auth().tokenTtl(), kernel.config().auth().serviceTokenTtl());
    Future.all(
            kernel.store().deleteMany(Collections.TOKENS, Query.where().between("expiry", null, Times.format(now))),
            kernel.store().deleteMany(Collections.TOKEN_REVOCATIONS,
                Query.where().between("revoked_at", null, Times.format(now.minusSeconds(longest + 60)))))
        .onFailure(e -> LOG.warn("expired tokens not purged: {}", e.getMessage()));
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    vertx.cancelTimer(firstCollection);
    vertx.cancelTimer(collections);
    return Future.succeededFuture();
  }
}
