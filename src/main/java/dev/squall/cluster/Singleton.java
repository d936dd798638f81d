package dev.squall.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service that runs on one node of a cluster at a time (timers, gc): every {@code period} the node tries to
 * take or renew the service's {@link Lease}; it deploys the service when it gets the lease and undeploys it when
 * it loses it. With a lease of 6 s tried every 2 s, a live node takes over within 8 s of the holder's death.
 */
public final class Singleton {
  private static final Logger LOG = LoggerFactory.getLogger(Singleton.class);

  private final Vertx vertx;
  private final Lease lease;
  private final Supplier<Future<String>> deploy;
  private final Function<String, Future<?>> undeploy;
  private final long periodMs;
  private long timer = -1;
  private String deployment;
  private boolean busy;
  private boolean stopped;

  public Singleton(Vertx vertx, Lease lease, Supplier<Future<String>> deploy, Function<String, Future<?>> undeploy,
      long periodMs) {
    this.vertx = vertx;
    this.lease = lease;
    this.deploy = deploy;
    this.undeploy = undeploy;
    this.periodMs = periodMs;
  }

  /** Tries at once, then every period. */
  public void start() {
    vertx.runOnContext(v -> tick());
    timer = vertx.setPeriodic(periodMs, t -> tick());
  }

  private void tick() {
    if (busy || stopped) {
      return;
    }
    busy = true;
    lease.tryHold()
        .compose(held -> {
          if (held && deployment == null) {
            LOG.info("cluster: this node now runs {} (lease taken)", lease.service());
            return deploy.get().map(id -> {
              deployment = id;
              return null;
            });
          }
          if (!held && deployment != null) {
            LOG.warn("cluster: lease of {} lost; stopping it on this node", lease.service());
            String id = deployment;
            deployment = null;
            return undeploy.apply(id).mapEmpty();
          }
          return Future.succeededFuture();
        })
        .onFailure(e -> LOG.warn("cluster: {} lease round failed: {}", lease.service(), e.getMessage()))
        .onComplete(done -> busy = false);
  }

  /** Stops trying, undeploys the service if it runs here, and gives the lease up for another node. */
  public Future<Void> stop() {
    stopped = true;
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    String id = deployment;
    deployment = null;
    Future<?> down = id == null ? Future.succeededFuture() : undeploy.apply(id);
    return down.transform(ignored -> lease.release());
  }
}
