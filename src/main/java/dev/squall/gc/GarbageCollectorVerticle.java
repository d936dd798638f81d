package dev.squall.gc;

import dev.squall.config.GarbageCollectorConfig;
import dev.squall.keyvalue.KeyValueService;
import dev.squall.security.Tokens;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import java.time.Instant;
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

  private final GarbageCollectorConfig config;
  private final Purge purge;
  private final KeyValueService keys;
  private final Tokens tokens;
  private final Duration keepRevocations;
  private long timer = -1;
  private long firstCollection = -1;
  private long collections = -1;
  private boolean collecting;

  /** @param longestTokenLife the longest life a token can have (user or service token) */
  public GarbageCollectorVerticle(GarbageCollectorConfig config, Purge purge, KeyValueService keys, Tokens tokens,
      Duration longestTokenLife) {
    this.config = config;
    this.purge = purge;
    this.keys = keys;
    this.tokens = tokens;
    this.keepRevocations = longestTokenLife.plusSeconds(60);
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(DEFAULT_KEY_PURGE_INTERVAL_MS, t -> {
      keys.purgeExpired()
          .onSuccess(n -> {
            if (n > 0) {
              LOG.debug("purged {} expired keys", n);
            }
          })
          .onFailure(e -> LOG.warn("expired keys not purged: {}", e.getMessage()));
      tokens.purgeExpired(keepRevocations).onFailure(e -> LOG.warn("expired tokens not purged: {}", e.getMessage()));
    });
    // like StackStorm, a first collection soon after start, then one per interval
    firstCollection = vertx.setTimer(Math.max(1, config.sleepDelay()) * 1000L, t -> collect());
    collections = vertx.setPeriodic(config.collectionInterval() * 1000L, t -> collect());
    return Future.succeededFuture();
  }

  private void collect() {
    if (collecting) {
      return; // the previous collection is still deleting
    }
    collecting = true;
    purge.run(Instant.now())
        .onSuccess(deleted -> deleted.forEach((collection, n) -> {
          if (n > 0) {
            LOG.info("gc: deleted {} {} past their TTL", n, collection);
          }
        }))
        .onFailure(e -> LOG.warn("gc: collection failed: {}", e.getMessage()))
        .onComplete(done -> collecting = false);
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    vertx.cancelTimer(firstCollection);
    vertx.cancelTimer(collections);
    return Future.succeededFuture();
  }
}
