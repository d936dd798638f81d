package dev.squall.notifier;

import dev.squall.bus.Addresses;
import dev.squall.bus.Bus;
import dev.squall.model.Kernel;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The {@code notifier} service: completed executions become action and notify trigger instances. */
public final class NotifierVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(NotifierVerticle.class);

  private final Kernel kernel;
  private Bus.Registration work;

  public NotifierVerticle(Kernel kernel) {
    this.kernel = kernel;
  }

  @Override
  public Future<?> start() {
    Notifier notifier = new Notifier(kernel.dispatcher(), kernel.config().actionSensor().enable(), kernel::kvContext);
    work = kernel.bus().consume(Addresses.WORK_NOTIFY, execution -> notifier.handle(execution)
        .onFailure(e -> LOG.warn("notifications of execution {} not dispatched: {}", execution.getString("id"),
            e.getMessage())));
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return work == null ? Future.succeededFuture() : work.unregister();
  }
}
