package dev.squall.notifier;

import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;
import dev.squall.bus.Retry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code notifier} service: completed executions become action and notify trigger instances ({@link Notifier}). */
public final class NotifierVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(NotifierVerticle.class);
  /** A full event backlog delays a notification (100 ms more per attempt) but drops it only after 51 attempts. */
  private static final Retry DISPATCH_RETRY = new Retry(100, Long.MAX_VALUE, 51);

  private final Bus bus;
  private final Notifier notifier;
  private Bus.Registration work;

  public NotifierVerticle(Bus bus, Notifier notifier) {
    this.bus = bus;
    this.notifier = notifier;
  }

  @Override
  public Future<?> start() {
    work = bus.consume(Addresses.WORK_NOTIFY, execution -> DISPATCH_RETRY.run(vertx, () -> notifier.handle(execution))
        .recover(e -> {
          LOG.warn("notifications of execution {} not dispatched: {}", execution.getString("id"), e.getMessage());
          return Future.succeededFuture();
        }));
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return work.unregister();
  }
}
